"""Writes in the catalogue. Each write that touches several rows, crosses apps, sends mail
or must be audited is one function here.

Members' writes (interests in initiatives, usage declarations) check who may act through
``members.services.acting_organisation``, write in one transaction, record an audit entry
and send their mail once the transaction has committed.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative, Interest, Product, Usage
from members.services import NotPermitted, acting_organisation, audit_record, send_portal_mail

NOTE_MAX_LENGTH = 1000
ALREADY_REGISTERED = _(
    "Jeres organisation har allerede en aktiv interessetilkendegivelse for dette initiativ. "
    "Ret den i stedet for at oprette en ny."
)


@transaction.atomic
def usage_mark_confirmed(*, usages, confirmed_at=None) -> int:
    """Mark usages confirmed now (the secretariat's admin action); returns how many."""
    return Usage.objects.filter(pk__in=[u.pk for u in usages]).update(
        last_confirmed_at=confirmed_at or timezone.now()
    )


# Interests -----------------------------------------------------------------------------


def ensure_accepts_interest(initiative: Initiative) -> None:
    """NotPermitted unless the initiative is open and its deadline has not passed."""
    if not initiative.accepts_interest_on(timezone.localdate()):
        raise NotPermitted(
            _(
                "Initiativet tager ikke imod interessetilkendegivelser længere: det er lukket, "
                "eller fristen er overskredet."
            )
        )


def _validated_interest_input(*, initiative: Initiative, role: str, pledge, note: str):
    """Field errors in Danish for a role, pledge and note; nothing is saved on an error."""
    errors = {}
    if role not in Interest.Role.values:
        errors["role"] = _("Vælg en af rollerne på listen.")
    if pledge is not None:
        if isinstance(pledge, Decimal | float) and pledge != int(pledge):
            errors["pledge"] = _("Tilsagnet skal være i hele kroner.")
        elif pledge < 0:
            errors["pledge"] = _("Tilsagnet kan ikke være negativt.")
        elif pledge > initiative.budget_target:
            errors["pledge"] = _(
                "Tilsagnet kan ikke være større end initiativets budgetmål på %(budget)s kr."
            ) % {"budget": f"{initiative.budget_target:,}".replace(",", ".")}
        else:
            pledge = int(pledge)
    note = note or ""
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Noten må højst være %(max)d tegn (den er %(length)d).") % {
            "max": NOTE_MAX_LENGTH,
            "length": len(note),
        }
    if errors:
        raise ValidationError(errors)
    return role, pledge, note


def _mail_interest(*, user, interest: Interest, event: str) -> None:
    context = {"interest": interest, "initiative": interest.initiative, "user": user}
    transaction.on_commit(
        lambda: (
            send_portal_mail(template=f"interest_{event}", to=[user.email], context=context),
            send_portal_mail(
                template=f"interest_{event}_notification",
                to=[settings.SECRETARIAT_EMAIL, interest.initiative.coordinator_email],
                context=context,
                language="da",
            ),
        )
    )


def _own_interest(*, user, interest: Interest) -> tuple:
    organisation = acting_organisation(user)
    interest = Interest.objects.select_for_update().select_related("initiative").get(pk=interest.pk)
    if interest.organisation_id != organisation.pk:
        raise NotPermitted(_("Du kan kun ændre din egen organisations interessetilkendegivelser."))
    if not interest.is_active:
        raise NotPermitted(_("Interessetilkendegivelsen er allerede trukket tilbage."))
    ensure_accepts_interest(interest.initiative)
    return organisation, interest


@transaction.atomic
def interest_register(
    *, user, initiative: Initiative, role: str, pledge: int | None = None, note: str = ""
) -> Interest:
    """Register the user's organisation's interest in an open initiative.

    One active interest per organisation and initiative: the database refuses a second
    (two colleagues at the same moment, or a double click), and the loser is told so.
    """
    organisation = acting_organisation(user)
    ensure_accepts_interest(initiative)
    role, pledge, note = _validated_interest_input(
        initiative=initiative, role=role, pledge=pledge, note=note
    )
    interest = Interest(
        organisation=organisation,
        initiative=initiative,
        role=role,
        pledge=pledge,
        note=note,
        registered_by=user,
        registered_at=timezone.now(),
    )
    # The uniqueness of the active interest is the database's to decide (below), so that
    # two requests at the same moment cannot both pass a check made before either writes.
    interest.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_REGISTERED, code="already_registered") from error
    audit_record(
        user=user,
        action="interest.register",
        organisation=organisation,
        obj=interest,
        details={"role": role, "pledge": pledge},
    )
    _mail_interest(user=user, interest=interest, event="registered")
    return interest


