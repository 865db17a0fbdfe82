"""CSV files for people who open them in Excel: the one writer for exports and admin actions."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Danish Excel splits CSV on semicolons (the comma is the decimal separator), and it reads
# UTF-8 only after a byte order mark; with both, æ, ø and å come out right.
CSV_DELIMITER = ";"
BOM = "\ufeff"


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment with a BOM, semicolons and CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
