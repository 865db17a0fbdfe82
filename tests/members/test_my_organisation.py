"""The "Min organisation" page: our usages, interests and pledges, fees, colleagues."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Usage
from members.models import Affiliation
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/min-organisation/"


@pytest.fixture
def organisation():
    factories.create_standard_size_tiers()
    return factories.OrganisationFactory(
        name="Testrup Kommune", population=40_000, member_since=datetime.date(2015, 1, 1)
    )


@pytest.fixture
def member(organisation):
    return factories.create_member(organisation=organisation, email="anna@testrup.dk")


def _priced_usage(organisation, name, base_fee=32_000):
    year = timezone.localdate().year
    factories.FeePolicyFactory(valid_from_year=2020)
    product = factories.ProductFactory(name=name)
    tier = organisation.size_tier()
    factories.FeeFactory(product=product, year=year, size_tier=tier, base_annual_fee=base_fee)
    return factories.UsageFactory(organisation=organisation, product=product)


def _text(response):
    return " ".join(response.text.split())


def test_url_is_named():
    assert reverse("membership:my-organisation") == URL


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=/min-organisation/"


def test_user_without_affiliation_is_offered_to_ask_for_one(client):
    user = factories.UserFactory()
    factories.EmailAddressFactory(user=user)
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert reverse("membership:affiliation-request") in response.text


def test_user_with_a_pending_request_sees_it(client, organisation):
    user = factories.UserFactory()
    factories.EmailAddressFactory(user=user)
    Affiliation.objects.create(
        user=user, organisation=organisation, method=Affiliation.Method.REQUEST
    )
    client.force_login(user)

    response = client.get(URL)

    assert "bedt om at blive tilknyttet Testrup Kommune" in _text(response)


def test_page_shows_tier_membership_usages_and_fees(client, member, organisation):
    _priced_usage(organisation, "OS2mo")
    client.force_login(member)

    response = client.get(URL)

    text = _text(response)
    assert "<h1>Min organisation: Testrup Kommune</h1>" in text
    assert "Medlem af OS2 siden" in text
    assert "25.000–60.000" in text
    assert "OS2mo" in text
    assert "34.880 kr." in text or "34,880 kr." in text
    quote = response.context["fees"][0][1]
    assert (quote.annual_fee, quote.is_member) == (34_880, True)


def test_stopped_usage_has_no_fee(client, member, organisation):
    usage = _priced_usage(organisation, "OS2mo")
    Usage.objects.filter(pk=usage.pk).update(status=Usage.Status.STOPPED)
    client.force_login(member)

    response = client.get(URL)

    assert response.context["fees"] == []


def test_page_shows_our_interests_and_pledges(client, member, organisation):
    initiative = factories.InitiativeFactory(title="OS2valghalla 4.0")
    factories.InterestFactory(organisation=organisation, initiative=initiative, pledge=150_000)
    factories.InterestFactory(initiative=factories.InitiativeFactory(title="Andres initiativ"))
    client.force_login(member)

    response = client.get(URL)

    text = _text(response)
    assert "OS2valghalla 4.0" in text
    assert "150.000 kr." in text or "150,000 kr." in text
    assert "Andres initiativ" not in text


def test_colleagues_are_listed_only_for_colleagues(client, member, organisation):
    factories.create_member(organisation=organisation, email="bo@testrup.dk")
    factories.create_member(email="udenfor@andetsted.dk")
    client.force_login(member)

    response = client.get(URL)

    assert [c.email for c in response.context["colleagues"]] == ["bo@testrup.dk"]
    assert "udenfor@andetsted.dk" not in response.text


def test_colleagues_of_an_ended_affiliation_are_not_listed(client, member, organisation):
    former = factories.create_member(organisation=organisation, email="tidligere@testrup.dk")
    Affiliation.objects.filter(user=former).update(status=Affiliation.Status.ENDED)
    client.force_login(member)

    response = client.get(URL)

    assert "tidligere@testrup.dk" not in response.text


# The fees of every product used come from five queries (tier, fee policy, price lines,
# co-funding, first year), however many products the organisation uses.
@pytest.mark.parametrize("usage_count", [1, 3, 50])
def test_query_count_is_pinned(
    client, member, organisation, django_assert_num_queries, usage_count
):
    for number in range(usage_count):
        _priced_usage(organisation, f"OS2produkt{number}")
    factories.InterestFactory(organisation=organisation)
    client.force_login(member)

    with django_assert_num_queries(13):
        response = client.get(URL)

    assert len(response.context["usages"]) == usage_count
