import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import Organisation
from members.population import PopulationFileError, PopulationRow, parse_population_csv
from members.reference import population_import
from tests.factories import OrganisationFactory

# The rows as the statbank.dk API gives them ("kode og tekst"), with its header.
API_EXPORT = (
    'OMRÅDE;TID;INDHOLD\n"000 Hele landet";"2025K1";"5961249"\n'
    '"084 Region Hovedstaden";"2025K1";"1906183"\n'
    '"101 København";"2025K1";"653664"\n"147 Frederiksberg";"2025K1";"104481"\n'
    '"411 Christiansø";"2025K1";"88"\n'
)


def rows(*pairs):
    return [(row.municipality_code, row.population, row.year) for row in pairs]


def test_parse_api_export_skips_country_regions_and_christiansoe():
    parsed = parse_population_csv(API_EXPORT.encode("utf-8"))

    assert rows(*parsed) == [(101, 653_664, 2025), (147, 104_481, 2025)]


def test_parse_keeps_line_numbers_and_names():
    parsed = parse_population_csv(API_EXPORT.encode("utf-8"))

    assert parsed[0] == PopulationRow(
        line=4, municipality_code=101, name="København", period="2025K1", population=653_664
    )


def test_parse_latin_1_with_title_line_and_no_header():
    data = '"Befolkningen den 1. i kvartalet";;\n"101 København";"2025K1";"653.664"\n'

    parsed = parse_population_csv(data.encode("latin-1"))

    assert (parsed[0].name, parsed[0].population) == ("København", 653_664)


def test_parse_utf8_with_bom_and_separate_code_column():
    data = "KOMKODE;KOMMUNE;TID;INDHOLD\r\n101;København;2025K1;653664\r\n"

    parsed = parse_population_csv(b"\xef\xbb\xbf" + data.encode("utf-8"))

    assert rows(*parsed) == [(101, 653_664, 2025)]


def test_parse_four_columns_without_header():
    parsed = parse_population_csv(b"101;Kobenhavn;2024;650 000\n")

    assert rows(*parsed) == [(101, 650_000, 2024)]


def test_parse_periods_as_columns_takes_the_latest():
    data = ';"2024K4";"2025K1"\n"101 København";"650000";"653664"\n'

    parsed = parse_population_csv(data.encode("utf-8"))

    assert rows(*parsed) == [(101, 653_664, 2025)]


def test_parse_several_periods_per_municipality_keeps_the_latest():
    data = '"101 København";"2025K1";"653664"\n"101 København";"2024K4";"650000"\n'

    parsed = parse_population_csv(data.encode("utf-8"))

    assert rows(*parsed) == [(101, 653_664, 2025)]


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        ('OMRÅDE;TID;INDHOLD\n"101 København";"2025K1";"65x664"\n', 2, "65x664"),
        ('"101 København";"2025K1";"653664"\n"147 Frederiksberg";"2025K1";".."\n', 2, "“..”"),
        ('"101 København";"2025K1";"653664"\n"147 Frederiksberg";"2025K1"\n', 2, "kolonner"),
        ('OMRÅDE;TID;INDHOLD\n\n"101 København";"2025K1"\n', 3, "mangler en kolonne"),
        ('OMRÅDE;INDHOLD\n"101 København";653664\n', 1, "tid"),
        ('"København";"2025K1";"653664"\n', 1, "kommunekode"),
        ('"101 København";"2025-01";"653664"\n', 1, "periode"),
        ('"101 København";"2025K1";"1"\n"101 København";"2025K1";"2"\n', 2, "to gange"),
        ("", 1, "ingen befolkningstal"),
    ],
    ids=[
        "bad number",
        "missing value",
        "too few fields",
        "missing column under header",
        "header without period",
        "no code",
        "bad period",
        "duplicate",
        "empty",
    ],
)
def test_parse_malformed_file_names_the_line(data, line, words):
    with pytest.raises(PopulationFileError) as error:
        parse_population_csv(data.encode("utf-8"))

    assert (error.value.line, words in str(error.value)) == (line, True)
    assert str(error.value).startswith(f"Linje {line}: ")


@pytest.fixture
def copenhagen_and_frederiksberg(db):
    return (
        OrganisationFactory(
            name="Københavns Kommune", municipality_code=101, population=632_340
        ),
        OrganisationFactory(
            name="Frederiksberg Kommune", municipality_code=147, population=104_481,
            population_year=2025,
        ),
    )  # fmt: skip


def figures():
    return list(
        Organisation.objects.order_by("municipality_code").values_list(
            "municipality_code", "population", "population_year"
        )
    )


def test_import_updates_and_reports_only_what_changed(copenhagen_and_frederiksberg):
    changes = population_import(rows=parse_population_csv(API_EXPORT.encode("utf-8")))

    assert [
        (c.organisation.municipality_code, c.old_population, c.old_year, c.new_population)
        for c in changes
    ] == [(101, 632_340, 2020, 653_664)]
    assert figures() == [(101, 653_664, 2025), (147, 104_481, 2025)]


def test_import_dry_run_reports_but_changes_nothing(copenhagen_and_frederiksberg):
    changes = population_import(rows=parse_population_csv(API_EXPORT.encode("utf-8")), dry_run=True)

    assert (len(changes), figures()) == (1, [(101, 632_340, 2020), (147, 104_481, 2025)])


def test_import_unknown_municipality_code_names_the_line_and_changes_nothing(
    copenhagen_and_frederiksberg,
):
    data = '"101 København";"2025K1";"653664"\n"999 Atlantis";"2025K1";"1000"\n'

    with pytest.raises(PopulationFileError) as error:
        population_import(rows=parse_population_csv(data.encode("utf-8")))

    assert error.value.line == 2
    assert figures() == [(101, 632_340, 2020), (147, 104_481, 2025)]


def test_command_prints_each_change(copenhagen_and_frederiksberg, tmp_path, capsys):
    export = tmp_path / "folk1a.csv"
    export.write_bytes(API_EXPORT.encode("utf-8"))

    call_command("import_population", str(export), skip_checks=True)

    assert capsys.readouterr().out.splitlines() == [
        "101 Københavns Kommune: 632.340 (2020) → 653.664 (2025)",
        "1 af 2 kommuner fik nye befolkningstal.",
    ]


def test_command_rejects_bad_file_with_line_number_and_changes_nothing(
    copenhagen_and_frederiksberg, tmp_path
):
    export = tmp_path / "folk1a.csv"
    export.write_bytes(b'"101 K\xf8benhavn";"2025K1";"653664"\n"147 Frederiksberg";"x";"1"\n')

    with pytest.raises(CommandError) as error:
        call_command("import_population", str(export), skip_checks=True)

    assert "Linje 2" in str(error.value)
    assert figures() == [(101, 632_340, 2020), (147, 104_481, 2025)]
