import datetime

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from os2portal.db import DanishSortKey


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
        """Open calls first (soonest deadline first), then the rest, newest deadline first.

        Annotates ``is_open``, so that a page can head the two groups.
        """
        open_deadline = models.Case(models.When(status="open", then=models.F("deadline")))
        return self.annotate(
            is_open=models.Case(
                models.When(status="open", then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by(
            models.F("is_open").desc(),
            open_deadline.asc(nulls_last=True),
            models.F("deadline").desc(),
            "title",
        )

    def with_interest_totals(self):
        """Annotate ``interest_count`` and ``pledged_total`` over active interests."""
        active = Q(interests__withdrawn_at__isnull=True)
        return self.annotate(
            interest_count=Count("interests", filter=active, distinct=True),
            pledged_total=Sum("interests__pledge", filter=active, default=0),
        )

    def with_active_interests(self):
        """Prefetch ``active_interests``: a list with each organisation, by Danish name."""
        from catalogue.models import Interest

        return self.prefetch_related(
            models.Prefetch(
                "interests",
                queryset=Interest.objects.active().by_organisation_name(),
                to_attr="active_interests",
            )
        )


class InterestQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def by_organisation_name(self):
        """With each organisation (and its region), in Danish alphabetical order."""
        return self.select_related("organisation__region").order_by(
            DanishSortKey("organisation__name"), "organisation__name"
        )

    def by_initiative(self):
        """With each initiative, the latest deadline first."""
        return self.select_related("initiative").order_by(
            models.F("initiative__deadline").desc(), "initiative__title"
        )
