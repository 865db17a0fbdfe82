import datetime

from django.db import models
from django.db.models import Q
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


class OrganisationQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date):
        return self.filter(
            Q(member_since__lte=day), Q(member_until__isnull=True) | Q(member_until__gte=day)
        )

    def members(self):
        """Members now: member since a past day, and not (yet) past their last day."""
        return self.members_on(timezone.localdate())

    def non_members(self):
        return self.exclude(pk__in=self.members().values("pk"))

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
