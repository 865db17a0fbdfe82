"""Interest in initiatives: register, change, withdraw for one's organisation; the history
kept; one active interest per organisation even under concurrency; each forbidden path."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue import services
from catalogue.models import Initiative, Interest
from members.models import Affiliation, AuditEntry
from members.services import NotPermitted
from tests import factories

pytestmark = pytest.mark.django_db

ALREADY = "Jeres organisation har allerede en aktiv interessetilkendegivelse for dette initiativ."


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Testrup Kommune")


@pytest.fixture
def member(organisation):
    return factories.create_member(organisation=organisation, email="anna@testrup.dk")


@pytest.fixture
def initiative():
    return factories.InitiativeFactory(
        title="OS2valghalla 4.0",
        slug="os2valghalla-4",
        budget_target=3_200_000,
        coordinator_email="koordinator@os2.eu",
    )


def _register_url(initiative):
    return reverse("membership:interest-register", kwargs={"slug": initiative.slug})


def _post_interest(client, initiative, **data):
    return client.post(
        _register_url(initiative), {"role": "co_funder", "pledge": "150000", "note": "", **data}
    )


def test_member_registers_interest_for_their_organisation(client, member, initiative):
    client.force_login(member)

    response = _post_interest(client, initiative, note="Vi er klar.")

    assert response.status_code == 302
    assert response.url == initiative.get_absolute_url()
    interest = Interest.objects.get()
    assert interest.organisation == member.affiliations.get().organisation
    assert (interest.role, interest.pledge, interest.note) == ("co_funder", 150_000, "Vi er klar.")
    assert interest.registered_by == member
    assert interest.history.count() == 1


def test_registering_mails_the_user_the_secretariat_and_the_coordinator(
    client, member, initiative, settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAIL = "sekretariat@os2.eu"
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _post_interest(client, initiative)
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["anna@testrup.dk", "koordinator@os2.eu", "sekretariat@os2.eu"]
    to_user = next(m for m in mail.outbox if m.to == ["anna@testrup.dk"])
    assert to_user.subject == "[OS2-portalen] Interesse registreret: OS2valghalla 4.0"
    assert "Tilsagn: 150.000 kr." in to_user.body or "Tilsagn: 150,000 kr." in to_user.body
    notification = next(m for m in mail.outbox if "sekretariat@os2.eu" in m.to)
    assert notification.subject == (
        "[OS2-portalen] Ny interesse i OS2valghalla 4.0 fra Testrup Kommune"
    )


def test_colleague_sees_changes_and_withdraws_the_interest_and_history_is_kept(
    client, member, organisation, initiative
):
    interest = services.interest_register(
        user=member, initiative=initiative, role="user", pledge=None, note=""
    )
    colleague = factories.create_member(organisation=organisation, email="bo@testrup.dk")
    client.force_login(colleague)

    page = client.get(initiative.get_absolute_url())
    assert "Testrup Kommune har tilkendegivet interesse som Bruger." in " ".join(page.text.split())
    response = client.post(
        reverse("membership:interest-change", kwargs={"pk": interest.pk}),
        {"role": "co_developer", "pledge": "50000", "note": "Vi vil gerne teste."},
    )
    assert response.status_code == 302
    response = client.post(reverse("membership:interest-withdraw", kwargs={"pk": interest.pk}))
    assert response.status_code == 302

    interest.refresh_from_db()
    assert interest.withdrawn_by == colleague
    assert interest.withdrawn_at is not None
    history = list(interest.history.order_by("history_date"))
    assert [(h.role, h.pledge, h.withdrawn_at is None) for h in history] == [
        ("user", None, True),
        ("co_developer", 50_000, True),
        ("co_developer", 50_000, False),
    ]


def test_organisation_may_register_again_after_withdrawing(member, initiative):
    first = services.interest_register(user=member, initiative=initiative, role="user")
    services.interest_withdraw(user=member, interest=first)

    second = services.interest_register(user=member, initiative=initiative, role="co_funder")

    assert Interest.objects.active().get() == second
    assert Interest.objects.count() == 2


def test_double_submit_leaves_one_active_interest_and_says_why(client, member, initiative):
    client.force_login(member)

    _post_interest(client, initiative)
    response = _post_interest(client, initiative)

    assert response.status_code == 200
    assert ALREADY in response.text
    assert Interest.objects.active().count() == 1


def test_database_refuses_a_second_active_interest(member, initiative):
    organisation = member.affiliations.get().organisation
    factories.InterestFactory(organisation=organisation, initiative=initiative)

    with pytest.raises(ValidationError) as error:
        services.interest_register(user=member, initiative=initiative, role="user")

    assert ALREADY in error.value.messages[0]
    assert Interest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_registering_at_the_same_moment_leave_one_active_interest():
    organisation = factories.OrganisationFactory()
    colleagues = [factories.create_member(organisation=organisation) for _ in range(2)]
    initiative = factories.InitiativeFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def register(user):
        try:
            barrier.wait(timeout=10)
            services.interest_register(
                user=user, initiative=initiative, role="co_funder", pledge=100_000
            )
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(user,)) for user in colleagues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=len) == [
        "registered",
        "Jeres organisation har allerede en aktiv interessetilkendegivelse for dette initiativ. "
        "Ret den i stedet for at oprette en ny.",
    ]
    assert Interest.objects.filter(organisation=organisation, withdrawn_at=None).count() == 1


# Forbidden paths -----------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client, initiative):
    response = _post_interest(client, initiative)

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/?next=")
    assert Interest.objects.count() == 0


def test_unverified_user_is_refused(client, organisation, initiative):
    user = factories.UserFactory()
    factories.EmailAddressFactory(user=user, verified=False)
    factories.AffiliationFactory(user=user, organisation=organisation)
    client.force_login(user)

    response = _post_interest(client, initiative)

    assert response.status_code == 403
    assert "Bekræft din e-mailadresse" in response.text
    assert Interest.objects.count() == 0


def test_user_without_affiliation_is_refused(client, initiative):
    user = factories.UserFactory()
    factories.EmailAddressFactory(user=user)
    client.force_login(user)

    response = _post_interest(client, initiative)

    assert response.status_code == 403
    assert "Du er ikke tilknyttet en organisation" in response.text
    assert Interest.objects.count() == 0


def test_another_organisations_interest_by_its_id_is_refused(client, member, initiative):
    others = factories.InterestFactory(
        initiative=initiative, role="user", pledge=10, note="Hemmelig"
    )
    client.force_login(member)
    change_url = reverse("membership:interest-change", kwargs={"pk": others.pk})
    withdraw_url = reverse("membership:interest-withdraw", kwargs={"pk": others.pk})

    seen = client.get(change_url)
    changed = client.post(change_url, {"role": "co_funder", "pledge": "1", "note": ""})
    withdrawn = client.post(withdraw_url)

    assert (seen.status_code, changed.status_code, withdrawn.status_code) == (403, 403, 403)
    assert "Hemmelig" not in seen.text
    others.refresh_from_db()
    assert (others.role, others.pledge, others.withdrawn_at) == ("user", 10, None)
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "status, deadline_days",
    [(Initiative.Status.CLOSED, 30), (Initiative.Status.FUNDED, 30), (Initiative.Status.OPEN, -1)],
)
def test_pledge_on_a_closed_initiative_or_past_its_deadline_is_refused(
    client, member, status, deadline_days
):
    initiative = factories.InitiativeFactory(
        status=status, deadline=timezone.localdate() + datetime.timedelta(days=deadline_days)
    )
    client.force_login(member)

    response = _post_interest(client, initiative)

    assert response.status_code == 403
    assert "tager ikke imod interessetilkendegivelser" in response.text
    assert Interest.objects.count() == 0
    assert mail.outbox == []


def test_change_after_the_deadline_is_refused(member, initiative):
    interest = services.interest_register(user=member, initiative=initiative, role="user")
    Initiative.objects.filter(pk=initiative.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    with pytest.raises(NotPermitted):
        services.interest_change(user=member, interest=interest, role="co_funder", pledge=5)
    with pytest.raises(NotPermitted):
        services.interest_withdraw(user=member, interest=interest)

    interest.refresh_from_db()
    assert (interest.role, interest.withdrawn_at) == ("user", None)


def test_user_whose_affiliation_ended_keeps_a_session_but_is_refused(client, member, initiative):
    client.force_login(member)
    interest = services.interest_register(user=member, initiative=initiative, role="user")
    Affiliation.objects.filter(user=member).update(status=Affiliation.Status.ENDED)

    registered = _post_interest(client, factories.InitiativeFactory())
    withdrawn = client.post(reverse("membership:interest-withdraw", kwargs={"pk": interest.pk}))

    assert (registered.status_code, withdrawn.status_code) == (403, 403)
    assert "_auth_user_id" in client.session
    assert Interest.objects.active().count() == 1


def test_post_without_csrf_token_is_refused(member, initiative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = _post_interest(client, initiative)

    assert response.status_code == 403
    assert Interest.objects.count() == 0


# Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"pledge": "-1"}, "pledge", "Tilsagnet kan ikke være negativt."),
        (
            {"pledge": "3200001"},
            "pledge",
            "Tilsagnet kan ikke være større end initiativets budgetmål på 3.200.000 kr.",
        ),
        ({"pledge": "1000.50"}, "pledge", "Indtast et heltal."),
        ({"note": "x" * 1001}, "note", "Noten må højst være 1000 tegn (den er 1001)."),
        (
            {"role": "boss"},
            "role",
            "Marker en gyldig valgmulighed. boss er ikke en af de tilgængelige valgmuligheder.",
        ),
    ],
)
def test_bad_input_gives_a_danish_field_error_and_saves_nothing(
    client, member, initiative, data, field, message
):
    client.force_login(member)

    response = _post_interest(client, initiative, **data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Interest.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert mail.outbox == []


def test_bad_change_leaves_the_interest_as_it_was(client, member, initiative):
    interest = services.interest_register(user=member, initiative=initiative, role="user", pledge=5)
    client.force_login(member)

    response = client.post(
        reverse("membership:interest-change", kwargs={"pk": interest.pk}),
        {"role": "co_funder", "pledge": "-5", "note": ""},
    )

    assert response.context["form"].errors["pledge"] == ["Tilsagnet kan ikke være negativt."]
    interest.refresh_from_db()
    assert (interest.role, interest.pledge, interest.history.count()) == ("user", 5, 1)


# The panel on the initiative page --------------------------------------------------------


def test_panel_asks_an_anonymous_visitor_to_sign_in(client, initiative):
    response = client.get(initiative.get_absolute_url())

    assert "Log ind for at tilkendegive interesse" in response.text


def test_panel_offers_a_member_to_register_for_their_organisation(client, member, initiative):
    client.force_login(member)

    response = client.get(initiative.get_absolute_url())

    assert "Tilkendegiv interesse for Testrup Kommune" in response.text
    assert _register_url(initiative) in response.text


def test_register_form_shows_for_a_member(client, member, initiative):
    client.force_login(member)

    response = client.get(_register_url(initiative))

    assert response.status_code == 200
    assert "For Testrup Kommune i »OS2valghalla 4.0«" in " ".join(response.text.split())


def test_register_form_sends_to_the_change_form_when_there_is_an_interest(
    client, member, initiative
):
    interest = services.interest_register(user=member, initiative=initiative, role="user")
    client.force_login(member)

    response = client.get(_register_url(initiative))

    assert response.url == reverse("membership:interest-change", kwargs={"pk": interest.pk})


def test_forms_of_a_closed_initiative_say_it_takes_no_more_interest(client, member, initiative):
    interest = services.interest_register(user=member, initiative=initiative, role="user")
    Initiative.objects.filter(pk=initiative.pk).update(status=Initiative.Status.CLOSED)
    client.force_login(member)
    urls = [
        _register_url(initiative),
        reverse("membership:interest-change", kwargs={"pk": interest.pk}),
        reverse("membership:interest-withdraw", kwargs={"pk": interest.pk}),
    ]

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert all("tager ikke imod interessetilkendegivelser" in r.text for r in responses)
