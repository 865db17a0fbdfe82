"""Each of the catalogue's database constraints refuses a bad row."""

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from catalogue.models import FeePolicy, Initiative, Interest, Product, Supplier, Usage
from tests.factories import (
    FeeFactory,
    InitiativeFactory,
    InterestFactory,
    OrganisationFactory,
    ProductFactory,
    SizeTierFactory,
    SupplierFactory,
    SupplierRoleFactory,
    UsageFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> str:
    """Run ``create`` in a savepoint; it must fail. Returns the database's message."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    return str(error.value)


@pytest.mark.parametrize("cvr", ["1234567", "01234567", "1234567a"])
def test_cvr_not_eight_digits_is_refused(cvr):
    message = refused(lambda: SupplierFactory(cvr=cvr))

    assert "supplier_cvr_eight_digits" in message


def test_cvr_longer_than_eight_characters_is_refused():
    with pytest.raises(DataError), transaction.atomic():
        SupplierFactory(cvr="123456789")


def test_duplicate_cvr_is_refused():
    SupplierFactory(cvr="12345674")

    message = refused(lambda: SupplierFactory(cvr="12345674"))

    assert "supplier_unique_cvr" in message


def test_several_suppliers_without_cvr_are_accepted():
    SupplierFactory(cvr="")

    SupplierFactory(cvr="")

    assert Supplier.objects.filter(cvr="").count() == 2


def test_duplicate_supplier_role_is_refused():
    role = SupplierRoleFactory()

    message = refused(
        lambda: SupplierRoleFactory(product=role.product, supplier=role.supplier, role=role.role)
    )

    assert "supplier_role_unique" in message


def test_level_rank_above_three_is_refused():
    message = refused(lambda: ProductFactory(current_level_rank=4))

    assert "product_level_rank_range" in message


def test_negative_level_rank_is_refused():
    product = ProductFactory()

    message = refused(lambda: Product.objects.filter(pk=product.pk).update(current_level_rank=-1))

    assert "current_level_rank" in message


def test_public_coordinator_without_email_is_refused():
    message = refused(lambda: ProductFactory(coordinator_public=True, coordinator_email=""))

    assert "product_public_coordinator_has_email" in message


def test_duplicate_usage_is_refused():
    usage = UsageFactory()

    message = refused(lambda: UsageFactory(organisation=usage.organisation, product=usage.product))

    assert "usage_one_per_organisation_and_product" in message


def test_usages_of_two_products_by_one_organisation_are_accepted():
    organisation = OrganisationFactory()
    UsageFactory(organisation=organisation)

    UsageFactory(organisation=organisation)

    assert Usage.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize("year", [1999, 2101])
def test_fee_year_out_of_range_is_refused(year):
    message = refused(lambda: FeeFactory(year=year))

    assert "fee_year_range" in message


def test_second_fee_for_the_same_product_year_and_tier_is_refused():
    fee = FeeFactory()

    message = refused(
        lambda: FeeFactory(product=fee.product, year=fee.year, size_tier=fee.size_tier)
    )

    assert "fee_one_per_product_year_tier" in message


def test_negative_base_fee_is_refused():
    message = refused(lambda: FeeFactory(size_tier=SizeTierFactory(), base_annual_fee=-1))

    assert "base_annual_fee" in message


def test_negative_surcharge_is_refused():
    message = refused(
        lambda: FeePolicy.objects.create(
            valid_from_year=2030, member_surcharge_percent=-1, non_member_surcharge_percent=35
        )
    )

    assert "fee_policy_surcharges_not_negative" in message


def test_duplicate_fee_policy_year_is_refused():
    FeePolicy.objects.create(
        valid_from_year=2030, member_surcharge_percent=9, non_member_surcharge_percent=35
    )

    message = refused(
        lambda: FeePolicy.objects.create(
            valid_from_year=2030, member_surcharge_percent=8, non_member_surcharge_percent=30
        )
    )

    assert "valid_from_year" in message


def test_initiative_without_participants_is_refused():
    message = refused(lambda: InitiativeFactory(min_participants=0))

    assert "initiative_min_participants_positive" in message


def test_initiative_cap_per_citizen_of_zero_is_refused():
    message = refused(lambda: InitiativeFactory(cap_per_citizen=0))

    assert "initiative_cap_per_citizen_positive" in message


def test_initiative_without_budget_is_refused():
    message = refused(lambda: InitiativeFactory(budget_target=0))

    assert "initiative_budget_positive" in message


def test_second_active_interest_of_an_organisation_is_refused():
    interest = InterestFactory()

    message = refused(
        lambda: InterestFactory(
            organisation=interest.organisation,
            initiative=interest.initiative,
            role=Interest.Role.USER,
        )
    )

    assert "interest_one_active_per_organisation" in message


def test_new_active_interest_after_a_withdrawn_one_is_accepted():
    withdrawn = InterestFactory(withdrawn_at=timezone.now())

    InterestFactory(organisation=withdrawn.organisation, initiative=withdrawn.initiative)

    interests = Interest.objects.filter(initiative=withdrawn.initiative)
    assert (interests.count(), interests.active().count()) == (2, 1)


def test_negative_pledge_is_refused():
    message = refused(lambda: InterestFactory(pledge=-1))

    assert "pledge" in message


def test_interests_in_two_initiatives_by_one_organisation_are_accepted():
    organisation = OrganisationFactory()
    InterestFactory(organisation=organisation)

    InterestFactory(organisation=organisation, initiative=InitiativeFactory())

    assert Initiative.objects.filter(interests__organisation=organisation).count() == 2


def test_withdrawn_by_without_a_withdrawal_time_is_refused():
    interest = InterestFactory()

    message = refused(
        lambda: Interest.objects.filter(pk=interest.pk).update(withdrawn_by=interest.registered_by)
    )

    assert "interest_withdrawn_by_only_when_withdrawn" in message
