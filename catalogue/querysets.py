import datetime

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone


class ProductQuerySet(models.QuerySet):
    def with_user_count(self):
        """Annotate ``user_count``: organisations using or implementing the product."""
        return self.annotate(
            user_count=Count(
                "usages",
                filter=Q(usages__status__in=["in_use", "implementing"]),
                distinct=True,
            )
        )

    def at_level(self, rank: int):
        return self.filter(current_level_rank=rank)


class UsageQuerySet(models.QuerySet):
    def current(self):
        """Usages that are not stopped."""
        return self.exclude(status="stopped")

    def unconfirmed(self, now: datetime.datetime | None = None):
        """Not confirmed within the last 12 months (or never)."""
        from catalogue.models import Usage

        cutoff = (now or timezone.now()) - datetime.timedelta(days=Usage.CONFIRMATION_VALID_DAYS)
        return self.filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lte=cutoff))


class InitiativeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status="open")

    def open_first(self):
        """Open calls first (soonest deadline first), then the rest, newest deadline first."""
        return self.annotate(
            is_open=models.Case(
                models.When(status="open", then=models.Value(0)),
                default=models.Value(1),
            )
        ).order_by("is_open", models.F("deadline").asc(), "title")

    def with_interest_totals(self):
        """Annotate ``interest_count`` and ``pledged_total`` over active interests."""
        active = Q(interests__withdrawn_at__isnull=True)
        return self.annotate(
            interest_count=Count("interests", filter=active, distinct=True),
            pledged_total=Sum("interests__pledge", filter=active, default=0),
        )


class InterestQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)
