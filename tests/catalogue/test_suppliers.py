import datetime
import itertools
import re

import pytest

from catalogue.models import Product, SupplierRole
from tests.factories import ProductFactory, SupplierFactory, SupplierRoleFactory

pytestmark = pytest.mark.django_db


def test_supplier_list_shows_each_suppliers_products_by_role(client):
    magenta = SupplierFactory(name="Magenta ApS")
    os2mo = ProductFactory(name="OS2mo")
    borgerpc = ProductFactory(name="OS2borgerPC")
    SupplierRoleFactory(supplier=magenta, product=os2mo, role=SupplierRole.Role.DEVELOPMENT)
    SupplierRoleFactory(supplier=magenta, product=borgerpc, role=SupplierRole.Role.DEVELOPMENT)
    SupplierRoleFactory(supplier=magenta, product=os2mo, role=SupplierRole.Role.OPERATION)

    response = client.get("/leverandoerer/")

    assert response.status_code == 200
    [supplier] = response.context["suppliers"]
    assert [
        (role, [product_role.product.name for product_role in product_roles])
        for role, product_roles in supplier.roles_by_kind
    ] == [
        ("Udvikling", ["OS2borgerPC", "OS2mo"]),
        ("Hosting og drift", ["OS2mo"]),
        ("Support", []),
        ("Code review", []),
    ]
    assert supplier.product_count == 2
    assert (
        f'<a href="{borgerpc.get_absolute_url()}">OS2borgerPC</a>, '
        f'<a href="{os2mo.get_absolute_url()}">OS2mo</a>'
    ) in response.text


def test_supplier_list_is_in_danish_alphabetical_order(client):
    for name in ["Østjysk IT", "Aarhus Data", "Magenta ApS"]:
        SupplierFactory(name=name)

    response = client.get("/leverandoerer/")

    assert [supplier.name for supplier in response.context["suppliers"]] == [
        "Magenta ApS",
        "Østjysk IT",
        "Aarhus Data",
    ]


def test_supplier_list_has_one_h1_and_a_captioned_table(client):
    SupplierFactory()

    response = client.get("/leverandoerer/")

    assert response.text.count("<h1>") == 1
    assert "<caption>1 leverandør og dens produkter efter rolle</caption>" in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_supplier_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    for supplier in SupplierFactory.create_batch(rows):
        SupplierRoleFactory(supplier=supplier)

    with django_assert_num_queries(3):
        response = client.get("/leverandoerer/")

    assert response.status_code == 200


def test_supplier_detail_lists_products_by_role_with_contract_dates(client):
    supplier = SupplierFactory(name="Digital Identity ApS")
    sofd = ProductFactory(name="OS2sofd")
    SupplierRoleFactory(
        supplier=supplier,
        product=sofd,
        role=SupplierRole.Role.SUPPORT,
        contract_until=datetime.date(2027, 6, 30),
    )
    SupplierRoleFactory(
        supplier=supplier,
        product=ProductFactory(name="OS2rollekatalog", stage=Product.Stage.RETIRED),
        role=SupplierRole.Role.DEVELOPMENT,
    )

    response = client.get(supplier.get_absolute_url())

    assert response.status_code == 200
    assert [
        (role, [product_role.product.name for product_role in roles])
        for role, roles in response.context["roles_by_kind"]
    ] == [("Udvikling", ["OS2rollekatalog"]), ("Support", ["OS2sofd"])]
    assert "<td>30. juni 2027</td>" in response.text
    assert "<td>Udfaset</td>" in response.text
    assert "<caption>Support</caption>" in response.text


def test_supplier_detail_without_products(client):
    supplier = SupplierFactory()

    response = client.get(supplier.get_absolute_url())

    assert "Leverandøren har ingen produkter i kataloget endnu." in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_supplier_detail_query_count_does_not_grow_with_products(
    client, django_assert_num_queries, rows
):
    supplier = SupplierFactory()
    SupplierRoleFactory.create_batch(rows, supplier=supplier)

    with django_assert_num_queries(2):
        response = client.get(supplier.get_absolute_url())

    assert response.context["supplier"].product_count == rows


def test_supplier_pages_in_english(client):
    supplier = SupplierFactory()
    SupplierRoleFactory(supplier=supplier, role=SupplierRole.Role.OPERATION)

    list_response = client.get("/en/leverandoerer/")
    detail_response = client.get(f"/en/leverandoerer/{supplier.slug}/")

    assert '<html lang="en">' in list_response.text
    assert "1 supplier and its products by role" in list_response.text
    assert "Products by role" in detail_response.text
    assert "<caption>Hosting and operation</caption>" in detail_response.text


def test_supplier_detail_renders_the_description_as_markdown(client):
    supplier = SupplierFactory(description="Udvikler *open source* siden 1999.")

    response = client.get(supplier.get_absolute_url())

    assert "<em>open source</em>" in response.text


def assert_accessible_outline(html):
    """One h1, headings that never skip a level going down, and no inline style (CSP)."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert " style=" not in html
    assert "<script>" not in html


def test_supplier_pages_have_an_accessible_outline(client):
    role = SupplierRoleFactory()

    assert_accessible_outline(client.get("/leverandoerer/").text)
    assert_accessible_outline(client.get(role.supplier.get_absolute_url()).text)
