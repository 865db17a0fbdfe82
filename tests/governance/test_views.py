import itertools
import re

import pytest

from governance.models import Requirement
from tests.factories import LevelFactory, ProductFactory, RequirementFactory, create_levels

pytestmark = pytest.mark.django_db


def test_in_theme_order_follows_the_checklist_r_f_s_g():
    level = LevelFactory(rank=1)
    for code, theme in [("G1", "governance"), ("S1", "strategy"), ("R1", "relevance")]:
        RequirementFactory(code=code, theme=theme, level=level)
    RequirementFactory(code="F1", theme="form", level=level)

    codes = [requirement.code for requirement in Requirement.objects.in_theme_order()]

    assert codes == ["R1", "F1", "S1", "G1"]


def test_governance_index_shows_levels_in_order_with_their_requirements(client):
    sandbox, level_1, _level_2, level_3 = create_levels()
    RequirementFactory(code="F2", level=sandbox, text="En OSI-godkendt licens.")
    RequirementFactory(code="G3", theme="governance", level=level_1, text="En produktkoordinator.")
    RequirementFactory(
        code="G14",
        theme="governance",
        level=level_3,
        text="Et brugerforum.",
        recommended_only=True,
    )

    response = client.get("/governance/")

    assert response.status_code == 200
    text = response.text
    assert [level.rank for level, _products in response.context["levels_with_products"]] == [
        0,
        1,
        2,
        3,
    ]
    assert text.index('id="level-sandkasse"') < text.index("En OSI-godkendt licens.")
    assert text.index("En OSI-godkendt licens.") < text.index('id="level-niveau-1"')
    assert text.index('id="level-niveau-1"') < text.index("En produktkoordinator.")
    assert text.index('id="level-niveau-3"') < text.index("Et brugerforum.")
    assert '<span class="badge recommended">Anbefaling</span>' in text
    assert '<th scope="rowgroup" colspan="3">Governance</th>' in text


def test_governance_index_explains_how_an_assessment_works(client):
    response = client.get("/governance/")

    assert "Sådan vurderes et produkt" in response.text
    assert "grønt (opfyldt), gult" in response.text
    assert "styregruppe" in response.text
    assert "„følg eller forklar“" in response.text


def test_governance_index_lists_the_products_at_each_level(client):
    create_levels()
    ProductFactory(name="OS2mo", current_level_rank=2)
    ProductFactory(name="OS2faktor", current_level_rank=2)
    ProductFactory(name="OS2loop", current_level_rank=0)
    ProductFactory(name="Uvurderet", current_level_rank=None)

    response = client.get("/governance/")

    assert {
        level.rank: [product.name for product in products]
        for level, products in response.context["levels_with_products"]
    } == {0: ["OS2loop"], 1: [], 2: ["OS2faktor", "OS2mo"], 3: []}
    assert "<h3>2 produkter på niveauet</h3>" in response.text
    assert "Uvurderet" not in response.text


def test_governance_index_has_one_h1_and_ordered_headings(client):
    create_levels()
    RequirementFactory(level=LevelFactory(rank=0))

    response = client.get("/governance/")

    text = response.text
    assert text.count("<h1>") == 1
    assert text.index("<h1>") < text.index("<h2") < text.index("<h3>")


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_governance_index_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    levels = create_levels()
    for number in range(rows):
        level = levels[number % 4]
        RequirementFactory(code=f"G{number}", theme="governance", level=level)
        ProductFactory(current_level_rank=level.rank)

    with django_assert_num_queries(3):
        response = client.get("/governance/")

    assert response.status_code == 200


def test_level_page_lists_every_requirement_that_applies_and_its_products(client):
    sandbox, level_1, level_2, _level_3 = create_levels()
    RequirementFactory(code="F1", level=sandbox, text="Offentligt repository.")
    RequirementFactory(code="G3", theme="governance", level=level_1, text="Koordinator.")
    RequirementFactory(code="G5", theme="governance", level=level_2, text="Bestyrelsen.")
    ProductFactory(name="OS2kitos", current_level_rank=1)
    ProductFactory(name="OS2mo", current_level_rank=2)

    response = client.get("/governance/niveau-1/")

    assert response.status_code == 200
    assert [r.code for r in response.context["requirements"]] == ["F1", "G3"]
    assert [p.name for p in response.context["products"]] == ["OS2kitos"]
    assert "Bestyrelsen." not in response.text
    assert '<a href="/governance/sandkasse/">Sandkasse</a>' in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_level_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    levels = create_levels()
    for number in range(rows):
        RequirementFactory(code=f"G{number}", theme="governance", level=levels[number % 4])
        ProductFactory(current_level_rank=3)

    with django_assert_num_queries(4):
        response = client.get("/governance/niveau-3/")

    assert len(response.context["products"]) == rows


def test_level_page_answers_404_for_an_unknown_level(client):
    assert client.get("/governance/niveau-9/").status_code == 404


def test_governance_pages_in_english_use_the_english_texts(client):
    level = LevelFactory(rank=1, name_en="Level 1")
    RequirementFactory(level=level, text="Koden er offentlig.", text_en="The code is public.")
    RequirementFactory(code="G3", theme="governance", level=level, text="En koordinator.")

    index = client.get("/en/governance/")
    level_page = client.get("/en/governance/niveau-1/")

    assert '<html lang="en">' in index.text
    assert "How a product is assessed" in index.text
    assert "“Comply or explain” applies" in index.text
    assert "The code is public." in index.text
    assert "Koden er offentlig." not in index.text
    # A requirement without English text is shown in Danish, marked as Danish.
    assert '<span lang="da">En koordinator.</span>' in index.text
    assert "<h1>Level 1</h1>" in level_page.text
    assert "<title>Level 1 ·" in level_page.text


def assert_accessible_outline(html):
    """One h1, headings that never skip a level going down, and no inline style (CSP)."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert " style=" not in html
    assert "<script>" not in html


def test_governance_pages_have_an_accessible_outline(client):
    levels = create_levels()
    RequirementFactory(level=levels[1])
    ProductFactory(current_level_rank=1)

    assert_accessible_outline(client.get("/governance/").text)
    assert_accessible_outline(client.get("/governance/niveau-1/").text)
