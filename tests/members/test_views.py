import datetime
import itertools
import re

import pytest
from django.utils import timezone

from catalogue.models import Interest, Usage
from members.models import Organisation
from tests.factories import (
    AffiliationFactory,
    InitiativeFactory,
    InterestFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    UsageFactory,
    create_standard_size_tiers,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [organisation.name for organisation in response.context["organisations"]]


def test_organisation_list_shows_members_and_other_authorities_in_danish_order(client):
    OrganisationFactory(name="Aarhus Kommune")
    OrganisationFactory(name="Odense Kommune", member_since=None)
    OrganisationFactory(name="Ærø Kommune")

    response = client.get("/medlemmer/")

    assert response.status_code == 200
    assert names(response) == ["Odense Kommune", "Ærø Kommune", "Aarhus Kommune"]
    assert "3 myndigheder, heraf 2 medlemmer" in response.text


def test_organisation_list_filters_by_region(client):
    north = RegionFactory(code=1081)
    capital = RegionFactory(code=1084)
    OrganisationFactory(name="Aalborg Kommune", region=north)
    OrganisationFactory(name="Ballerup Kommune", region=capital)

    response = client.get("/medlemmer/", {"region": capital.slug})

    assert names(response) == ["Ballerup Kommune"]


def test_organisation_list_filters_by_kind(client):
    OrganisationFactory(name="Ballerup Kommune")
    OrganisationFactory(name="Region Hovedstaden", kind=Organisation.Kind.REGION)

    response = client.get("/medlemmer/", {"kind": "region"})

    assert names(response) == ["Region Hovedstaden"]


def test_organisation_list_filters_by_membership_now(client):
    today = timezone.localdate()
    OrganisationFactory(name="Medlem Kommune")
    OrganisationFactory(name="Aldrig Kommune", member_since=None)
    OrganisationFactory(
        name="Udmeldt Kommune",
        member_since=datetime.date(2015, 1, 1),
        member_until=today - datetime.timedelta(days=1),
    )
    OrganisationFactory(name="Kommende Kommune", member_since=today + datetime.timedelta(days=30))

    members = client.get("/medlemmer/", {"membership": "member"})
    non_members = client.get("/medlemmer/", {"membership": "non_member"})

    assert names(members) == ["Medlem Kommune"]
    assert names(non_members) == ["Aldrig Kommune", "Kommende Kommune", "Udmeldt Kommune"]
    assert "3 myndigheder, heraf 0 medlemmer" in non_members.text


def test_organisation_list_counts_products_in_use_and_initiatives_backed(client):
    organisation = OrganisationFactory()
    UsageFactory(organisation=organisation, status=Usage.Status.IN_USE)
    UsageFactory(organisation=organisation, status=Usage.Status.IMPLEMENTING)
    UsageFactory(organisation=organisation, status=Usage.Status.STOPPED)
    InterestFactory(organisation=organisation)
    InterestFactory(organisation=organisation, withdrawn_at=timezone.now())

    response = client.get("/medlemmer/")

    [listed] = response.context["organisations"]
    assert listed.products_in_use_count == 2
    assert listed.initiative_count == 1


def test_organisation_list_labels_its_filters_and_captions_its_table(client):
    OrganisationFactory()

    response = client.get("/medlemmer/")

    for field in ["region", "kind", "membership"]:
        assert f'<label for="id_{field}">' in response.text
        assert f'id="id_{field}"' in response.text
    assert response.text.count("<h1>") == 1
    assert "<caption>Myndigheder, deres medlemskab og hvad de bruger" in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_organisation_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    for organisation in OrganisationFactory.create_batch(rows):
        UsageFactory(organisation=organisation)
        InterestFactory(organisation=organisation)

    with django_assert_num_queries(4):
        response = client.get("/medlemmer/")

    assert len(response.context["organisations"]) == rows


def test_organisation_detail_shows_usages_by_status(client):
    organisation = OrganisationFactory(name="Ballerup Kommune")
    UsageFactory(
        organisation=organisation,
        product=ProductFactory(name="OS2faktor"),
        status=Usage.Status.IN_USE,
    )
    UsageFactory(
        organisation=organisation,
        product=ProductFactory(name="OS2borgerPC"),
        status=Usage.Status.IN_USE,
    )
    UsageFactory(
        organisation=organisation,
        product=ProductFactory(name="OS2iot"),
        status=Usage.Status.EVALUATING,
    )

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert [
        (status, [usage.product.name for usage in usages])
        for status, usages in response.context["usages_by_status"]
    ] == [("I brug", ["OS2borgerPC", "OS2faktor"]), ("Vurderer", ["OS2iot"])]
    assert "<caption>I brug (2)</caption>" in response.text


def test_organisation_detail_shows_the_initiatives_it_backs_but_not_withdrawn_ones(client):
    organisation = OrganisationFactory()
    InterestFactory(
        organisation=organisation,
        initiative=InitiativeFactory(title="OS2mo 2.0"),
        role=Interest.Role.CO_DEVELOPER,
    )
    InterestFactory(
        organisation=organisation,
        initiative=InitiativeFactory(title="Trukket tilbage"),
        withdrawn_at=timezone.now(),
    )

    response = client.get(organisation.get_absolute_url())

    assert [interest.initiative.title for interest in response.context["interests"]] == [
        "OS2mo 2.0"
    ]
    assert "<td>Medudvikler</td>" in response.text
    assert "Trukket tilbage" not in response.text


def test_organisation_detail_shows_tier_and_membership_dates(client):
    create_standard_size_tiers()
    organisation = OrganisationFactory(
        population=61_000,
        member_since=datetime.date(2016, 3, 1),
        member_until=datetime.date(2024, 12, 31),
    )

    response = client.get(organisation.get_absolute_url())

    assert response.context["size_tier"].number == 3
    assert "<dd>60.000–120.000</dd>" in response.text
    assert "Medlem fra 1. marts 2016 til 31. december 2024" in response.text
    assert "Ikke medlem" in response.text


def test_organisation_detail_shows_no_personal_data(client):
    organisation = OrganisationFactory()
    affiliation = AffiliationFactory(organisation=organisation)
    UsageFactory(organisation=organisation, declared_by=affiliation.user)
    InterestFactory(organisation=organisation, registered_by=affiliation.user)

    response = client.get(organisation.get_absolute_url())

    assert affiliation.user.email not in response.text
    assert affiliation.user.last_name not in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_organisation_detail_query_count_does_not_grow_with_usages(
    client, django_assert_num_queries, rows
):
    create_standard_size_tiers()
    organisation = OrganisationFactory()
    UsageFactory.create_batch(rows, organisation=organisation)
    InterestFactory.create_batch(rows, organisation=organisation)

    with django_assert_num_queries(4):
        response = client.get(organisation.get_absolute_url())

    assert len(response.context["interests"]) == rows


def test_organisation_pages_in_english(client):
    organisation = OrganisationFactory(name="Ballerup Kommune")
    UsageFactory(organisation=organisation)

    list_response = client.get("/en/medlemmer/", {"membership": "member"})
    detail_response = client.get(f"/en/medlemmer/{organisation.slug}/")

    assert '<html lang="en">' in list_response.text
    assert "1 authority, of which 1 is a member" in list_response.text
    assert "Members and other authorities" in list_response.text
    assert "Products the authority uses" in detail_response.text
    assert "Member since Jan. 1, 2015" in detail_response.text


def assert_accessible_outline(html):
    """One h1, headings that never skip a level going down, and no inline style (CSP)."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert " style=" not in html
    assert "<script>" not in html


def test_organisation_pages_have_an_accessible_outline(client):
    organisation = OrganisationFactory()
    UsageFactory(organisation=organisation)
    InterestFactory(organisation=organisation)

    assert_accessible_outline(client.get("/medlemmer/").text)
    assert_accessible_outline(client.get(organisation.get_absolute_url()).text)
