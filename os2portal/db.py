"""Danish alphabetical order without ICU and without an OS locale.

PostgreSQL's embedded cluster has no ICU, and a server's OS may lack ``da_DK``. Names are
therefore ordered by ``danish_sort_key(text)``, an immutable SQL function created by the
members app's migrations, compared in the "C" collation: æ, ø and å (and ä, ö, aa) are
mapped onto the three code points just after "z", accents are folded and case is ignored,
so that ``… x, y, z, æ, ø, å`` holds on every machine.
"""

from django.db.models import F, Func, TextField

SORT_KEY_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION danish_sort_key(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(
    lower(translate(
        value,
        'ÆØÅæøåÄÖäöÜüÉÈÊËéèêëÁÀÂáàâÍÌÎíìîÓÒÔóòôÚÙÛúùûÝýÇçÑñ',
        '{|}{|}{|{|yyeeeeeeeeaaaaaaiiiiiioooooouuuuuuyyccnn'
    )),
    'aa', '}'
) COLLATE "C";
"""
SORT_KEY_FUNCTION_DROP_SQL = "DROP FUNCTION IF EXISTS danish_sort_key(text);"


class DanishSortKey(Func):
    """``danish_sort_key(expression)``: order_by(DanishSortKey("name")) sorts the Danish way."""

    function = "danish_sort_key"
    output_field = TextField()

    def __init__(self, expression, **extra):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, **extra)


def danish_sort_key(value: str) -> str:
    """The same key in Python, for sorting lists that are already in memory."""
    table = str.maketrans(
        "ÆØÅæøåÄÖäöÜüÉÈÊËéèêëÁÀÂáàâÍÌÎíìîÓÒÔóòôÚÙÛúùûÝýÇçÑñ",
        "{|}{|}{|{|yyeeeeeeeeaaaaaaiiiiiioooooouuuuuuyyccnn",
    )
    return value.translate(table).lower().replace("aa", "}")
