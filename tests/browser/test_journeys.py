"""Journeys through the portal in a real browser, as a visitor, a member's employee and the
secretariat would make them; and the catalogue and the interest form with the keyboard
alone. Selectors go by role and label, in Danish, as a screen reader user would find them.
"""

import re

import pytest
from playwright.sync_api import expect

from governance.models import Requirement
from governance.services import assessment_publish
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def region(page, name):
    return page.get_by_role("region", name=name, exact=True)


# 1. A visitor ----------------------------------------------------------------------------


@pytest.fixture
def rollekatalog(sample):
    """OS2rollekatalog at level 3 with a scorecard: green, yellow and not relevant."""
    product = factories.ProductFactory(
        name="OS2rollekatalog",
        slug="os2rollekatalog",
        tagline="Roller og rettigheder på tværs af systemer.",
        categories=[factories.CategoryFactory(name="Sikkerhed", slug="sikkerhed")],
    )
    level = factories.LevelFactory(rank=3)
    assessment = factories.AssessmentFactory(product=product, level=level)
    statuses = {"F1": "green", "G1": "yellow"}
    for requirement in Requirement.objects.filter(code__in=statuses):
        factories.AssessmentItemFactory(
            assessment=assessment, requirement=requirement, status=statuses[requirement.code]
        )
    assessment_publish(assessment=assessment)
    from catalogue.search import product_refresh_search

    product_refresh_search()
    return product


def test_visitor_filters_searches_with_a_typo_reads_a_scorecard_and_switches_to_english(
    page, sample, rollekatalog
):
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Produkter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Produkter")

    # Filter by level, then by category: each facet is a list of links with counts.
    region(page, "Niveau").get_by_role("link", name=re.compile(r"^Niveau 2")).click()
    expect(page).to_have_url(re.compile(r"level=2"))
    region(page, "Kategori").get_by_role("link", name=re.compile(r"^Data og integration")).click()
    results = page.get_by_role("region", name=re.compile(r"^\d+ produkt"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 produkt")
    expect(results.get_by_role("link", name="OS2mo")).to_be_visible()
    expect(results.get_by_role("link", name="OS2faktor")).to_have_count(0)

    # Search from the header with a typo.
    search = page.get_by_role("search").first
    search.get_by_label("Søg i portalen").fill("rolekatalog")
    search.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg i portalen")
    page.get_by_role("link", name="OS2rollekatalog").first.click()

    # The product page and its scorecard.
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2rollekatalog")
    governance = region(page, "Governance-niveau")
    expect(governance).to_contain_text("Vurderet til Niveau 3")
    scorecard = page.get_by_role("table", name=re.compile("Kravene og deres status"))
    expect(scorecard.get_by_role("row", name=re.compile(r"^F1 .* Grøn"))).to_be_visible()
    expect(scorecard.get_by_role("row", name=re.compile(r"^G1 .* Gul"))).to_be_visible()

    # Switch to English: the same product, in English.
    page.get_by_role("navigation", name="Sprog").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/produkter/os2rollekatalog/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2rollekatalog")
    scorecard = page.get_by_role("table", name=re.compile("requirements", re.IGNORECASE))
    expect(scorecard.get_by_role("row", name=re.compile(r"^F1 .* Green"))).to_be_visible()
