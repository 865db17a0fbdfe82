"""The audit log: every member action recorded (who, when, what, for which organisation),
and the secretariat reads it, and only reads it, in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue import services as catalogue_services
from members import services
from members.models import Affiliation, AuditEntry
from tests import factories
from tests.admin_support import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Testrup Kommune")


@pytest.fixture
def member(organisation):
    return factories.create_member(organisation=organisation, email="anna@testrup.dk")


def _entries():
    return [
        (entry.user_email, entry.organisation.name, entry.action, entry.object_type)
        for entry in AuditEntry.objects.select_related("organisation").order_by("at", "pk")
    ]


def test_each_member_action_is_recorded_with_who_what_and_organisation(member):
    initiative = factories.InitiativeFactory()
    product = factories.ProductFactory()
    before = timezone.now()

    interest = catalogue_services.interest_register(user=member, initiative=initiative, role="user")
    catalogue_services.interest_change(
        user=member, interest=interest, role="co_funder", pledge=1000
    )
    catalogue_services.interest_withdraw(user=member, interest=interest)
    usage = catalogue_services.usage_declare(
        user=member, product=product, status="in_use", since=datetime.date(2024, 1, 1)
    )
    catalogue_services.usage_confirm(user=member, usage=usage)

    assert _entries() == [
        ("anna@testrup.dk", "Testrup Kommune", "interest.register", "catalogue.interest"),
        ("anna@testrup.dk", "Testrup Kommune", "interest.change", "catalogue.interest"),
        ("anna@testrup.dk", "Testrup Kommune", "interest.withdraw", "catalogue.interest"),
        ("anna@testrup.dk", "Testrup Kommune", "usage.declare", "catalogue.usage"),
        ("anna@testrup.dk", "Testrup Kommune", "usage.confirm", "catalogue.usage"),
    ]
    assert all(entry.at >= before and entry.user == member for entry in AuditEntry.objects.all())
    change = AuditEntry.objects.get(action="interest.change")
    assert change.object_id == str(interest.pk)
    assert change.details == {
        "before": {"role": "user", "pledge": None},
        "after": {"role": "co_funder", "pledge": 1000},
    }


def test_affiliation_actions_are_recorded(organisation):
    factories.EmailDomainFactory(organisation=organisation, domain="testrup.dk")
    by_domain = factories.UserFactory(email="anna@testrup.dk")
    asker = factories.UserFactory(email="bo@konsulent.example")
    factories.EmailAddressFactory(user=asker)
    staff = factories.UserFactory(email="sekretariat@os2.eu", is_staff=True)

    services.affiliation_for_verified_email(user=by_domain, email=by_domain.email)
    request = services.affiliation_request(user=asker, organisation=organisation)
    services.affiliation_approve(affiliation=request, by=staff)
    services.affiliation_end(affiliation=request, by=staff)

    assert [(email, action) for email, _org, action, _type in _entries()] == [
        ("anna@testrup.dk", "affiliation.email_domain"),
        ("bo@konsulent.example", "affiliation.request"),
        ("sekretariat@os2.eu", "affiliation.approve"),
        ("sekretariat@os2.eu", "affiliation.end"),
    ]


def test_refused_action_records_nothing(member):
    closed = factories.InitiativeFactory(status="closed")

    with pytest.raises(services.NotPermitted):
        catalogue_services.interest_register(user=member, initiative=closed, role="user")

    assert AuditEntry.objects.count() == 0


def test_unknown_action_is_a_programming_error(member):
    with pytest.raises(ValueError):
        services.audit_record(user=member, action="something.else")


def test_secretariat_reads_the_log_in_the_admin(client, member):
    catalogue_services.usage_declare(
        user=member, product=factories.ProductFactory(name="OS2mo"), status="in_use"
    )
    admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:members_auditentry_changelist"))

    assert response.status_code == 200
    assert "anna@testrup.dk" in response.text
    assert "Erklærede anvendelse" in response.text


def test_the_log_cannot_be_changed_in_the_admin(client, member):
    catalogue_services.usage_declare(
        user=member, product=factories.ProductFactory(), status="in_use"
    )
    entry = AuditEntry.objects.get()
    admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))

    added = client.get(reverse("admin:members_auditentry_add"))
    client.post(
        reverse("admin:members_auditentry_change", args=[entry.pk]), {"action": "usage.confirm"}
    )
    deleted = client.post(
        reverse("admin:members_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert added.status_code == 403
    assert deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "usage.declare"


def test_affiliation_admin_actions_use_the_services(client, organisation):
    asker = factories.UserFactory()
    factories.EmailAddressFactory(user=asker)
    pending = Affiliation.objects.create(
        user=asker, organisation=organisation, method=Affiliation.Method.REQUEST
    )
    admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))

    client.post(
        reverse("admin:members_affiliation_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
    )

    assert AuditEntry.objects.get().action == "affiliation.approve"