@transaction.atomic
def interest_change(
    *, user, interest: Interest, role: str, pledge: int | None = None, note: str = ""
) -> Interest:
    """A colleague changes the organisation's active interest until the deadline."""
    organisation, interest = _own_interest(user=user, interest=interest)
    role, pledge, note = _validated_interest_input(
        initiative=interest.initiative, role=role, pledge=pledge, note=note
    )
    before = {"role": interest.role, "pledge": interest.pledge}
    interest.role, interest.pledge, interest.note = role, pledge, note
    interest.full_clean(validate_constraints=False)
    interest._change_reason = f"Ændret af {user.email}"
    interest.save()
    audit_record(
        user=user,
        action="interest.change",
        organisation=organisation,
        obj=interest,
        details={"before": before, "after": {"role": role, "pledge": pledge}},
    )
    _mail_interest(user=user, interest=interest, event="changed")
    return interest


@transaction.atomic
def interest_withdraw(*, user, interest: Interest) -> Interest:
    """A colleague withdraws the organisation's interest; the row and its history stay."""
    organisation, interest = _own_interest(user=user, interest=interest)
    interest.withdrawn_at = timezone.now()
    interest.withdrawn_by = user
    interest._change_reason = f"Trukket tilbage af {user.email}"
    interest.save()
    audit_record(
        user=user,
        action="interest.withdraw",
        organisation=organisation,
        obj=interest,
        details={"role": interest.role, "pledge": interest.pledge},
    )
    _mail_interest(user=user, interest=interest, event="withdrawn")
    return interest


# Usage declarations --------------------------------------------------------------------


@transaction.atomic
def usage_declare(
    *,
    user,
    product: Product,
    status: str,
    since: datetime.date | None = None,
    note: str = "",
) -> Usage:
    """Declare that the user's organisation uses, implements, evaluates or stopped a product.

    A declaration replaces the organisation's earlier one for the product (also one the
    secretariat entered) and counts as confirmed now.
    """
    organisation = acting_organisation(user)
    errors = {}
    if status not in Usage.Status.values:
        errors["status"] = _("Vælg en af mulighederne på listen.")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("Datoen må ikke ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    usage = (
        Usage.objects.select_for_update().filter(organisation=organisation, product=product).first()
    ) or Usage(organisation=organisation, product=product, created_at=now)
    created = usage.pk is None
    usage.status = status
    usage.since = since
    usage.note = note or ""
    usage.source = Usage.Source.MEMBER
    usage.declared_by = user
    usage.last_confirmed_at = now
    usage.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            usage.save()
    except IntegrityError as error:
        raise ValidationError(
            _("En kollega har netop erklæret anvendelsen. Se den på Min organisation.")
        ) from error
    audit_record(
        user=user,
        action="usage.declare",
        organisation=organisation,
        obj=usage,
        details={
            "status": status,
            "since": since.isoformat() if since else None,
            "created": created,
        },
    )
    return usage


@transaction.atomic
def usage_confirm(*, user, usage: Usage) -> Usage:
    """A colleague confirms that the organisation's declaration still holds."""
    organisation = acting_organisation(user)
    usage = Usage.objects.select_for_update().select_related("product").get(pk=usage.pk)
    if usage.organisation_id != organisation.pk:
        raise NotPermitted(_("Du kan kun bekræfte din egen organisations anvendelser."))
    usage.last_confirmed_at = timezone.now()
    usage.save(update_fields=["last_confirmed_at", "updated_at"])
    audit_record(user=user, action="usage.confirm", organisation=organisation, obj=usage)
    return usage
