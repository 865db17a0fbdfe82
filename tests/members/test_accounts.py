"""Accounts through allauth: sign-up and sign-in by e-mail, verification, passwords,
sign-out, rate limits, two-factor for everyone, and allauth's pages in the portal's look."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation

from members.models import Affiliation
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "hemmeligt-kodeord-123"


def _link(message, pattern):
    match = re.search(rf"https?://[^/\s]+(/\S*{pattern}\S*)", message.body)
    assert match, message.body
    return match.group(1)


def _sign_up(client, email):
    return client.post(
        "/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signup_asks_only_for_email_and_password(client):
    response = client.get("/konto/signup/")

    fields = set(response.context["form"].fields)
    assert fields == {"email", "password1", "password2"}


def test_signup_sends_verification_and_confirming_ties_user_to_organisation_by_domain(client):
    domain = factories.EmailDomainFactory(domain="testrup.dk")

    response = _sign_up(client, "anna@testrup.dk")

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@testrup.dk"]
    assert mail.outbox[0].subject.startswith("[OS2-portalen] ")
    user = get_user_model().objects.get(email="anna@testrup.dk")
    assert Affiliation.objects.filter(user=user).count() == 0

    confirm_url = _link(mail.outbox[0], "confirm-email")
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)

    affiliation = Affiliation.objects.get(user=user)
    assert affiliation.organisation == domain.organisation
    assert affiliation.status == Affiliation.Status.APPROVED
    assert affiliation.method == Affiliation.Method.EMAIL_DOMAIN
    assert EmailAddress.objects.get(user=user).verified is True


def test_confirming_an_address_on_no_organisations_domain_ties_to_nothing(client):
    factories.EmailDomainFactory(domain="testrup.dk")
    _sign_up(client, "bo@gmail.example")

    client.post(_link(mail.outbox[0], "confirm-email"))

    assert Affiliation.objects.count() == 0


def test_unverified_user_cannot_sign_in(client):
    user = factories.UserFactory(email="ny@testrup.dk")
    factories.EmailAddressFactory(user=user, verified=False)

    response = client.post("/konto/login/", {"login": "ny@testrup.dk", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_verified_user_signs_in_by_email_and_out(client):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)

    response = client.post("/konto/login/", {"login": "anna@testrup.dk", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post("/konto/logout/")

    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)

    client.post("/konto/password/reset/", {"email": "anna@testrup.dk"})

    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0], "password/reset/key")
    form_url = client.get(reset_url).url  # allauth moves the key out of the URL
    response = client.post(
        form_url, {"password1": "et-helt-nyt-kodeord-9", "password2": "et-helt-nyt-kodeord-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("et-helt-nyt-kodeord-9") is True


def test_password_change_for_a_signed_in_user(client):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)
    client.force_login(user)

    response = client.post(
        "/konto/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "et-helt-nyt-kodeord-9",
            "password2": "et-helt-nyt-kodeord-9",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("et-helt-nyt-kodeord-9") is True


def test_failed_sign_ins_are_rate_limited_with_a_danish_message(client):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)
    for _attempt in range(5):
        client.post("/konto/login/", {"login": "anna@testrup.dk", "password": "forkert"})

    response = client.post("/konto/login/", {"login": "anna@testrup.dk", "password": PASSWORD})

    assert response.status_code == 200
    assert "For mange mislykkede" in response.text or "for mange mislykkede" in response.text
    assert "_auth_user_id" not in client.session


def test_allauth_pages_use_the_portals_layout_in_danish(client):
    response = client.get("/konto/login/")

    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert 'class="site-header"' in response.text
    assert 'class="site-footer"' in response.text
    page = " ".join(response.text.split())
    assert "<h1> Log ind </h1>" in page
    assert "<title> Log ind · OS2-portalen</title>" in page


def test_any_member_can_activate_two_factor_with_recovery_codes(client):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)
    client.post("/konto/login/", {"login": "anna@testrup.dk", "password": PASSWORD})
    # Setting up a second factor asks for the password once more, as allauth does.
    response = client.get("/konto/2fa/totp/activate/")
    assert response.url == "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"
    client.post(response.url, {"password": PASSWORD})

    response = client.get("/konto/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/konto/2fa/totp/activate/", {"code": code})

    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


@pytest.mark.parametrize(
    "url", ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/confirm-email/"]
)
def test_each_entrance_page_is_in_the_portals_shell_with_one_heading(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert response.text.count("<h1") == 1


@pytest.mark.parametrize(
    "url", ["/konto/email/", "/konto/password/change/", "/konto/2fa/", "/konto/2fa/totp/activate/"]
)
def test_each_account_page_is_in_the_portals_shell_with_one_heading(client, url):
    user = factories.UserFactory(email="anna@testrup.dk")
    factories.EmailAddressFactory(user=user)
    client.post("/konto/login/", {"login": "anna@testrup.dk", "password": PASSWORD})
    client.post("/konto/reauthenticate/", {"password": PASSWORD})

    response = client.get(url)

    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert response.text.count("<h1") == 1


def test_sign_in_page_in_english_under_en(client):
    response = client.get("/en/konto/login/")
    translation.activate(settings.LANGUAGE_CODE)  # the request left English active here

    assert '<html lang="en">' in response.text
    assert "Sign In" in response.text


def test_header_links_a_signed_in_user_to_their_organisation(client):
    client.force_login(factories.create_member())

    response = client.get("/")

    assert '<a href="/min-organisation/">Min organisation</a>' in response.text


@pytest.mark.parametrize(
    "backend, expected",
    [
        ("", "django.core.mail.backends.filebased.EmailBackend"),
        ("console", "django.core.mail.backends.console.EmailBackend"),
    ],
)
def test_development_mail_goes_to_files_or_the_console(backend, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAIL_"))}
    if backend:
        env["MAIL_BACKEND"] = backend
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MAILERS['default']['BACKEND'])"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, "DJANGO_SETTINGS_MODULE": "os2portal.settings", "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == expected, result.stderr
