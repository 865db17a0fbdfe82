"""How an initiative's budget would be split among the municipalities that back it.

The rule, shown in the same words on the initiative's page:

- Only municipalities with an active interest and a known population take part in the split.
- The budget is split in proportion to population, so every participant pays the same
  amount per citizen: the budget divided by their combined population.
- Where the initiative sets a cap per citizen and that amount is above the cap, every
  participant pays the cap per citizen instead, and the rest of the budget is not covered
  until more municipalities join.
- Each share is rounded down to whole kroner, so that no share ever exceeds the cap.

The arithmetic is exact: integers and Decimal, never float.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any


@dataclass(frozen=True)
class MunicipalityShare:
    organisation: Any
    population: int
    share: int


@dataclass(frozen=True)
class CofinancingSplit:
    budget: int
    cap_per_citizen: Decimal
    # The amount every participant pays per citizen (before rounding down), or None when
    # no participant has a population.
    rate_per_citizen: Decimal | None
    capped: bool
    shares: list[MunicipalityShare]
    # Interested municipalities without a population figure, left out of the split.
    without_population: list[Any]

    @property
    def total_population(self) -> int:
        return sum(share.population for share in self.shares)

    @property
    def total(self) -> int:
        return sum(share.share for share in self.shares)

    @property
    def shortfall(self) -> int:
        """What the shares leave of the budget uncovered (only a few kroner unless capped)."""
        return max(self.budget - self.total, 0)


def _whole_kroner(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_FLOOR))


def split_by_population(
    *, budget: int, cap_per_citizen: Decimal, organisations: Iterable[Any]
) -> CofinancingSplit:
    """Each organisation's share of ``budget``, by population, capped per citizen.

    ``organisations`` are the interested municipalities, in the order they are to be shown;
    each needs a ``population`` attribute (an int, or None when not known).
    """
    cap = Decimal(cap_per_citizen)
    organisations = list(organisations)
    counted = [organisation for organisation in organisations if organisation.population]
    without_population = [
        organisation for organisation in organisations if not organisation.population
    ]
    total_population = sum(organisation.population for organisation in counted)
    if total_population == 0:
        return CofinancingSplit(
            budget=budget,
            cap_per_citizen=cap,
            rate_per_citizen=None,
            capped=False,
            shares=[],
            without_population=without_population,
        )

    even_rate = Decimal(budget) / Decimal(total_population)
    capped = even_rate > cap
    shares = []
    for organisation in counted:
        if capped:
            share = _whole_kroner(cap * organisation.population)
        else:
            # Integer division is the exact floor of budget × population / total population.
            share = budget * organisation.population // total_population
        shares.append(
            MunicipalityShare(
                organisation=organisation, population=organisation.population, share=share
            )
        )
    return CofinancingSplit(
        budget=budget,
        cap_per_citizen=cap,
        rate_per_citizen=cap if capped else even_rate,
        capped=capped,
        shares=shares,
        without_population=without_population,
    )
