import re

import pytest
from django.conf import settings
from django.utils import translation

from catalogue.filters import FACETS, ProductFilter, product_facets
from catalogue.models import Product, Usage
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    SupplierFactory,
    SupplierRoleFactory,
    UsageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    # A request under /en/ leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


URL = "/produkter/"


def names(response) -> list[str]:
    return [product.name for product in response.context["products"]]


def test_filters_by_stage_and_level(client):
    ProductFactory(name="Alfa", stage="product", current_level_rank=2)
    ProductFactory(name="Beta", stage="product", current_level_rank=1)
    ProductFactory(name="Gamma", stage="project", current_level_rank=2)

    response = client.get(URL, {"stage": "product", "level": "2"})

    assert names(response) == ["Alfa"]


def test_filters_by_category_supplier_user_region_and_licence(client):
    north, south = RegionFactory(code=1081), RegionFactory(code=1083)
    aalborg = OrganisationFactory(name="Aalborg Kommune", slug="aalborg", region=north)
    odense = OrganisationFactory(name="Odense Kommune", slug="odense", region=south)
    identity = CategoryFactory(slug="identitet")
    magenta = SupplierFactory(slug="magenta")
    first = ProductFactory(name="Første", licence="MPL-2.0", categories=[identity])
    second = ProductFactory(name="Anden", licence="GPL-3.0-only", categories=[identity])
    SupplierRoleFactory(product=first, supplier=magenta)
    SupplierRoleFactory(product=first, supplier=magenta, role="support")
    UsageFactory(product=first, organisation=aalborg)
    UsageFactory(product=second, organisation=odense)
    UsageFactory(product=second, organisation=aalborg, status=Usage.Status.STOPPED)

    assert names(client.get(URL, {"category": "identitet"})) == ["Anden", "Første"]
    assert names(client.get(URL, {"supplier": "magenta"})) == ["Første"]
    assert names(client.get(URL, {"user": "aalborg"})) == ["Første"]
    assert names(client.get(URL, {"region": south.slug})) == ["Anden"]
    assert names(client.get(URL, {"licence": "GPL-3.0-only"})) == ["Anden"]


def test_sorts_by_name_in_danish_order(client):
    for name in ["Åbent", "Zebra", "Ærlig", "Aarhusløsning", "Østlig", "Alfa"]:
        ProductFactory(name=name)

    response = client.get(URL)

    assert names(response) == ["Alfa", "Zebra", "Ærlig", "Østlig", "Åbent", "Aarhusløsning"]


def test_sorts_by_users_newest_and_level(client):
    few = ProductFactory(name="Få", current_level_rank=3)
    many = ProductFactory(name="Mange", current_level_rank=1)
    none = ProductFactory(name="Ingen")
    UsageFactory.create_batch(3, product=many)
    UsageFactory(product=few)

    assert names(client.get(URL, {"sort": "users"})) == ["Mange", "Få", "Ingen"]
    assert names(client.get(URL, {"sort": "newest"})) == [none.name, many.name, few.name]
    assert names(client.get(URL, {"sort": "level"})) == ["Få", "Mange", "Ingen"]


def test_pagination_keeps_the_filters_in_the_links(client):
    ProductFactory.create_batch(25, stage="project")

    response = client.get(URL, {"stage": "project", "sort": "newest"})

    assert len(response.context["products"]) == 20
    assert 'href="?stage=project&amp;sort=newest&amp;page=2"' in response.text
    assert (
        len(client.get(URL, {"stage": "project", "sort": "newest", "page": 2}).context["products"])
        == 5
    )


def test_facet_links_keep_the_other_filters_and_return_to_page_one(client):
    category = CategoryFactory(slug="kort")
    ProductFactory(stage="product", categories=[category])

    response = client.get(URL, {"category": "kort", "page": "1"})

    assert 'href="?category=kort&amp;stage=product"' in response.text
    # The chosen option's link removes it.
    assert 'href="?" aria-current="true"' in response.text


def test_empty_state_is_clear(client):
    ProductFactory(stage="product")

    response = client.get(URL, {"stage": "retired"})

    assert response.status_code == 200
    assert "Ingen produkter passer til de valgte filtre." in response.text
    assert "0 produkter" in response.text


def test_an_unknown_choice_shows_the_empty_state(client):
    ProductFactory(stage="product")

    response = client.get(URL, {"stage": "nonsense"})

    assert names(response) == []


