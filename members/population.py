"""Parse population figures from a Statistics Denmark (Danmarks Statistik) CSV export.

A pure function from bytes to plain data: no database. ``members.reference.population_import``
applies the rows. The accepted shapes, all semicolon-separated (a comma or tab is also
accepted when the file has no semicolon), in UTF-8 (with or without BOM) or Latin-1:

1. The statbank.dk API / "kode og tekst" download, one row per area and period, with or
   without a header line (``OMRÅDE;TID;INDHOLD``)::

       "101 København";"2025K1";"653664"

2. The same with the code in a column of its own (header optional)::

       101;København;2025K1;653664

3. A table with the periods as columns (the header names the periods; the latest is used)::

       OMRÅDE;2024K4;2025K1
       101 København;650000;653664

Title lines with a single field before the data are skipped, and so are the rows for the
whole country ("000 Hele landet"), the regions (codes below 100) and Christiansø (411),
which is not a municipality. Numbers may use a dot or a space as thousands separator. The
period is a year (``2025``) or a quarter (``2025K1``); a quarter's figure is the
population on its first day, so ``2025K1`` counts as the year 2025. When a municipality
appears for several periods, the latest wins.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Areas in FOLK1A that are not municipalities.
CHRISTIANSOE = 411
_PERIOD = re.compile(r"^(\d{4})(?:K([1-4]))?$")
_NUMBER = re.compile(r"^\d{1,3}(?:[. ]\d{3})+$|^\d+$")
_AREA = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_AREA_HEADERS = {"område", "omraade", "omrade", "kommune", "area"}
_CODE_HEADERS = {"kode", "kommunekode", "code", "komkode"}
_NAME_HEADERS = {"navn", "kommunenavn", "name"}
_PERIOD_HEADERS = {"tid", "periode", "kvartal", "år", "aar", "time"}
_VALUE_HEADERS = {"indhold", "befolkning", "antal", "folketal", "value", "population"}


@dataclass(frozen=True)
class PopulationRow:
    line: int
    municipality_code: int
    name: str
    period: str
    population: int

    @property
    def year(self) -> int:
        return int(_PERIOD.match(self.period).group(1))


class PopulationFileError(ValueError):
    """A malformed file; ``line`` is the 1-based line number where it went wrong."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(_("Linje %(line)s: %(message)s") % {"line": line, "message": message})


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    for delimiter in (";", "\t", ","):
        if delimiter in text:
            return delimiter
    return ";"


def _number(value: str, line: int) -> int:
    value = value.strip().replace("\xa0", " ")
    if not _NUMBER.match(value):
        raise PopulationFileError(
            line, _("“%(value)s” er ikke et befolkningstal (et helt tal).") % {"value": value}
        )
    return int(value.replace(".", "").replace(" ", ""))


def _period(value: str, line: int) -> str:
    value = value.strip()
    if not _PERIOD.match(value):
        raise PopulationFileError(
            line, _("“%(value)s” er ikke en periode som 2025 eller 2025K1.") % {"value": value}
        )
    return value


def _period_key(period: str) -> tuple[int, int]:
    match = _PERIOD.match(period)
    return int(match.group(1)), int(match.group(2) or 0)


def _area(value: str, line: int) -> tuple[int, str]:
    """``"101 København"`` → (101, "København"); "Hele landet" without a code → (0, …)."""
    value = value.strip()
    match = _AREA.match(value)
    if match:
        return int(match.group(1)), match.group(2).strip()
    if value.casefold() == "hele landet":
        return 0, value
    raise PopulationFileError(
        line,
        _("“%(value)s” har ingen kommunekode; eksportér med “kode og tekst”, fx “101 København”.")
        % {"value": value},
    )


def _code(value: str, line: int) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 3:
        raise PopulationFileError(line, _("“%(value)s” er ikke en kommunekode.") % {"value": value})
    return int(value)


def _is_header(fields: list[str]) -> bool:
    names = {field.strip().casefold() for field in fields}
    known = _AREA_HEADERS | _CODE_HEADERS | _NAME_HEADERS | _PERIOD_HEADERS | _VALUE_HEADERS
    # A table with periods as columns may leave the area column's heading empty.
    periods_as_columns = not fields[0].strip() and any(
        _PERIOD.match(field.strip()) for field in fields[1:]
    )
    return bool(names & known) or periods_as_columns


def _column(header: list[str], names: set[str]) -> int | None:
    for index, field in enumerate(header):
        if field.strip().casefold() in names:
            return index
    return None


