import csv
import io

import pytest

from catalogue.models import Product
from tests.admin_support import admin_login
from tests.factories import (
    InitiativeFactory,
    InterestFactory,
    OrganisationFactory,
    ProductFactory,
    SecretariatUserFactory,
    SupplierRoleFactory,
    UsageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    # What Excel does: UTF-8 with the BOM, fields split at semicolons.
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_product_csv_keeps_danish_letters_and_the_current_filters(client):
    ProductFactory(name="OS2ærø", slug="os2aeroe", tagline="Øst for Åbenrå", stage="product")
    ProductFactory(name="OS2idé", slug="os2ide", stage="idea")

    response = client.get("/produkter/eksport.csv?stage=product")

    rows = read_csv(response)
    assert rows[0][:3] == ["Navn", "Kort beskrivelse", "Fase"]
    assert [row[:3] for row in rows[1:]] == [["OS2ærø", "Øst for Åbenrå", "Produkt"]]
    assert response["Content-Disposition"].startswith('attachment; filename="os2-produkter-')


def test_product_csv_quotes_fields_with_separators(client):
    ProductFactory(name="OS2test", tagline='Én; to og "tre"')

    rows = read_csv(client.get("/produkter/eksport.csv"))

    assert rows[1][1] == 'Én; to og "tre"'


def test_product_csv_with_an_invalid_filter_is_empty(client):
    ProductFactory()

    rows = read_csv(client.get("/produkter/eksport.csv?stage=nonsense"))

    assert rows[1:] == []


@pytest.mark.parametrize("count", [1, 3])
def test_product_csv_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        SupplierRoleFactory(product=ProductFactory())
    # The products, their categories, their suppliers.
    with django_assert_num_queries(3):
        client.get("/produkter/eksport.csv")


def test_member_csv_has_a_row_per_usage(client):
    aarhus = OrganisationFactory(name="Århus Kommune")
    UsageFactory(organisation=aarhus, product=ProductFactory(name="OS2display"))
    UsageFactory(organisation=aarhus, product=ProductFactory(name="OS2loop"))
    OrganisationFactory(name="Ærø Kommune")

    rows = read_csv(client.get("/medlemmer/eksport.csv"))

    # Danish order: Æ, Ø, Å come last, in that order.
    assert [(row[0], row[4], row[5]) for row in rows[1:]] == [
        ("Ærø Kommune", "", ""),
        ("Århus Kommune", "OS2display", "I brug"),
        ("Århus Kommune", "OS2loop", "I brug"),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_member_csv_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        UsageFactory()
    # The organisations with their regions, their usages with products.
    with django_assert_num_queries(2):
        client.get("/medlemmer/eksport.csv")


def test_interest_csv_is_for_the_secretariat(client):
    initiative = InitiativeFactory(slug="valghalla-4")
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Ærø Kommune"),
        pledge=125_000,
        note="Afhænger af byrådets godkendelse",
    )
    admin_login(client, SecretariatUserFactory())

    rows = read_csv(client.get("/initiativer/valghalla-4/interesser.csv"))

    assert [row[:4] for row in rows[1:]] == [
        ["Ærø Kommune", "Medfinansierende", "125000", "Afhænger af byrådets godkendelse"]
    ]


def test_interest_csv_is_refused_to_everyone_else(client):
    InitiativeFactory(slug="valghalla-4")

    anonymous = client.get("/initiativer/valghalla-4/interesser.csv")
    client.force_login(UserFactory())
    member = client.get("/initiativer/valghalla-4/interesser.csv")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/konto/login/?next=")
    assert member.status_code == 403


def test_interest_csv_asks_staff_for_the_second_factor_first(client):
    InitiativeFactory(slug="valghalla-4")
    client.force_login(SecretariatUserFactory())

    response = client.get("/initiativer/valghalla-4/interesser.csv")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate")


def test_product_csv_has_every_product_by_default(client):
    ProductFactory.create_batch(2)

    rows = read_csv(client.get("/produkter/eksport.csv"))

    assert len(rows) == 1 + Product.objects.count()
