"""Fee arithmetic: what an organisation pays a product in a year. The one place for it.

Members pay the base annual fee plus the member surcharge (9 % when this was written);
non-members pay the base fee plus the non-member surcharge (35 %). A joining fee may apply
in the first year; organisations that co-funded the product's development are exempt.
Amounts are whole kroner, rounded half up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class FeeQuote:
    base_annual_fee: int
    surcharge_percent: Decimal
    annual_fee: int
    joining_fee: int
    is_member: bool
    joining_fee_waived: bool

    @property
    def surcharge(self) -> int:
        return self.annual_fee - self.base_annual_fee

    @property
    def first_year_total(self) -> int:
        return self.annual_fee + self.joining_fee


def with_surcharge(base: int, percent: Decimal) -> int:
    amount = Decimal(base) * (Decimal(100) + Decimal(percent)) / Decimal(100)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def quote_fee(
    *,
    base_annual_fee: int,
    joining_fee: int,
    member_surcharge_percent: Decimal,
    non_member_surcharge_percent: Decimal,
    is_member: bool,
    co_funded: bool = False,
    first_year: bool = True,
) -> FeeQuote:
    """The fee for one organisation from a price sheet line and the fee policy."""
    percent = member_surcharge_percent if is_member else non_member_surcharge_percent
    waived = co_funded and joining_fee > 0
    return FeeQuote(
        base_annual_fee=base_annual_fee,
        surcharge_percent=Decimal(percent),
        annual_fee=with_surcharge(base_annual_fee, percent),
        joining_fee=0 if (waived or not first_year) else joining_fee,
        is_member=is_member,
        joining_fee_waived=waived and first_year,
    )


def fee_policy_for(year: int):
    """The fee policy in force in a year: the latest that starts in or before it."""
    from catalogue.models import FeePolicy

    return FeePolicy.objects.filter(valid_from_year__lte=year).order_by("-valid_from_year").first()


def organisation_fee(*, product, organisation, year: int) -> FeeQuote | None:
    """The fee an organisation pays a product in a year, or None without a price or tier."""
    return organisation_fees(products=[product], organisation=organisation, year=year)[product.pk]


def organisation_fees(*, products, organisation, year: int) -> dict[int, FeeQuote | None]:
    """``organisation_fee`` for many products, by product id, in at most five queries."""
    from catalogue.models import Fee, Interest, Usage

    product_ids = [product.pk for product in products]
    quotes: dict[int, FeeQuote | None] = dict.fromkeys(product_ids)
    tier = organisation.size_tier()
    policy = fee_policy_for(year)
    if tier is None or policy is None or not product_ids:
        return quotes
    fees = {
        fee.product_id: fee
        for fee in Fee.objects.filter(product__in=product_ids, year=year, size_tier=tier)
    }
    co_funded = set(
        Interest.objects.active()
        .filter(
            organisation=organisation,
            initiative__product__in=fees,
            role=Interest.Role.CO_FUNDER,
            initiative__status__in=["funded", "closed"],
        )
        .values_list("initiative__product", flat=True)
    )
    since = dict(
        Usage.objects.filter(organisation=organisation, product__in=fees).values_list(
            "product", "since"
        )
    )
    for product_id, fee in fees.items():
        started = since.get(product_id)
        quotes[product_id] = quote_fee(
            base_annual_fee=fee.base_annual_fee,
            joining_fee=fee.joining_fee,
            member_surcharge_percent=policy.member_surcharge_percent,
            non_member_surcharge_percent=policy.non_member_surcharge_percent,
            is_member=organisation.is_member,
            co_funded=product_id in co_funded,
            first_year=started is None or started.year >= year,
        )
    return quotes
