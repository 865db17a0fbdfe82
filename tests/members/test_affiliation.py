"""Affiliation: by a verified address on an organisation's domain, or by asking and the
secretariat's decision in the admin, with an e-mail either way; one organisation at a time."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from members import services
from members.models import Affiliation, AuditEntry
from tests import factories
from tests.admin_support import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Testrup Kommune")


@pytest.fixture
def verified_user():
    user = factories.UserFactory(email="anna@konsulent.example")
    factories.EmailAddressFactory(user=user)
    return user


@pytest.fixture
def staff_client(client):
    return admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))


def _pending(user, organisation):
    return Affiliation.objects.create(
        user=user, organisation=organisation, method=Affiliation.Method.REQUEST
    )


# By e-mail domain ---------------------------------------------------------------------


def test_verified_address_on_an_organisations_domain_ties_the_user(verified_user, organisation):
    factories.EmailDomainFactory(organisation=organisation, domain="testrup.dk")

    affiliation = services.affiliation_for_verified_email(
        user=verified_user, email="Anna@Testrup.dk"
    )

    assert (affiliation.organisation, affiliation.status) == (organisation, "approved")


def test_domain_does_not_override_an_open_affiliation(verified_user, organisation):
    factories.EmailDomainFactory(domain="andetsted.dk")
    _pending(verified_user, organisation)

    result = services.affiliation_for_verified_email(user=verified_user, email="a@andetsted.dk")

    assert result is None
    assert list(Affiliation.objects.values_list("organisation", "status")) == [
        (organisation.pk, "pending")
    ]


# By request and decision --------------------------------------------------------------


def test_user_asks_to_join_an_organisation(client, verified_user, organisation):
    client.force_login(verified_user)

    assert client.get(reverse("membership:affiliation-request")).status_code == 200
    response = client.post(
        reverse("membership:affiliation-request"),
        {"organisation": organisation.pk, "message": "Jeg er IT-arkitekt i kommunen."},
    )

    assert response.status_code == 302
    affiliation = Affiliation.objects.get()
    assert (affiliation.user, affiliation.organisation, affiliation.status) == (
        verified_user,
        organisation,
        "pending",
    )
    assert affiliation.message == "Jeg er IT-arkitekt i kommunen."


def test_request_mails_the_secretariat_on_commit(
    verified_user, organisation, settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAIL = "sekretariat@os2.eu"

    with django_capture_on_commit_callbacks(execute=True):
        services.affiliation_request(user=verified_user, organisation=organisation)

    assert [m.to for m in mail.outbox] == [["sekretariat@os2.eu"]]
    assert mail.outbox[0].subject == (
        "[OS2-portalen] anna@konsulent.example beder om at blive tilknyttet Testrup Kommune"
    )


def test_unverified_user_cannot_ask_to_join(client, organisation):
    user = factories.UserFactory()
    factories.EmailAddressFactory(user=user, verified=False)
    client.force_login(user)

    response = client.post(
        reverse("membership:affiliation-request"), {"organisation": organisation.pk}
    )

    assert response.status_code == 403
    assert Affiliation.objects.count() == 0


def test_a_user_belongs_to_one_organisation_at_a_time(client, organisation):
    member = factories.create_member()
    client.force_login(member)

    response = client.post(
        reverse("membership:affiliation-request"), {"organisation": organisation.pk}
    )

    assert response.status_code == 302
    assert Affiliation.objects.filter(organisation=organisation).count() == 0
    with pytest.raises(ValidationError):
        services.affiliation_request(user=member, organisation=organisation)


def test_database_refuses_two_open_affiliations(verified_user, organisation):
    _pending(verified_user, organisation)

    with pytest.raises(IntegrityError):
        _pending(verified_user, factories.OrganisationFactory())


@pytest.mark.parametrize(
    "action, status, subject",
    [
        ("approve", "approved", "[OS2-portalen] Du er nu tilknyttet Testrup Kommune"),
        (
            "reject",
            "rejected",
            "[OS2-portalen] Din anmodning om at blive tilknyttet Testrup Kommune er afvist",
        ),
    ],
)
def test_secretariat_decides_in_the_admin_and_the_user_gets_mail(
    staff_client,
    verified_user,
    organisation,
    action,
    status,
    subject,
    django_capture_on_commit_callbacks,
):
    affiliation = _pending(verified_user, organisation)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:members_affiliation_changelist"),
            {"action": action, "_selected_action": [affiliation.pk]},
        )

    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.status == status
    assert affiliation.decided_by is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [(["anna@konsulent.example"], subject)]


def test_only_pending_requests_are_decided(
    staff_client, verified_user, organisation, django_capture_on_commit_callbacks
):
    affiliation = factories.AffiliationFactory(user=verified_user, organisation=organisation)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:members_affiliation_changelist"),
            {"action": "reject", "_selected_action": [affiliation.pk]},
        )

    affiliation.refresh_from_db()
    assert affiliation.status == "approved"
    assert mail.outbox == []


def test_admin_lists_pending_requests(staff_client, verified_user, organisation):
    _pending(verified_user, organisation)

    response = staff_client.get(reverse("admin:members_affiliation_changelist") + "?status=pending")

    assert response.status_code == 200
    assert "anna@konsulent.example" in response.text


def test_ending_an_affiliation_stops_the_user_acting(organisation):
    member = factories.create_member(organisation=organisation)
    staff = factories.UserFactory(is_staff=True)

    services.affiliation_end(affiliation=member.affiliations.get(), by=staff)

    with pytest.raises(services.NotPermitted):
        services.acting_organisation(member)
    assert AuditEntry.objects.get().action == "affiliation.end"
