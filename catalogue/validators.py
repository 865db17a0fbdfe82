from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def validate_cvr(value: str) -> None:
    """A Danish CVR number: eight digits, the first not 0, passing the modulus-11 check."""
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        raise ValidationError(_("Et CVR-nummer er otte cifre, fx 12345674."), code="cvr_format")
    if sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("CVR-nummeret %(value)s findes ikke (kontrolcifferet passer ikke)."),
            params={"value": value},
            code="cvr_checksum",
        )
