import pytest

from members.models import SizeTier
from tests.factories import OrganisationFactory, create_standard_size_tiers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "tier_number"),
    [
        (0, 1),
        (24_999, 1),
        (25_000, 2),
        (60_000, 2),
        (60_001, 3),
        (120_000, 3),
        (120_001, 4),
        (632_340, 4),
    ],
)
def test_population_falls_in_the_tier_of_the_general_assembly(population, tier_number):
    create_standard_size_tiers()

    assert SizeTier.objects.tier_for(population).number == tier_number


def test_secretariat_can_move_a_bound():
    tiers = create_standard_size_tiers()
    tiers[0].max_population = 29_999
    tiers[0].save()

    assert SizeTier.objects.tier_for(25_000).number == 1


def test_organisation_without_population_has_no_tier_unless_set_by_hand():
    tiers = create_standard_size_tiers()
    organisation = OrganisationFactory(population=None, population_year=None)

    assert organisation.size_tier() is None
    organisation.manual_size_tier = tiers[1]
    assert organisation.size_tier() == tiers[1]
