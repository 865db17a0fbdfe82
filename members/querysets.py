import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


class SizeTierQuerySet(models.QuerySet):
    def tier_for(self, population: int, tiers=None):
        """The tier a population falls in: the first whose upper bound it does not exceed.

        ``tiers`` may be an already fetched, ordered list, to avoid a query per row.
        """
        if tiers is None:
            tiers = list(self.order_by("number"))
        for tier in tiers:
            if tier.max_population is None or population <= tier.max_population:
                return tier
        return None


def member_on(day: datetime.date) -> Q:
    """The condition for being a member on a day: since then or before, and not ended."""
    return Q(member_since__lte=day) & (Q(member_until__isnull=True) | Q(member_until__gte=day))


class OrganisationQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date):
        return self.filter(member_on(day))

    def members(self):
        """Members now: member since a past day, and not (yet) past their last day."""
        return self.members_on(timezone.localdate())

    def non_members(self):
        return self.exclude(pk__in=self.members().values("pk"))

    def with_activity_counts(self):
        """Annotate ``products_in_use_count`` (in use or being implemented) and
        ``initiative_count`` (initiatives backed by an active interest)."""
        return self.annotate(
            products_in_use_count=Count(
                "usages__product",
                filter=Q(usages__status__in=["in_use", "implementing"]),
                distinct=True,
            ),
            initiative_count=Count(
                "interests__initiative",
                filter=Q(interests__withdrawn_at__isnull=True),
                distinct=True,
            ),
        )

    def membership_summary(self, day: datetime.date | None = None) -> dict[str, int]:
        """``{"total": …, "members": …}``: how many organisations, and how many are members."""
        is_member = member_on(day or timezone.localdate())
        return self.aggregate(
            total=Count("pk", distinct=True), members=Count("pk", filter=is_member, distinct=True)
        )

    def for_email_domain(self, email: str):
        domain = email.rsplit("@", 1)[-1].strip().lower()
        return self.filter(email_domains__domain=domain)

    def for_user(self, user):
        """The organisation a user acts for (its approved affiliation), as a queryset."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(affiliations__user=user, affiliations__status="approved")


class AffiliationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status="approved")

    def pending(self):
        return self.filter(status="pending")
