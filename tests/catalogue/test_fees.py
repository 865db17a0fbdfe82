import datetime
from decimal import Decimal

import pytest

from catalogue.fees import organisation_fee, organisation_fees, quote_fee
from catalogue.models import Initiative, Interest
from tests.factories import (
    FeeFactory,
    FeePolicyFactory,
    InitiativeFactory,
    InterestFactory,
    OrganisationFactory,
    ProductFactory,
    UsageFactory,
    create_standard_size_tiers,
)

POLICY = {"member_surcharge_percent": Decimal(9), "non_member_surcharge_percent": Decimal(35)}


@pytest.mark.parametrize(
    ("base", "member_fee"),
    [(22_000, 23_980), (32_000, 34_880), (42_000, 45_780), (52_000, 56_680)],
)
def test_member_pays_base_plus_nine_percent_as_in_the_valghalla_price_sheet(base, member_fee):
    quote = quote_fee(base_annual_fee=base, joining_fee=0, is_member=True, **POLICY)

    assert quote.annual_fee == member_fee


def test_non_member_pays_base_plus_thirty_five_percent():
    quote = quote_fee(base_annual_fee=22_000, joining_fee=5_000, is_member=False, **POLICY)

    assert (quote.annual_fee, quote.surcharge, quote.joining_fee) == (29_700, 7_700, 5_000)
    assert quote.first_year_total == 34_700


def test_co_funder_is_exempt_from_the_joining_fee():
    quote = quote_fee(
        base_annual_fee=22_000, joining_fee=5_000, is_member=True, co_funded=True, **POLICY
    )

    assert (quote.annual_fee, quote.joining_fee, quote.joining_fee_waived) == (23_980, 0, True)


def test_joining_fee_only_in_the_first_year():
    quote = quote_fee(
        base_annual_fee=22_000, joining_fee=5_000, is_member=True, first_year=False, **POLICY
    )

    assert quote.first_year_total == 23_980


def test_surcharge_rounds_half_up_to_whole_kroner():
    quote = quote_fee(
        base_annual_fee=50,
        joining_fee=0,
        is_member=True,
        member_surcharge_percent=Decimal(9),
        non_member_surcharge_percent=Decimal(35),
    )

    assert quote.annual_fee == 55  # 54.5 rounds up


@pytest.mark.django_db
class TestOrganisationFee:
    def setup_method(self):
        self.tiers = create_standard_size_tiers()
        FeePolicyFactory(valid_from_year=2020)
        self.product = ProductFactory()
        for tier, base in zip(self.tiers, [22_000, 32_000, 42_000, 52_000], strict=True):
            FeeFactory(
                product=self.product,
                year=2026,
                size_tier=tier,
                base_annual_fee=base,
                joining_fee=10_000,
            )

    def test_member_in_the_second_tier(self):
        organisation = OrganisationFactory(population=48_602)

        quote = organisation_fee(product=self.product, organisation=organisation, year=2026)

        assert (quote.annual_fee, quote.joining_fee, quote.is_member) == (34_880, 10_000, True)

    def test_non_member_in_the_largest_tier(self):
        organisation = OrganisationFactory(population=632_340, member_since=None)

        quote = organisation_fee(product=self.product, organisation=organisation, year=2026)

        assert (quote.annual_fee, quote.is_member) == (70_200, False)

    def test_co_funder_of_a_funded_initiative_pays_no_joining_fee(self):
        organisation = OrganisationFactory(population=20_000)
        initiative = InitiativeFactory(product=self.product, status=Initiative.Status.FUNDED)
        InterestFactory(
            organisation=organisation, initiative=initiative, role=Interest.Role.CO_FUNDER
        )

        quote = organisation_fee(product=self.product, organisation=organisation, year=2026)

        assert (quote.annual_fee, quote.joining_fee, quote.joining_fee_waived) == (23_980, 0, True)

    def test_existing_user_pays_no_joining_fee(self):
        organisation = OrganisationFactory(population=20_000)
        UsageFactory(
            organisation=organisation, product=self.product, since=datetime.date(2021, 3, 1)
        )

        quote = organisation_fee(product=self.product, organisation=organisation, year=2026)

        assert quote.first_year_total == 23_980

    def test_manual_tier_for_an_authority_without_citizens(self):
        organisation = OrganisationFactory(
            kind="state",
            municipality_code=None,
            population=None,
            population_year=None,
            manual_size_tier=self.tiers[2],
        )

        quote = organisation_fee(product=self.product, organisation=organisation, year=2026)

        assert quote.annual_fee == 45_780

    def test_no_quote_without_a_price_for_the_year(self):
        organisation = OrganisationFactory()

        assert organisation_fee(product=self.product, organisation=organisation, year=2030) is None

    def test_fees_for_many_products_match_one_by_one_in_five_queries(
        self, django_assert_num_queries
    ):
        organisation = OrganisationFactory(population=20_000)
        existing = ProductFactory()
        FeeFactory(product=existing, year=2026, size_tier=self.tiers[0], base_annual_fee=10_000)
        UsageFactory(organisation=organisation, product=existing, since=datetime.date(2020, 1, 1))
        initiative = InitiativeFactory(product=self.product, status=Initiative.Status.CLOSED)
        InterestFactory(
            organisation=organisation, initiative=initiative, role=Interest.Role.CO_FUNDER
        )
        unpriced = ProductFactory()
        products = [self.product, existing, unpriced]

        with django_assert_num_queries(5):
            quotes = organisation_fees(products=products, organisation=organisation, year=2026)

        assert quotes == {
            product.pk: organisation_fee(product=product, organisation=organisation, year=2026)
            for product in products
        }
        assert quotes[self.product.pk].joining_fee_waived is True
        assert quotes[existing.pk].joining_fee == 0
        assert quotes[unpriced.pk] is None