def parse_population_csv(data: bytes) -> list[PopulationRow]:
    """The municipalities' population figures in a DST export, one row per municipality.

    Raises ``PopulationFileError`` with the line number on the first malformed line.
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    lines = [(number, fields) for number, fields in enumerate(reader, start=1)]
    lines = [(n, f) for n, f in lines if any(field.strip() for field in f)]
    # Title lines before the table: text in the first field only.
    while lines and not any(field.strip() for field in lines[0][1][1:]):
        lines.pop(0)
    if not lines:
        raise PopulationFileError(1, _("Filen indeholder ingen befolkningstal."))

    parse_line = _long_format_parser(None)
    first_line, first_fields = lines[0]
    if _is_header(first_fields):
        lines.pop(0)
        parse_line = _parser_for_header(first_fields, first_line)

    latest: dict[int, PopulationRow] = {}
    for number, fields in lines:
        for row in parse_line(number, fields):
            if row.municipality_code < 100 or row.municipality_code == CHRISTIANSOE:
                continue
            previous = latest.get(row.municipality_code)
            if previous and previous.period == row.period:
                raise PopulationFileError(
                    number,
                    _("Kommunekode %(code)s står to gange for %(period)s (også linje %(other)s).")
                    % {"code": row.municipality_code, "period": row.period, "other": previous.line},
                )
            if previous is None or _period_key(row.period) > _period_key(previous.period):
                latest[row.municipality_code] = row
    if not latest:
        raise PopulationFileError(lines[-1][0] if lines else 1, _("Filen nævner ingen kommuner."))
    return sorted(latest.values(), key=lambda row: row.municipality_code)


def _long_format_parser(columns: dict[str, int] | None):
    """Rows of (area, period, value) or (code, name, period, value)."""

    def parse(number: int, fields: list[str]):
        if columns is None:
            if len(fields) == 3:
                layout = {"area": 0, "period": 1, "value": 2}
            elif len(fields) == 4:
                layout = {"code": 0, "name": 1, "period": 2, "value": 3}
            else:
                raise PopulationFileError(
                    number,
                    _("Forventede 3 kolonner (område, tid, antal) eller 4 (kode, navn, tid, "
                      "antal), men fandt %(count)s.") % {"count": len(fields)},
                )  # fmt: skip
        else:
            layout = columns
        width = max(layout.values()) + 1
        if len(fields) < width:
            raise PopulationFileError(
                number,
                _("Der mangler en kolonne: forventede %(expected)s, men fandt %(count)s.")
                % {"expected": width, "count": len(fields)},
            )
        if "code" in layout:
            code = _code(fields[layout["code"]], number)
            name = fields[layout["name"]].strip() if "name" in layout else ""
        else:
            code, name = _area(fields[layout["area"]], number)
        yield PopulationRow(
            line=number,
            municipality_code=code,
            name=name,
            period=_period(fields[layout["period"]], number),
            population=_number(fields[layout["value"]], number),
        )

    return parse


def _parser_for_header(header: list[str], line: int):
    period_columns = [
        (index, field.strip()) for index, field in enumerate(header) if _PERIOD.match(field.strip())
    ]
    if period_columns:
        return _wide_format_parser(header, period_columns, line)
    columns = {
        "area": _column(header, _AREA_HEADERS),
        "code": _column(header, _CODE_HEADERS),
        "name": _column(header, _NAME_HEADERS),
        "period": _column(header, _PERIOD_HEADERS),
        "value": _column(header, _VALUE_HEADERS),
    }
    for needed in ("period", "value"):
        if columns[needed] is None:
            raise PopulationFileError(
                line,
                _("Overskriften mangler kolonnen for %(column)s.")
                % {"column": _("tid") if needed == "period" else _("antal")},
            )
    if columns["area"] is None and columns["code"] is None:
        raise PopulationFileError(line, _("Overskriften mangler kolonnen for område eller kode."))
    if columns["code"] is not None:
        columns.pop("area")
    return _long_format_parser({key: index for key, index in columns.items() if index is not None})


def _wide_format_parser(header: list[str], period_columns: list[tuple[int, str]], line: int):
    """A table with one column per period: take the latest period's column."""
    value_index, period = max(period_columns, key=lambda column: _period_key(column[1]))
    code_index = _column(header, _CODE_HEADERS)
    area_index = _column(header, _AREA_HEADERS)
    if area_index is None and code_index is None:
        area_index = 0

    def parse(number: int, fields: list[str]):
        if len(fields) <= value_index:
            raise PopulationFileError(
                number,
                _("Der mangler en kolonne: forventede %(expected)s, men fandt %(count)s.")
                % {"expected": value_index + 1, "count": len(fields)},
            )
        if code_index is not None:
            code, name = _code(fields[code_index], number), ""
        else:
            code, name = _area(fields[area_index], number)
        yield PopulationRow(
            line=number,
            municipality_code=code,
            name=name,
            period=period,
            population=_number(fields[value_index], number),
        )

    return parse