def _catalogue():
    """A small catalogue in which the facets overlap in every way."""
    regions = [RegionFactory(code=code) for code in (1081, 1082, 1083)]
    organisations = [
        OrganisationFactory(slug=f"org-{index}", region=regions[index % 3]) for index in range(5)
    ]
    categories = [CategoryFactory(slug=f"kat-{index}") for index in range(3)]
    suppliers = [SupplierFactory(slug=f"lev-{index}") for index in range(3)]
    stages = ["idea", "project", "product", "retired"]
    licences = ["MPL-2.0", "GPL-3.0-only", "EUPL-1.2"]
    statuses = ["in_use", "implementing", "evaluating", "stopped"]
    for index in range(24):
        product = ProductFactory(
            stage=stages[index % 4],
            current_level_rank=[None, 0, 1, 2, 3][index % 5],
            licence=licences[index % 3],
            categories=[categories[index % 3], categories[(index // 3) % 3]],
        )
        SupplierRoleFactory(product=product, supplier=suppliers[index % 3])
        if index % 2:
            SupplierRoleFactory(
                product=product, supplier=suppliers[(index + 1) % 3], role="support"
            )
        for offset in range(index % 4):
            UsageFactory(
                product=product,
                organisation=organisations[(index + offset) % 5],
                status=statuses[(index + offset) % 4],
            )


def _values_in_python(product: Product) -> dict[str, set[str]]:
    using = [u for u in product.usages.all() if u.status in ("in_use", "implementing")]
    return {
        "stage": {product.stage},
        "level": set() if product.current_level_rank is None else {str(product.current_level_rank)},
        "category": {category.slug for category in product.categories.all()},
        "supplier": {role.supplier.slug for role in product.supplier_roles.all()},
        "user": {usage.organisation.slug for usage in using},
        "region": {usage.organisation.region.slug for usage in using},
        "licence": {product.licence},
    }


def _expected_counts(selection: dict[str, str]) -> dict[str, dict[str, int]]:
    """Disjunctive facet counts computed in Python over every product."""
    products = [
        _values_in_python(product)
        for product in Product.objects.prefetch_related(
            "categories", "supplier_roles__supplier", "usages__organisation__region"
        )
    ]
    counts = {}
    for facet in FACETS:
        others = {name: value for name, value in selection.items() if name != facet}
        matching = [p for p in products if all(value in p[name] for name, value in others.items())]
        tally = {}
        for product in matching:
            for value in product[facet]:
                tally[value] = tally.get(value, 0) + 1
        counts[facet] = tally
    return counts


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"stage": "product"},
        {"category": "kat-1", "supplier": "lev-2"},
        {"stage": "project", "licence": "MPL-2.0", "region": "region-1082"},
        {"level": "2", "user": "org-3", "category": "kat-0"},
        {
            "stage": "idea",
            "level": "1",
            "category": "kat-2",
            "supplier": "lev-0",
            "licence": "EUPL-1.2",
        },
    ],
)
def test_facet_counts_match_counts_computed_in_python(selection):
    _catalogue()
    filterset = ProductFilter(selection, queryset=Product.objects.all())

    facets = product_facets(filterset)

    actual = {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in facets
    }
    assert actual == _expected_counts(selection)
    assert filterset.qs.count() == len(
        [
            p
            for p in Product.objects.all()
            if p.pk in set(filterset.filtered().values_list("pk", flat=True))
        ]
    )


def test_result_count_matches_every_selected_facet_count():
    _catalogue()
    selection = {"category": "kat-1", "supplier": "lev-2", "stage": "product"}
    filterset = ProductFilter(selection, queryset=Product.objects.all())

    facets = product_facets(filterset)

    total = filterset.qs.count()
    assert [facet.selected.count for facet in facets if facet.selected] == [total, total, total]


def _seed_products(count: int):
    region = RegionFactory(code=1082)
    organisation = OrganisationFactory(slug="brugeren", region=region)
    category = CategoryFactory(slug="faelles")
    supplier = SupplierFactory(slug="leverandoeren")
    for _index in range(count):
        product = ProductFactory(stage="product", categories=[category, CategoryFactory()])
        SupplierRoleFactory(product=product, supplier=supplier)
        UsageFactory(product=product, organisation=organisation)
        UsageFactory(product=product, organisation__region=region)


@pytest.mark.parametrize("count", [1, 3, 50])
def test_query_count_is_the_same_for_1_3_and_50_products(client, django_assert_num_queries, count):
    _seed_products(count)

    # Page, categories of the page, and one query for every facet and the count.
    with django_assert_num_queries(3):
        response = client.get(
            URL, {"stage": "product", "category": "faelles", "region": "region-1082"}
        )

    assert len(response.context["products"]) == min(count, 20)


def test_facet_query_count_does_not_grow_with_filters(django_assert_num_queries):
    _seed_products(3)
    selection = {"stage": "product", "category": "faelles", "user": "brugeren", "q": "OS2test"}

    with django_assert_num_queries(1):
        product_facets(ProductFilter(selection, queryset=Product.objects.all()))


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"stage": "product"},
        {"category": "faelles", "region": "region-1082"},
        {"stage": "product", "supplier": "leverandoeren", "user": "brugeren"},
        {"q": "OS2test", "stage": "idea"},
        {"category": "findes-ikke"},
    ],
)
def test_the_facet_query_counts_the_same_products_as_the_list(selection):
    _seed_products(3)
    ProductFactory(stage="idea", name="OS2test idé")
    filterset = ProductFilter(selection, queryset=Product.objects.all())

    facets = product_facets(filterset)

    assert facets.total == filterset.qs.count()


def test_page_has_one_h1_and_labelled_controls(client):
    ProductFactory()

    html = client.get(URL).text

    assert html.count("<h1") == 1
    for control_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html


def test_english_page_is_translated(client):
    ProductFactory()

    response = client.get("/en/produkter/")

    assert "<h1>Products</h1>" in response.text
    assert "Sort by" in response.text


def test_a_renamed_product_moves_to_its_danish_place(client):
    ProductFactory(name="Zebra")
    ProductFactory(name="Øresund")
    renamed = ProductFactory(name="Abe")

    Product.objects.filter(pk=renamed.pk).update(name="Aalborg-løsningen")
    names = [product.name for product in client.get(URL).context["products"]]

    assert names == ["Zebra", "Øresund", "Aalborg-løsningen"]
