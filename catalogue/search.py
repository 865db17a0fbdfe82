"""The stored Danish full-text document of each product.

The document joins the product's own text with the names of its categories and
suppliers and the systems it replaces, weighted so that the name counts most. It spans
several tables, so it is kept by this service rather than by a generated column: call
``product_refresh_search`` after any write that changes one of those texts.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.models import Product
from catalogue.querysets import SEARCH_CONFIG

# ts_headline marks matches with these control characters, which never occur in the
# portal's texts; highlight_html escapes the text first and then turns them into <mark>.
MARK_START = "\x02"
MARK_STOP = "\x03"
HEADLINE_OPTIONS = {"start_sel": MARK_START, "stop_sel": MARK_STOP}

MAX_QUERY_LENGTH = 200
_ALTERNATIVE_TO = re.compile(
    r"^(?:alternativ(?:er)?\s+til|alternatives?\s+to)\s+(?P<system>.+)$", re.IGNORECASE
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[str, ...]
    alternative_to: str = ""

    @property
    def prefix_tsquery(self) -> str:
        """Every word as a prefix, all required: "rollek kat" -> "rollek:* & kat:*"."""
        return " & ".join(f"{word}:*" for word in self.words)


def parse_query(text: str) -> ParsedQuery:
    """Normalise a search box's text; recognise "alternativ til <system>"."""
    # NUL cannot reach PostgreSQL's text; the headline marks are the portal's own.
    text = (text or "").replace("\x00", " ").replace(MARK_START, "").replace(MARK_STOP, "")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    match = _ALTERNATIVE_TO.match(text)
    if match:
        system = match.group("system").strip()
        return ParsedQuery(text=text, words=tuple(_WORD.findall(system)), alternative_to=system)
    return ParsedQuery(text=text, words=tuple(_WORD.findall(text)))


def highlight_html(headline: str) -> SafeString:
    """A headline as HTML: everything escaped, the matches wrapped in <mark>."""
    escaped = escape(headline or "")
    # Escaped above; only the marks are markup.
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


_REFRESH_SQL = f"""
UPDATE catalogue_product AS p SET search_vector =
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.name, '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.tagline, '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}',
           array_to_string(p.alternative_to, ' ')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
           SELECT string_agg(c.name, ' ')
           FROM catalogue_category c
           JOIN catalogue_product_categories pc ON pc.category_id = c.id
           WHERE pc.product_id = p.id), '')), 'C')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
           SELECT string_agg(DISTINCT s.name, ' ')
           FROM catalogue_supplier s
           JOIN catalogue_supplierrole r ON r.supplier_id = s.id
           WHERE r.product_id = p.id), '')), 'C')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.description, '')), 'D')
"""


def product_refresh_search(*, product_ids=None) -> None:
    """Rebuild the search document of the given products (all products when None)."""
    with connection.cursor() as cursor:
        if product_ids is None:
            cursor.execute(_REFRESH_SQL)
        else:
            ids = list(product_ids)
            if ids:
                cursor.execute(_REFRESH_SQL + " WHERE p.id = ANY(%s)", [ids])


def products_refresh_search_for_supplier(*, supplier_id: int) -> None:
    product_ids = Product.objects.filter(supplier_roles__supplier_id=supplier_id).values_list(
        "pk", flat=True
    )
    product_refresh_search(product_ids=product_ids)


def products_refresh_search_for_category(*, category_id: int) -> None:
    product_ids = Product.objects.filter(categories__pk=category_id).values_list("pk", flat=True)
    product_refresh_search(product_ids=product_ids)
