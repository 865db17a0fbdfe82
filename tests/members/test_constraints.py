"""Each of members' database constraints refuses a bad row, whatever the code above it does."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from members.models import Affiliation, EmailDomain, Organisation, Region, SizeTier
from tests.factories import (
    AffiliationFactory,
    OrganisationFactory,
    RegionFactory,
    SizeTierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> str:
    """Run ``create`` in a savepoint; it must fail. Returns the database's message."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    return str(error.value)


@pytest.mark.parametrize("code", [1080, 1086, 84])
def test_region_code_outside_1081_to_1085_is_refused(code):
    message = refused(lambda: Region.objects.create(code=code, name="Region X", slug="region-x"))

    assert "region_code_range" in message


def test_region_code_in_range_is_accepted():
    region = Region.objects.create(code=1085, name="Region Sjælland", slug="region-sjaelland")

    assert region.pk is not None


def test_duplicate_region_code_is_refused():
    RegionFactory(code=1081)

    message = refused(lambda: Region.objects.create(code=1081, name="Anden", slug="anden"))

    assert "code" in message


def test_duplicate_municipality_code_is_refused():
    OrganisationFactory(municipality_code=101)

    message = refused(lambda: OrganisationFactory(municipality_code=101))

    assert "organisation_unique_municipality_code" in message


def test_same_code_on_another_kind_of_organisation_is_accepted():
    OrganisationFactory(municipality_code=101)

    other = OrganisationFactory(municipality_code=101, kind=Organisation.Kind.OTHER)

    assert other.pk is not None


@pytest.mark.parametrize("code", [99, 1000, 0])
def test_municipality_code_not_three_digits_is_refused(code):
    message = refused(lambda: OrganisationFactory(municipality_code=code))

    assert "organisation_municipality_code_three_digits" in message


def test_membership_ending_before_it_starts_is_refused():
    message = refused(
        lambda: OrganisationFactory(
            member_since=datetime.date(2020, 1, 1), member_until=datetime.date(2019, 12, 31)
        )
    )

    assert "organisation_membership_ends_after_it_starts" in message


def test_membership_end_without_start_is_refused():
    message = refused(
        lambda: OrganisationFactory(member_since=None, member_until=datetime.date(2019, 12, 31))
    )

    assert "organisation_membership_ends_after_it_starts" in message


def test_membership_ending_the_day_it_starts_is_accepted():
    day = datetime.date(2020, 1, 1)

    organisation = OrganisationFactory(member_since=day, member_until=day)

    assert organisation.member_until == day


def test_population_without_year_is_refused():
    message = refused(lambda: OrganisationFactory(population=40_000, population_year=None))

    assert "organisation_population_has_year" in message


def test_negative_population_is_refused():
    message = refused(lambda: OrganisationFactory(population=-1))

    assert "population" in message


def test_size_tier_number_zero_is_refused():
    message = refused(lambda: SizeTier.objects.create(number=0, name="Nul"))

    assert "size_tier_number_positive" in message


def test_two_size_tiers_with_the_same_bound_are_refused():
    SizeTierFactory(number=1, max_population=25_000)

    message = refused(lambda: SizeTierFactory(number=2, max_population=25_000))

    assert "max_population" in message


def test_upper_case_email_domain_is_refused():
    organisation = OrganisationFactory()

    message = refused(
        lambda: EmailDomain.objects.create(organisation=organisation, domain="Aarhus.dk")
    )

    assert "email_domain_lower_case" in message


def test_email_domain_of_two_organisations_is_refused():
    EmailDomain.objects.create(organisation=OrganisationFactory(), domain="aarhus.dk")

    message = refused(
        lambda: EmailDomain.objects.create(organisation=OrganisationFactory(), domain="aarhus.dk")
    )

    assert "domain" in message


def test_second_open_affiliation_of_a_user_is_refused():
    user = UserFactory()
    AffiliationFactory(user=user, status=Affiliation.Status.APPROVED)

    message = refused(lambda: AffiliationFactory(user=user, status=Affiliation.Status.PENDING))

    assert "affiliation_one_open_per_user" in message


def test_new_affiliation_after_an_ended_one_is_accepted():
    user = UserFactory()
    AffiliationFactory(user=user, status=Affiliation.Status.ENDED)

    affiliation = AffiliationFactory(user=user, status=Affiliation.Status.APPROVED)

    assert affiliation.pk is not None


@pytest.mark.parametrize("year", [1899, 2101])
def test_a_population_year_outside_1900_to_2100_is_refused(year):
    message = refused(lambda: OrganisationFactory(population=50_000, population_year=year))

    assert "organisation_population_year_range" in message
