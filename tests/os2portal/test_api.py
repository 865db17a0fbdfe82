import datetime
import json

import pytest

from catalogue.models import Product, SupplierRole, Usage
from tests.factories import (
    CategoryFactory,
    FeeFactory,
    FeePolicyFactory,
    InitiativeFactory,
    InterestFactory,
    LevelFactory,
    OrganisationFactory,
    ProductFactory,
    RequirementFactory,
    SizeTierFactory,
    SupplierFactory,
    SupplierRoleFactory,
    UsageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/api/v1/products/",
    "/api/v1/organisations/",
    "/api/v1/suppliers/",
    "/api/v1/initiatives/",
    "/api/v1/levels/",
    "/api/v1/requirements/",
]


def get_json(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_product_list_gives_the_catalogue_in_danish_order(client):
    ProductFactory(name="OS2valghalla", slug="os2valghalla")
    ProductFactory(name="OS2Ærø", slug="os2aeroe")
    ProductFactory(name="OS2mo", slug="os2mo")

    data = get_json(client, "/api/v1/products/")

    assert data["count"] == 3
    assert [row["slug"] for row in data["results"]] == ["os2mo", "os2valghalla", "os2aeroe"]


def test_product_list_applies_the_catalogue_filters(client):
    category = CategoryFactory(slug="identitet")
    wanted = ProductFactory(slug="os2faktor", stage=Product.Stage.PRODUCT, categories=[category])
    ProductFactory(slug="os2idé", stage=Product.Stage.IDEA, categories=[category])
    ProductFactory(slug="os2andet", stage=Product.Stage.PRODUCT)

    data = get_json(client, "/api/v1/products/?stage=product&category=identitet")

    assert [row["slug"] for row in data["results"]] == [wanted.slug]


def test_product_list_searches(client):
    from catalogue.search import product_refresh_search

    ProductFactory(name="OS2rollekatalog", slug="os2rollekatalog", tagline="Roller og rettigheder")
    ProductFactory(name="OS2display", slug="os2display", tagline="Infoskærme")
    product_refresh_search()

    data = get_json(client, "/api/v1/products/?q=infoskærme")

    assert [row["slug"] for row in data["results"]] == ["os2display"]


def test_product_list_rejects_an_unknown_stage(client):
    response = client.get("/api/v1/products/?stage=nonsense")

    assert response.status_code == 400
    assert list(response.json()) == ["stage"]


def test_product_list_pages_have_count_next_and_previous(client):
    for number in range(5):
        ProductFactory(name=f"OS2side{number}", slug=f"os2side{number}")

    first = get_json(client, "/api/v1/products/?page_size=2")
    last = get_json(client, "/api/v1/products/?page_size=2&page=3")

    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/products/?page=2&page_size=2"
    assert [row["slug"] for row in first["results"]] == ["os2side0", "os2side1"]
    assert [row["slug"] for row in last["results"]] == ["os2side4"]
    assert last["next"] is None


def test_products_with_the_same_name_keep_a_stable_order(client):
    first = ProductFactory(name="OS2samme", slug="os2samme-a")
    second = ProductFactory(name="OS2samme", slug="os2samme-b")

    page_one = get_json(client, "/api/v1/products/?page_size=1")
    page_two = get_json(client, "/api/v1/products/?page_size=1&page=2")

    assert [page_one["results"][0]["slug"], page_two["results"][0]["slug"]] == [
        first.slug,
        second.slug,
    ]


def test_product_detail_has_suppliers_level_users_and_fees(client):
    product = ProductFactory(
        name="OS2valghalla",
        slug="os2valghalla",
        current_level_rank=2,
        current_level_since=datetime.date(2024, 5, 1),
    )
    SupplierRoleFactory(
        product=product,
        supplier=SupplierFactory(name="Magenta ApS", slug="magenta"),
        role=SupplierRole.Role.OPERATION,
        contract_until=datetime.date(2027, 12, 31),
    )
    UsageFactory(
        product=product,
        organisation=OrganisationFactory(name="Aarhus Kommune", slug="aarhus"),
        since=datetime.date(2021, 3, 1),
    )
    FeePolicyFactory(valid_from_year=2020)
    FeeFactory(
        product=product,
        year=2026,
        size_tier=SizeTierFactory(number=1, name="Under 25.000"),
        base_annual_fee=22_000,
        joining_fee=5_000,
    )

    data = get_json(client, "/api/v1/products/os2valghalla/")

    assert data["level"] == {"rank": 2, "name": "Niveau 2"}
    assert data["level_since"] == "2024-05-01"
    assert data["suppliers"] == [
        {
            "supplier": {
                "slug": "magenta",
                "name": "Magenta ApS",
                "url": "http://testserver/api/v1/suppliers/magenta/",
            },
            "role": "operation",
            "contract_until": "2027-12-31",
        }
    ]
    assert data["users"] == [
        {
            "organisation": {
                "slug": "aarhus",
                "name": "Aarhus Kommune",
                "url": "http://testserver/api/v1/organisations/aarhus/",
            },
            "status": "in_use",
            "since": "2021-03-01",
        }
    ]
    assert data["fees"] == [
        {
            "year": 2026,
            "size_tier": 1,
            "size_tier_name": "Under 25.000",
            "base_annual_fee": 22_000,
            "joining_fee": 5_000,
            "member_annual_fee": 23_980,
            "non_member_annual_fee": 29_700,
        }
    ]
    assert data["page_url"] == "http://testserver/produkter/os2valghalla/"
    assert data["user_count"] == 1


def test_product_detail_of_an_unknown_slug_is_404(client):
    response = client.get("/api/v1/products/findes-ikke/")

    assert response.status_code == 404


def test_organisation_detail_lists_its_usages(client):
    organisation = OrganisationFactory(slug="ballerup", name="Ballerup Kommune")
    UsageFactory(organisation=organisation, product=ProductFactory(slug="os2loop", name="OS2loop"))

    data = get_json(client, "/api/v1/organisations/ballerup/")

    assert data["products_in_use_count"] == 1
    assert data["is_member"] is True
    assert [usage["product"]["slug"] for usage in data["usages"]] == ["os2loop"]


def test_supplier_detail_lists_products_by_role(client):
    supplier = SupplierFactory(slug="netcompany", name="Netcompany A/S")
    SupplierRoleFactory(supplier=supplier, product=ProductFactory(slug="os2iot", name="OS2iot"))

    data = get_json(client, "/api/v1/suppliers/netcompany/")

    assert [(row["product"]["slug"], row["role"]) for row in data["products"]] == [
        ("os2iot", "development")
    ]


def test_initiative_gives_totals_of_active_interests(client):
    initiative = InitiativeFactory(slug="valghalla-3")
    InterestFactory(initiative=initiative, pledge=100_000)
    InterestFactory(initiative=initiative, pledge=50_000)
    InterestFactory(
        initiative=initiative,
        pledge=70_000,
        withdrawn_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )

    data = get_json(client, "/api/v1/initiatives/valghalla-3/")

    assert (data["interest_count"], data["pledged_total"]) == (2, 150_000)


def test_initiative_list_filters_by_status(client):
    InitiativeFactory(slug="aaben", status="open")
    InitiativeFactory(slug="lukket", status="closed")

    data = get_json(client, "/api/v1/initiatives/?status=closed")

    assert [row["slug"] for row in data["results"]] == ["lukket"]


def test_levels_list_their_requirements(client):
    level = LevelFactory(rank=0)
    RequirementFactory(level=level, code="F1", position=1)
    RequirementFactory(level=LevelFactory(rank=1), code="G3", position=1)

    levels = get_json(client, "/api/v1/levels/")
    requirements = get_json(client, "/api/v1/requirements/?level=sandkasse")

    assert [
        (row["slug"], [r["code"] for r in row["requirements"]]) for row in levels["results"]
    ] == [
        ("sandkasse", ["F1"]),
        ("niveau-1", ["G3"]),
    ]
    assert [row["code"] for row in requirements["results"]] == ["F1"]


def test_api_answers_304_when_the_etag_still_matches(client):
    ProductFactory(slug="os2mo")
    first = client.get("/api/v1/products/os2mo/")

    again = client.get("/api/v1/products/os2mo/", headers={"if-none-match": first["ETag"]})

    assert first.has_header("Last-Modified")
    assert again.status_code == 304
    assert again.content == b""


def test_api_etag_changes_when_the_data_does(client):
    product = ProductFactory(slug="os2mo", tagline="Før")
    first = client.get("/api/v1/products/")
    product.tagline = "Efter"
    product.save()

    again = client.get("/api/v1/products/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200


def test_api_allows_get_from_any_origin(client):
    response = client.get("/api/v1/products/", headers={"origin": "https://example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"


def test_api_sets_no_cookie_and_refuses_writes(client):
    get = client.get("/api/v1/products/")
    post = client.post("/api/v1/products/", {"name": "x"})

    assert get.cookies == {}
    assert post.status_code == 405


def test_pages_outside_the_api_send_no_cors_header(client):
    response = client.get("/healthz", headers={"origin": "https://example.org"})

    assert not response.has_header("Access-Control-Allow-Origin")


def test_docs_page_lists_every_endpoint(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    for url in LIST_URLS:
        assert f"GET {url}".encode() in response.content


def _walk(value):
    """Every key and every scalar in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def test_no_personal_data_in_any_api_response(client):
    member = UserFactory(email="medarbejder@aarhus.dk", first_name="Hemmelig", last_name="Person")
    product = ProductFactory(
        slug="os2mo",
        coordinator_name="Koordinator Offentlig",
        coordinator_email="privat.koordinator@example.dk",
        coordinator_public=False,
    )
    organisation = OrganisationFactory(slug="aarhus")
    UsageFactory(product=product, organisation=organisation, declared_by=member, note="Intern note")
    initiative = InitiativeFactory(
        slug="mo-2",
        product=product,
        coordinator_name="Initiativets Tovholder",
        coordinator_email="tovholder@example.dk",
    )
    InterestFactory(
        initiative=initiative,
        organisation=organisation,
        registered_by=member,
        note="Fortrolig note om budgettet",
    )
    SupplierRoleFactory(product=product, note="Leverandørens note")
    LevelFactory(rank=0)
    urls = [*LIST_URLS]
    urls += ["/api/v1/products/os2mo/", "/api/v1/organisations/aarhus/"]
    urls += ["/api/v1/initiatives/mo-2/", "/api/v1/levels/sandkasse/"]
    urls += [f"/api/v1/suppliers/{product.supplier_roles.get().supplier.slug}/"]

    texts = " ".join(str(item) for url in urls for item in _walk(get_json(client, url)))

    for secret in [
        "medarbejder@aarhus.dk",
        "Hemmelig",
        "privat.koordinator@example.dk",
        "tovholder@example.dk",
        "Initiativets Tovholder",
        "Fortrolig note",
        "Intern note",
        "Leverandørens note",
        "registered_by",
        "declared_by",
        "coordinator_email",
        "@",
    ]:
        assert secret not in texts


def test_public_coordinator_email_is_shown(client):
    ProductFactory(
        slug="os2mo",
        coordinator_name="Ida",
        coordinator_email="ida@os2.eu",
        coordinator_public=True,
    )

    data = get_json(client, "/api/v1/products/os2mo/")

    assert data["coordinator"] == {"name": "Ida", "email": "ida@os2.eu"}


def _products_with_relations(count):
    category = CategoryFactory()
    for _ in range(count):
        product = ProductFactory(categories=[category])
        SupplierRoleFactory(product=product)
        UsageFactory(product=product)


@pytest.mark.parametrize("rows", [1, 3])
def test_product_list_query_count_is_constant(client, django_assert_num_queries, rows):
    _products_with_relations(rows)

    # The count, the page, the categories.
    with django_assert_num_queries(3):
        client.get("/api/v1/products/")


@pytest.mark.parametrize("rows", [1, 3])
def test_product_detail_query_count_is_constant(client, django_assert_num_queries, rows):
    product = ProductFactory(slug="os2mo")
    for _ in range(rows):
        SupplierRoleFactory(product=product)
        UsageFactory(product=product, status=Usage.Status.IN_USE)
    # The product, categories, supplier roles, usages, fees.
    with django_assert_num_queries(5):
        client.get("/api/v1/products/os2mo/")


@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for _ in range(rows):
        UsageFactory()

    with django_assert_num_queries(2):
        client.get("/api/v1/organisations/")


@pytest.mark.parametrize("rows", [1, 3])
def test_supplier_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for _ in range(rows):
        SupplierRoleFactory()

    with django_assert_num_queries(2):
        client.get("/api/v1/suppliers/")


@pytest.mark.parametrize("rows", [1, 3])
def test_initiative_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for _ in range(rows):
        InterestFactory(initiative=InitiativeFactory(product=ProductFactory()))

    with django_assert_num_queries(2):
        client.get("/api/v1/initiatives/")


@pytest.mark.parametrize("rows", [1, 3])
def test_level_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for rank in range(rows):
        RequirementFactory(level=LevelFactory(rank=rank))

    with django_assert_num_queries(3):
        client.get("/api/v1/levels/")


@pytest.mark.parametrize("rows", [1, 3])
def test_requirement_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for rank in range(rows):
        RequirementFactory(level=LevelFactory(rank=rank))

    with django_assert_num_queries(2):
        client.get("/api/v1/requirements/")


def test_api_answers_a_browser_in_json(client):
    response = client.get("/api/v1/products/", headers={"accept": "text/html,*/*;q=0.8"})

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["results"] == []
