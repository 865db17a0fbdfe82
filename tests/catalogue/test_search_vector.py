import pytest
from django.contrib.postgres.search import SearchQuery

from catalogue.models import Product
from catalogue.search import product_refresh_search
from tests.factories import CategoryFactory, ProductFactory, SupplierRoleFactory

pytestmark = pytest.mark.django_db


def matches(text: str) -> list[str]:
    query = SearchQuery(text, config="danish")
    return list(
        Product.objects.filter(search_vector=query).order_by("name").values_list("name", flat=True)
    )


def test_search_document_covers_name_categories_suppliers_and_replaced_systems():
    product = ProductFactory(name="OS2rollekatalog", alternative_to=["Omada"])
    product.categories.set([CategoryFactory(name="Identitetsstyring")])
    SupplierRoleFactory(product=product, supplier__name="Digital Identity")
    ProductFactory(name="OS2display")

    product_refresh_search()

    assert matches("os2rollekatalog") == ["OS2rollekatalog"]
    assert matches("identitetsstyring") == ["OS2rollekatalog"]
    assert matches("identity") == ["OS2rollekatalog"]
    assert matches("omada") == ["OS2rollekatalog"]


def test_refresh_of_some_products_leaves_the_others_alone():
    first, second = ProductFactory(tagline="Infoskærme"), ProductFactory(tagline="Infoskærme")

    product_refresh_search(product_ids=[first.pk])

    assert matches("infoskærme") == [first.name]
    second.refresh_from_db()
    assert second.search_vector is None
