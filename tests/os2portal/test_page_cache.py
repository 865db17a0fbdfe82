import psycopg
import pytest
from django.db import connection, transaction
from django.test import Client

from catalogue.models import Product
from catalogue.services import usage_declare
from os2portal.data_version import TRIGGER_NAME, current_data_version, tracked_tables
from os2portal.page_cache import HEADER
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    ProductFactory,
    create_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    from django.core.cache import caches

    caches["pages"].clear()


def test_a_page_is_served_from_the_cache_the_second_time_with_one_query(
    client, django_assert_num_queries
):
    product = ProductFactory(name="OS2rollekatalog")
    url = f"/produkter/{product.slug}/"
    first = client.get(url)

    with django_assert_num_queries(1):
        second = client.get(url)

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_stored_page_still_carries_the_security_headers(client):
    ProductFactory()
    client.get("/produkter/")

    response = client.get("/produkter/")

    assert response[HEADER] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Language"] == "da"


def test_a_change_made_with_an_update_is_shown_at_once(client):
    product = ProductFactory(name="Gammelt navn")
    url = f"/produkter/{product.slug}/"
    client.get(url)

    Product.objects.filter(pk=product.pk).update(name="Nyt navn")
    response = client.get(url)

    assert response[HEADER] == "miss"
    assert "Nyt navn" in response.text
    assert "Gammelt navn" not in response.text


def test_a_change_to_a_many_to_many_relation_is_shown_at_once(client):
    product = ProductFactory()
    category = CategoryFactory(name="Økonomi og løn")
    client.get("/produkter/")

    product.categories.add(category)
    response = client.get("/produkter/")

    assert response[HEADER] == "miss"
    assert "Økonomi og løn" in response.text


def test_a_member_declaring_use_is_shown_to_the_next_anonymous_visitor(client):
    product = ProductFactory()
    organisation = OrganisationFactory(name="Testrup Kommune")
    member = create_member(organisation)
    url = f"/produkter/{product.slug}/"
    assert "Testrup Kommune" not in client.get(url).text

    usage_declare(user=member, product=product, status="in_use")
    response = client.get(url)

    assert response[HEADER] == "miss"
    assert "Testrup Kommune" in response.text


def test_a_deletion_is_shown_at_once(client):
    product = ProductFactory(name="Forsvinder")
    client.get("/produkter/")

    product.delete()

    assert "Forsvinder" not in client.get("/produkter/").text


def test_danish_and_english_pages_are_stored_apart(client):
    ProductFactory()
    client.get("/produkter/")

    english = client.get("/en/produkter/")

    assert english[HEADER] == "miss"
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.text


def test_each_query_string_is_a_page_of_its_own(client):
    ProductFactory(stage="product")
    client.get("/produkter/")

    response = client.get("/produkter/?stage=product")

    assert response[HEADER] == "miss"


def test_a_signed_in_member_is_never_served_a_stored_page(client):
    product = ProductFactory()
    member = create_member()
    url = f"/produkter/{product.slug}/"
    Client().get(url)
    client.force_login(member)

    response = client.get(url)

    assert HEADER not in response
    assert response.status_code == 200


def test_a_signed_in_members_page_is_not_stored_for_others(client):
    product = ProductFactory()
    client.force_login(create_member())
    client.get(f"/produkter/{product.slug}/")

    anonymous = Client().get(f"/produkter/{product.slug}/")

    assert anonymous[HEADER] == "miss"


def test_a_page_with_a_form_token_is_not_stored(client):
    client.get("/konto/login/")

    response = Client().get("/konto/login/")

    assert HEADER not in response
    assert response.status_code == 200


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client):
    ProductFactory()
    client.get("/produkter/")
    client.cookies["messages"] = "pending"

    response = client.get("/produkter/")

    assert HEADER not in response


def test_a_page_that_forbids_caching_is_not_stored(client):
    client.get("/healthz")

    response = client.get("/healthz")

    assert HEADER not in response


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ProductFactory()
    client.get("/produkter/")

    response = client.get("/produkter/")

    assert HEADER not in response


def test_every_table_of_the_portals_apps_carries_the_version_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER_NAME],
        )
        tables = {row[0] for row in cursor.fetchall()}

    assert "catalogue_product" in tables
    assert "catalogue_product_categories" in tables
    assert "members_organisation" in tables
    assert "governance_assessment" in tables
    assert set(tracked_tables()) == tables


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_with_the_commit_and_not_before():
    product = ProductFactory()
    before = current_data_version()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)

    with psycopg.connect(**params, autocommit=True) as other:

        def seen_by_another_connection():
            return other.execute("SELECT version FROM os2portal_dataversion").fetchone()[0]

        with transaction.atomic():
            Product.objects.filter(pk=product.pk).update(name="Ændret")
            Product.objects.filter(pk=product.pk).update(tagline="To sætninger, én version")
            inside = current_data_version()
            assert seen_by_another_connection() == before
        after_commit = seen_by_another_connection()

    assert inside > before
    assert after_commit == inside


def test_pages_of_another_release_are_not_served(client, monkeypatch):
    from os2portal import page_cache

    ProductFactory()
    client.get("/produkter/")
    monkeypatch.setattr(page_cache, "code_version", lambda: "next-release")

    response = client.get("/produkter/")

    assert response[HEADER] == "miss"


def test_the_code_version_is_a_digest_that_holds_for_the_process():
    from os2portal.page_cache import code_version

    assert code_version() == code_version()
    assert len(code_version()) == 12


def test_a_sign_in_does_not_empty_the_page_cache(client):
    from django.utils import timezone

    from members.models import User

    ProductFactory()
    member = create_member()
    client.get("/produkter/")

    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    response = client.get("/produkter/")

    assert response[HEADER] == "hit"
