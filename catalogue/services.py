"""Writes in the catalogue. Each write that touches several rows, crosses apps, sends mail
or must be audited is one function here."""

from django.db import transaction
from django.utils import timezone

from catalogue.models import Usage


@transaction.atomic
def usage_mark_confirmed(*, usages, confirmed_at=None) -> int:
    """Mark usages confirmed now (the secretariat's admin action); returns how many."""
    return Usage.objects.filter(pk__in=[u.pk for u in usages]).update(
        last_confirmed_at=confirmed_at or timezone.now()
    )
