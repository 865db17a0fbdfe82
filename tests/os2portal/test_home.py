import datetime

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import InitiativeFactory, OrganisationFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    # A request under /en/ leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_home_shows_the_community_at_a_glance(client):
    ProductFactory.create_batch(2, stage="product", current_level_rank=2)
    ProductFactory(stage="project", current_level_rank=0)
    ProductFactory(stage="idea")
    OrganisationFactory.create_batch(3)
    OrganisationFactory(member_since=None)
    InitiativeFactory(status="open")
    InitiativeFactory(status="funded")

    response = client.get("/")

    context = response.context
    assert [count for _value, _label, count in context["stage_counts"]] == [1, 1, 2, 0]
    assert [count for _rank, _label, count in context["level_counts"]] == [1, 0, 2, 0]
    assert context["member_count"] == 3
    assert context["open_initiative_count"] == 1
    assert context["product_total"] == 4
    assert response.text.count("<h1") == 1
    assert 'name="q"' in response.text


def test_home_shows_the_newest_products_and_initiatives(client):
    ProductFactory(name="Gammel", created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    ProductFactory(name="Ny")
    InitiativeFactory(title="Nyt initiativ")

    response = client.get("/")

    assert [product.name for product in response.context["newest_products"]] == ["Ny", "Gammel"]
    assert "Nyt initiativ" in response.text


@pytest.mark.parametrize("count", [1, 3, 50])
def test_home_query_count_is_constant(client, django_assert_num_queries, count):
    ProductFactory.create_batch(count)
    InitiativeFactory.create_batch(count)

    # Stages, levels, members, open initiatives, newest products and their categories,
    # newest initiatives.
    with django_assert_num_queries(7):
        client.get("/")


def test_home_in_english(client):
    response = client.get("/en/")

    assert "The community in figures" in response.text
