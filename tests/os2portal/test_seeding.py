import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import Fee, Initiative, Product
from governance.models import Level, Requirement
from members.models import EmailDomain, Organisation, Region, SizeTier
from os2portal import seeding

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    """Rows per table in the three apps, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "catalogue", "governance"}
    }


def test_load_reference_data_loads_regions_municipalities_tiers_and_levels():
    seeding.load_reference_data()

    assert (
        Region.objects.count(),
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count(),
        SizeTier.objects.count(),
        Level.objects.count(),
        Requirement.objects.count(),
    ) == (5, 98, 4, 4, 46)
    copenhagen = Organisation.objects.get(municipality_code=101)
    assert (
        copenhagen.name,
        copenhagen.slug,
        copenhagen.region.name,
        copenhagen.population,
        copenhagen.population_year,
        copenhagen.website,
    ) == (
        "Københavns Kommune",
        "koebenhavns-kommune",
        "Region Hovedstaden",
        632_340,
        2020,
        "https://www.kk.dk",
    )
    assert list(SizeTier.objects.values_list("number", "max_population")) == [
        (1, 24_999),
        (2, 60_000),
        (3, 120_000),
        (4, None),
    ]


def test_load_reference_data_gives_both_mail_domains_where_they_differ():
    seeding.load_reference_data()

    domains = EmailDomain.objects.filter(organisation__municipality_code=151)
    assert sorted(domains.values_list("domain", flat=True)) == ["balk.dk", "ballerup.dk"]
    assert EmailDomain.objects.count() == 106


def test_load_reference_data_takes_the_checklist_from_the_template():
    seeding.load_reference_data()

    checked = {
        code: (requirement.level.rank, requirement.theme, requirement.recommended_only)
        for code in ["F1", "F2", "G1", "G3", "G5", "G6", "F17", "G12", "G14", "G7"]
        for requirement in [Requirement.objects.select_related("level").get(code=code)]
    }
    assert checked == {
        "F1": (0, "form", False),
        "F2": (0, "form", False),
        "G1": (1, "governance", False),
        "G3": (1, "governance", False),
        "G5": (2, "governance", False),
        "G6": (2, "governance", False),
        "F17": (2, "form", False),
        "G12": (3, "governance", False),
        "G14": (3, "governance", False),
        "G7": (2, "governance", True),
    }


def test_load_reference_data_keeps_a_newer_imported_population():
    seeding.load_reference_data()
    Organisation.objects.filter(municipality_code=101).update(
        population=653_664, population_year=2025
    )

    seeding.load_reference_data()

    copenhagen = Organisation.objects.get(municipality_code=101)
    assert (copenhagen.population, copenhagen.population_year) == (653_664, 2025)


def test_seed_demo_twice_gives_the_same_data():
    seeding.seed_demo()
    counts = row_counts()
    updated = dict(Product.objects.values_list("slug", "updated_at"))

    seeding.seed_demo()

    assert row_counts() == counts
    assert dict(Product.objects.values_list("slug", "updated_at")) == updated


def test_seed_demo_loads_the_facts_and_marks_the_invented():
    seeding.seed_demo()

    os2mo = Product.objects.get(slug="os2mo")
    assert (os2mo.repository_url, os2mo.current_level_rank) == (
        "https://github.com/OS2mo/os2mo",
        3,
    )
    assert list(
        Fee.objects.filter(product__slug="os2valghalla", year=2023)
        .order_by("size_tier__number")
        .values_list("base_annual_fee", flat=True)
    ) == [22_000, 32_000, 42_000, 52_000]
    valghalla = Initiative.objects.with_interest_totals().get(slug="os2valghalla-3-0")
    assert (valghalla.budget_target, valghalla.interest_count, valghalla.pledged_total) == (
        3_200_000,
        21,
        3_150_000,
    )
    assert all(
        note.startswith("Demodata") for note in valghalla.interests.values_list("note", flat=True)
    )
    assert Organisation.objects.members().count() == 70
    assert Initiative.objects.open().filter(deadline__gt=timezone.localdate()).count() == 2
    assert Product.objects.get(slug="os2borgerpc").licence == "GPL-3.0-only"
    assert Product.objects.filter(search_vector__isnull=True).count() == 0


def test_seed_demo_command_if_empty_does_nothing_on_a_database_with_data(capsys):
    Organisation.objects.create(
        name="Testrup Kommune", slug="testrup-kommune", kind=Organisation.Kind.OTHER
    )

    call_command("seed_demo", if_empty=True, skip_checks=True)

    assert Product.objects.count() == 0
    assert capsys.readouterr().out.strip() == "Databasen har allerede data; demodata indlæses ikke."


def test_demo_fee_years_are_last_year_and_this_year():
    assert seeding.catalogue_demo.demo_fee_years(datetime.date(2026, 11, 27)) == [2025, 2026]


def test_load_reference_data_restores_a_changed_municipality():
    seeding.load_reference_data()
    Organisation.objects.filter(municipality_code=751).update(name="Århus Kommune", website="")

    seeding.load_reference_data()

    aarhus = Organisation.objects.get(municipality_code=751)
    assert (aarhus.name, aarhus.website) == ("Aarhus Kommune", "https://www.aarhus.dk")
