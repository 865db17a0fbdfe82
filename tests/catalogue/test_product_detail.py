import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from catalogue.models import Usage
from tests.factories import (
    AffiliationFactory,
    AssessmentFactory,
    AssessmentItemFactory,
    CategoryFactory,
    FeeFactory,
    FeePolicyFactory,
    LevelFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    RequirementFactory,
    SupplierRoleFactory,
    UsageFactory,
    UserFactory,
    WorkingGroupFactory,
    create_standard_size_tiers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    # A request under /en/ leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


THIS_YEAR = timezone.localdate().year


def url(product) -> str:
    return f"/produkter/{product.slug}/"


def published(**kwargs):
    return AssessmentFactory(published=True, published_at=timezone.now(), **kwargs)


def test_scorecard_shows_each_requirement_with_status_and_evidence(client):
    product = ProductFactory(current_level_rank=2)
    older = published(
        product=product, level=LevelFactory(rank=1), assessed_on=datetime.date(2022, 1, 5)
    )
    latest = published(
        product=product, level=LevelFactory(rank=2), assessed_on=datetime.date(2025, 3, 1)
    )
    AssessmentItemFactory(
        assessment=latest,
        requirement=RequirementFactory(code="F1", level=LevelFactory(rank=0)),
        status="green",
        evidence_url="https://github.com/OS2/eksempel",
    )
    AssessmentItemFactory(
        assessment=latest, requirement=RequirementFactory(code="G6"), status="red"
    )
    AssessmentItemFactory(assessment=older, requirement=RequirementFactory(code="G3"))
    AssessmentFactory(product=product, level=LevelFactory(rank=3), published=False)

    response = client.get(url(product))

    assert [item.requirement.code for item in response.context["assessment_items"]] == [
        "F1",
        "G6",
    ]
    assert [past.level.rank for past in response.context["level_history"]] == [2, 1]
    assert 'class="status status-green">Grøn' in response.text
    assert 'class="status status-red">Rød' in response.text
    assert 'href="https://github.com/OS2/eksempel"' in response.text
    assert "1. marts 2025" in response.text


def test_fees_per_tier_for_members_and_non_members(client):
    product = ProductFactory()
    FeePolicyFactory(valid_from_year=2020)
    tiers = create_standard_size_tiers()
    for tier, base in zip(tiers, [22_000, 32_000, 42_000, 52_000], strict=True):
        FeeFactory(product=product, year=THIS_YEAR, size_tier=tier, base_annual_fee=base)

    response = client.get(url(product))

    rows = response.context["fee_rows"]
    assert [row.member.annual_fee for row in rows] == [23_980, 34_880, 45_780, 56_680]
    assert [row.non_member.annual_fee for row in rows] == [29_700, 43_200, 56_700, 70_200]
    assert "23.980 kr." in response.text


def test_signed_in_member_sees_own_organisation_fee(client):
    product = ProductFactory()
    FeePolicyFactory(valid_from_year=2020)
    tiers = create_standard_size_tiers()
    FeeFactory(product=product, year=THIS_YEAR, size_tier=tiers[1], base_annual_fee=32_000)
    organisation = OrganisationFactory(name="Testrup Kommune", population=40_000)
    user = UserFactory()
    AffiliationFactory(user=user, organisation=organisation)
    client.force_login(user)

    response = client.get(url(product))

    assert response.context["own_fee"].annual_fee == 34_880
    assert "Pris for Testrup Kommune" in response.text
    assert "34.880 kr." in response.text


def test_anonymous_reader_sees_no_own_fee(client):
    product = ProductFactory()

    response = client.get(url(product))

    assert "own_fee" not in response.context


def test_private_coordinator_email_is_never_shown(client):
    product = ProductFactory(
        coordinator_name="Kirsten Koordinator",
        coordinator_email="kirsten@kommune.dk",
        coordinator_public=False,
    )

    response = client.get(url(product))

    assert "Kirsten Koordinator" in response.text
    assert "kirsten@kommune.dk" not in response.text


def test_public_coordinator_email_is_shown(client):
    product = ProductFactory(
        coordinator_name="Kim", coordinator_email="kim@os2.eu", coordinator_public=True
    )

    response = client.get(url(product))

    assert 'href="mailto:kim@os2.eu"' in response.text


def test_users_by_status_and_region_and_suppliers_by_role(client):
    product = ProductFactory()
    north = RegionFactory(code=1081)
    UsageFactory(product=product, organisation__name="Aalborg Kommune", organisation__region=north)
    UsageFactory(product=product, organisation__name="Hjørring Kommune", organisation__region=north)
    UsageFactory(product=product, status=Usage.Status.EVALUATING)
    SupplierRoleFactory(
        product=product,
        supplier__name="Magenta ApS",
        role="operation",
        contract_until=datetime.date(2027, 12, 31),
    )

    response = client.get(url(product))

    assert response.context["user_count"] == 2
    assert response.context["users_by_region"] == [("Region Nordjylland", 2)]
    assert [label for label, _group in response.context["usages_by_status"]] == [
        "I brug",
        "Vurderer",
    ]
    assert [label for label, _group in response.context["roles_by_kind"]] == ["Hosting og drift"]
    assert "31. december 2027" in response.text


def test_adoption_chart_is_svg_with_a_table(client):
    product = ProductFactory()
    for year in (2021, 2021, 2023):
        UsageFactory(product=product, since=datetime.date(year, 5, 1))

    response = client.get(url(product))

    bars = response.context["adoption"]
    assert [(bar.year, bar.count) for bar in bars][:3] == [(2021, 2), (2022, 2), (2023, 3)]
    assert '<svg class="bar-chart"' in response.text
    assert 'role="img"' in response.text
    assert "<caption>Anvendere over tid</caption>" in response.text
    assert "style=" not in response.text


def test_description_markdown_is_rendered_and_sanitised(client):
    product = ProductFactory(
        description="# Overskrift\n\nEn **vigtig** løsning.\n\n<script>alert(1)</script>"
        '\n\n[link](javascript:alert(1)) <a href="https://os2.eu" onclick="x()">os2</a>'
    )

    html = client.get(url(product)).text

    assert "<h2>Overskrift</h2>" in html
    assert "<strong>vigtig</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert html.count("<h1") == 1


def test_working_groups_and_related_products(client):
    category = CategoryFactory()
    product = ProductFactory(categories=[category])
    related = ProductFactory(name="Nabo", categories=[category])
    ProductFactory(name="Fremmed")
    WorkingGroupFactory(product=product, kind="steering").organisations.add(
        OrganisationFactory(name="Gribskov Kommune")
    )

    response = client.get(url(product))

    assert response.context["related_products"] == [related]
    assert "Styregruppe" in response.text
    assert "Gribskov Kommune" in response.text


@pytest.mark.parametrize("usages", [1, 3, 50])
def test_query_count_does_not_depend_on_the_number_of_usages(
    client, django_assert_num_queries, usages
):
    category = CategoryFactory()
    product = ProductFactory(categories=[category])
    ProductFactory(categories=[category])
    UsageFactory.create_batch(usages, product=product)
    SupplierRoleFactory.create_batch(2, product=product)
    WorkingGroupFactory(product=product).organisations.add(OrganisationFactory())
    latest = published(product=product)
    AssessmentItemFactory(assessment=latest)
    FeePolicyFactory()
    FeeFactory(product=product, year=THIS_YEAR)

    # Product, categories, supplier roles, usages, working groups and their members,
    # assessments, items, latest fee year, fee policy, fees, and the related products
    # ranked, then fetched.
    with django_assert_num_queries(13):
        client.get(url(product))


def test_related_products_share_the_most_categories_then_go_in_danish_order(client):
    first, second, third = CategoryFactory(), CategoryFactory(), CategoryFactory()
    product = ProductFactory(categories=[first, second, third])
    ProductFactory(name="Åben", categories=[first])
    ProductFactory(name="Zulu", categories=[first, second])
    ProductFactory(name="Alfa", categories=[first, second])
    ProductFactory(name="Tre", categories=[first, second, third])
    ProductFactory(name="Øst", categories=[third])
    ProductFactory(name="Uden fælles", categories=[CategoryFactory()])

    response = client.get(url(product))

    names = [related.name for related in response.context["related_products"]]
    assert names == ["Tre", "Alfa", "Zulu", "Øst"]


def test_unknown_product_is_404(client):
    assert client.get("/produkter/findes-ikke/").status_code == 404


def test_product_page_in_english(client):
    product = ProductFactory()

    response = client.get(f"/en{url(product)}")

    assert "What it does" in response.text
