from decimal import Decimal

from catalogue.cofinancing import split_by_population
from members.models import Organisation


def municipality(name, population):
    return Organisation(name=name, kind=Organisation.Kind.MUNICIPALITY, population=population)


def test_split_by_population_shares_the_budget_in_proportion_to_population():
    aarhus = municipality("Aarhus", 300_000)
    odder = municipality("Odder", 100_000)

    split = split_by_population(
        budget=400_000, cap_per_citizen=Decimal("2.00"), organisations=[aarhus, odder]
    )

    assert [(share.organisation, share.share) for share in split.shares] == [
        (aarhus, 300_000),
        (odder, 100_000),
    ]
    assert split.capped is False
    assert split.rate_per_citizen == Decimal("1")
    assert split.total == 400_000
    assert split.shortfall == 0


def test_split_by_population_applies_the_cap_when_the_even_rate_is_above_it():
    aarhus = municipality("Aarhus", 300_000)
    odder = municipality("Odder", 100_000)

    split = split_by_population(
        budget=1_000_000, cap_per_citizen=Decimal("1.30"), organisations=[aarhus, odder]
    )

    assert [share.share for share in split.shares] == [390_000, 130_000]
    assert split.capped is True
    assert split.rate_per_citizen == Decimal("1.30")
    assert split.total == 520_000
    assert split.shortfall == 480_000


def test_split_by_population_rounds_each_share_down_to_whole_kroner():
    first = municipality("Første", 33_333)
    second = municipality("Anden", 33_334)
    third = municipality("Tredje", 33_334)

    split = split_by_population(
        budget=100_000, cap_per_citizen=Decimal("5.00"), organisations=[first, second, third]
    )

    # 100,000 × 33,333 / 100,001 = 33,332.67 and 100,000 × 33,334 / 100,001 = 33,333.67.
    assert [share.share for share in split.shares] == [33_332, 33_333, 33_333]
    assert split.total == 99_998
    assert split.shortfall == 2


def test_split_by_population_never_rounds_a_capped_share_above_the_cap():
    odder = municipality("Odder", 22_999)

    split = split_by_population(
        budget=1_000_000, cap_per_citizen=Decimal("1.35"), organisations=[odder]
    )

    # 1.35 × 22,999 = 31,048.65 kr.
    assert [share.share for share in split.shares] == [31_048]


def test_split_by_population_is_exact_at_the_cap():
    aarhus = municipality("Aarhus", 300_000)
    odder = municipality("Odder", 100_000)

    split = split_by_population(
        budget=520_000, cap_per_citizen=Decimal("1.30"), organisations=[aarhus, odder]
    )

    assert split.capped is False
    assert [share.share for share in split.shares] == [390_000, 130_000]
    assert split.shortfall == 0


def test_split_by_population_leaves_out_municipalities_without_a_population():
    aarhus = municipality("Aarhus", 300_000)
    unknown = municipality("Ukendt", None)

    split = split_by_population(
        budget=300_000, cap_per_citizen=Decimal("2.00"), organisations=[aarhus, unknown]
    )

    assert [share.organisation for share in split.shares] == [aarhus]
    assert split.without_population == [unknown]
    assert split.total_population == 300_000


def test_split_by_population_without_any_population_has_no_shares():
    unknown = municipality("Ukendt", None)

    split = split_by_population(
        budget=300_000, cap_per_citizen=Decimal("2.00"), organisations=[unknown]
    )

    assert split.shares == []
    assert split.rate_per_citizen is None
    assert split.total == 0
    assert split.shortfall == 300_000
