"""Writes about members: affiliations, the audit log, and who may act for an organisation.

Every action a member takes on the portal is recorded with ``audit_record``; every check of
"may this user act for an organisation" goes through ``acting_organisation``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.models import Affiliation, AuditEntry, Organisation

# What each audit action means, for the secretariat's list in the admin.
AUDIT_ACTIONS = {
    "affiliation.email_domain": _("Tilknyttet via e-maildomæne"),
    "affiliation.request": _("Anmodede om tilknytning"),
    "affiliation.approve": _("Godkendte tilknytning"),
    "affiliation.reject": _("Afviste tilknytning"),
    "affiliation.end": _("Afsluttede tilknytning"),
    "interest.register": _("Tilkendegav interesse"),
    "interest.change": _("Ændrede interesse"),
    "interest.withdraw": _("Trak interesse tilbage"),
    "usage.declare": _("Erklærede anvendelse"),
    "usage.confirm": _("Bekræftede anvendelse"),
}


ALREADY_AFFILIATED = _(
    "Du er allerede tilknyttet en organisation eller har en anmodning, der afventer."
)


class NotPermitted(PermissionDenied):
    """The user may not do this; the message says why, in words a member understands."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Who may act ---------------------------------------------------------------------------


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def acting_organisation(user) -> Organisation:
    """The organisation a user may act for, or NotPermitted with the reason.

    Only signed-in, active users with a verified e-mail address and an approved affiliation
    act, and only for that one organisation.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotPermitted(_("Du skal logge ind for at handle på vegne af en organisation."))
    if not has_verified_email(user):
        raise NotPermitted(
            _("Bekræft din e-mailadresse, før du kan handle på vegne af en organisation.")
        )
    organisation = Organisation.objects.for_user(user).first()
    if organisation is None:
        raise NotPermitted(
            _(
                "Du er ikke tilknyttet en organisation. Bed om at blive tilknyttet under "
                "»Min organisation«, så kan du handle på dens vegne, når sekretariatet har "
                "godkendt det."
            )
        )
    return organisation


# Audit and mail ------------------------------------------------------------------------


def audit_record(*, user, action: str, organisation=None, obj=None, details=None) -> AuditEntry:
    """Record one action: who, when, what, for which organisation."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    entry = AuditEntry(
        user=user,
        user_email=getattr(user, "email", "") or "",
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
    )
    entry.full_clean()
    entry.save()
    return entry


def send_portal_mail(*, template: str, to: list[str], context: dict, language=None) -> None:
    """Send one of the portal's own mails from templates/members/email/<template>_*.txt.

    ``language`` fixes the mail's language (the secretariat reads Danish); by default the
    language of the page the member acted on.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"members/email/{template}_subject.txt", context)
        body = render_to_string(f"members/email/{template}_message.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    send_mail(subject, body, None, recipients)


def _on_commit_mail(**kwargs) -> None:
    transaction.on_commit(lambda: send_portal_mail(**kwargs))


# Affiliations --------------------------------------------------------------------------


@transaction.atomic
def affiliation_for_verified_email(*, user, email: str) -> Affiliation | None:
    """Tie a user to the organisation whose e-mail domain a newly verified address has.

    Nothing happens if the domain is no organisation's, or if the user already has a
    pending or approved affiliation (a user belongs to one organisation at a time).
    """
    organisation = Organisation.objects.for_email_domain(email).first()
    if organisation is None:
        return None
    if Affiliation.objects.filter(user=user, status__in=["pending", "approved"]).exists():
        return None
    affiliation = Affiliation(
        user=user,
        organisation=organisation,
        status=Affiliation.Status.APPROVED,
        method=Affiliation.Method.EMAIL_DOMAIN,
        decided_at=timezone.now(),
    )
    affiliation.full_clean()
    try:
        with transaction.atomic():
            affiliation.save()
    except IntegrityError:
        # Another request tied the user at the same moment; that one stands.
        return None
    audit_record(
        user=user,
        action="affiliation.email_domain",
        organisation=organisation,
        obj=affiliation,
        details={"email": email},
    )
    return affiliation


@transaction.atomic
def affiliation_request(*, user, organisation: Organisation, message: str = "") -> Affiliation:
    """A verified user asks to join an organisation; the secretariat decides in the admin."""
    if not user.is_authenticated or not has_verified_email(user):
        raise NotPermitted(_("Bekræft din e-mailadresse, før du beder om at blive tilknyttet."))
    if Affiliation.objects.filter(user=user, status__in=["pending", "approved"]).exists():
        raise ValidationError(ALREADY_AFFILIATED)
    affiliation = Affiliation(
        user=user,
        organisation=organisation,
        status=Affiliation.Status.PENDING,
        method=Affiliation.Method.REQUEST,
        message=message,
    )
    affiliation.full_clean()
    try:
        with transaction.atomic():
            affiliation.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_AFFILIATED) from error
    audit_record(
        user=user, action="affiliation.request", organisation=organisation, obj=affiliation
    )
    _on_commit_mail(
        template="affiliation_requested",
        to=[settings.SECRETARIAT_EMAIL],
        context={"affiliation": affiliation},
        language="da",
    )
    return affiliation


def _decide(*, affiliation: Affiliation, by, status: str, action: str, template: str):
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.status != Affiliation.Status.PENDING:
        raise ValidationError(_("Kun anmodninger, der afventer, kan godkendes eller afvises."))
    affiliation.status = status
    affiliation.decided_by = by
    affiliation.decided_at = timezone.now()
    affiliation.full_clean()
    affiliation.save()
    audit_record(
        user=by,
        action=action,
        organisation=affiliation.organisation,
        obj=affiliation,
        details={"member": affiliation.user.email},
    )
    _on_commit_mail(
        template=template, to=[affiliation.user.email], context={"affiliation": affiliation}
    )
    return affiliation


@transaction.atomic
def affiliation_approve(*, affiliation: Affiliation, by) -> Affiliation:
    """The secretariat approves a request; the user is told by e-mail."""
    return _decide(
        affiliation=affiliation,
        by=by,
        status=Affiliation.Status.APPROVED,
        action="affiliation.approve",
        template="affiliation_approved",
    )


@transaction.atomic
def affiliation_reject(*, affiliation: Affiliation, by) -> Affiliation:
    """The secretariat rejects a request; the user is told by e-mail."""
    return _decide(
        affiliation=affiliation,
        by=by,
        status=Affiliation.Status.REJECTED,
        action="affiliation.reject",
        template="affiliation_rejected",
    )


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, by) -> Affiliation:
    """End an approved affiliation (the person left the organisation); they act no more."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.status != Affiliation.Status.APPROVED:
        raise ValidationError(_("Kun godkendte tilknytninger kan afsluttes."))
    affiliation.status = Affiliation.Status.ENDED
    affiliation.decided_by = by
    affiliation.decided_at = timezone.now()
    affiliation.full_clean()
    affiliation.save()
    audit_record(
        user=by,
        action="affiliation.end",
        organisation=affiliation.organisation,
        obj=affiliation,
        details={"member": affiliation.user.email},
    )
    return affiliation
