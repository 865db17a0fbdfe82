"""Usage declarations: a member declares and re-confirms their organisation's use of a
product; a declaration not confirmed for 12 months shows as unconfirmed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue import services
from catalogue.models import Usage
from members.models import Affiliation, AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Testrup Kommune")


@pytest.fixture
def member(organisation):
    return factories.create_member(organisation=organisation)


@pytest.fixture
def product():
    return factories.ProductFactory(name="OS2mo", slug="os2mo")


def _declare_url(product):
    return reverse("membership:usage-declare", kwargs={"slug": product.slug})


def test_member_declares_that_their_organisation_uses_a_product(
    client, member, organisation, product
):
    client.force_login(member)

    response = client.post(
        _declare_url(product), {"status": "in_use", "since": "2023-03-01", "note": "Hele kommunen"}
    )

    assert response.status_code == 302
    assert response.url == reverse("membership:my-organisation")
    usage = Usage.objects.get()
    assert (usage.organisation, usage.product, usage.status) == (organisation, product, "in_use")
    assert usage.since == datetime.date(2023, 3, 1)
    assert (usage.source, usage.declared_by) == (Usage.Source.MEMBER, member)
    assert usage.is_confirmed is True


@pytest.mark.parametrize("status", ["in_use", "implementing", "evaluating", "stopped"])
def test_each_status_can_be_declared(member, product, status):
    usage = services.usage_declare(user=member, product=product, status=status)

    assert usage.status == status


def test_declaring_again_replaces_the_declaration_also_the_secretariats(
    member, organisation, product
):
    factories.UsageFactory(
        organisation=organisation, product=product, source=Usage.Source.SECRETARIAT
    )

    services.usage_declare(
        user=member, product=product, status="stopped", since=datetime.date(2025, 1, 1)
    )

    usage = Usage.objects.get()
    assert (usage.status, usage.source, usage.since) == (
        "stopped",
        "member",
        datetime.date(2025, 1, 1),
    )


def test_form_shows_the_current_declaration(client, member, organisation, product):
    factories.UsageFactory(organisation=organisation, product=product, status="evaluating")
    client.force_login(member)

    response = client.get(_declare_url(product))

    assert response.status_code == 200
    assert response.context["form"].initial["status"] == "evaluating"


def test_since_date_in_the_future_gives_a_danish_field_error_and_saves_nothing(
    client, member, product
):
    client.force_login(member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(_declare_url(product), {"status": "in_use", "since": str(tomorrow)})

    assert response.status_code == 200
    assert response.context["form"].errors["since"] == ["Datoen må ikke ligge i fremtiden."]
    assert Usage.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_member_reconfirms_a_declaration(client, member, organisation, product):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    usage = factories.UsageFactory(
        organisation=organisation, product=product, last_confirmed_at=long_ago
    )
    client.force_login(member)

    response = client.post(reverse("membership:usage-confirm", kwargs={"pk": usage.pk}))

    assert response.status_code == 302
    usage.refresh_from_db()
    assert usage.is_confirmed is True
    assert usage.last_confirmed_at > long_ago


def test_declaration_not_confirmed_for_12_months_shows_as_unconfirmed(client, member, organisation):
    now = timezone.now()
    fresh = factories.UsageFactory(
        organisation=organisation, last_confirmed_at=now - datetime.timedelta(days=364)
    )
    stale = factories.UsageFactory(
        organisation=organisation, last_confirmed_at=now - datetime.timedelta(days=366)
    )
    client.force_login(member)

    response = client.get(reverse("membership:my-organisation"))

    assert (fresh.is_confirmed, stale.is_confirmed) == (True, False)
    assert list(Usage.objects.unconfirmed()) == [stale]
    assert response.text.count("Ubekræftet") == 1


def test_another_organisations_usage_cannot_be_confirmed_by_its_id(client, member):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    others = factories.UsageFactory(last_confirmed_at=long_ago)
    client.force_login(member)

    response = client.post(reverse("membership:usage-confirm", kwargs={"pk": others.pk}))

    assert response.status_code == 403
    others.refresh_from_db()
    assert others.last_confirmed_at == long_ago


def test_user_whose_affiliation_ended_cannot_declare(client, member, product):
    client.force_login(member)
    Affiliation.objects.filter(user=member).update(status=Affiliation.Status.ENDED)

    response = client.post(_declare_url(product), {"status": "in_use"})

    assert response.status_code == 403
    assert Usage.objects.count() == 0


def test_anonymous_user_is_sent_to_sign_in(client, product):
    response = client.post(_declare_url(product), {"status": "in_use"})

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/?next=")


def test_declaration_without_csrf_token_is_refused(member, product):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(_declare_url(product), {"status": "in_use"})

    assert response.status_code == 403
    assert Usage.objects.count() == 0
