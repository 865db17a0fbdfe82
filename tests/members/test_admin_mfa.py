"""The admin: reached only through the portal's sign-in, by staff only, with two factors."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.core import mail

from tests import factories
from tests.admin_support import admin_login

pytestmark = pytest.mark.django_db

PASSWORD = "hemmeligt-kodeord-123"


def _staff(**fields):
    user = factories.UserFactory(is_staff=True, is_superuser=True, **fields)
    factories.EmailAddressFactory(user=user)
    return user


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_anonymous_visitor_of_the_admin_is_sent_to_the_portals_sign_in(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=%2Fadmin%2F"


def test_the_admins_own_login_form_sends_to_the_portals_sign_in(client):
    response = client.get("/admin/login/?next=/admin/members/affiliation/")

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=%2Fadmin%2Fmembers%2Faffiliation%2F"


def test_signed_in_non_staff_user_is_refused_the_admin(client):
    client.force_login(factories.create_member())

    response = client.get("/admin/")

    assert response.status_code == 403


def test_staff_without_an_authenticator_app_is_sent_to_set_one_up(client):
    staff = _staff()
    client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})

    response = client.get("/admin/members/affiliation/")

    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/?next=%2Fadmin%2Fmembers%2Faffiliation%2F"


def test_staff_with_an_app_whose_session_skipped_the_second_factor_is_asked_for_a_code(client):
    staff = _staff()
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)  # a session from before the app was set up

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == "/konto/2fa/reauthenticate/?next=%2Fadmin%2F"


def test_staff_signing_in_with_password_and_code_reaches_the_admin(client):
    staff = _staff()
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = client.post(
        "/konto/login/", {"login": staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.url == "/konto/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in before the code

    response = client.post("/konto/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert response.url == "/admin/"

    assert client.get("/admin/").status_code == 200


def test_staff_answering_the_code_prompt_reaches_the_admin(client):
    staff = _staff()
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.force_login(staff)

    response = client.post(
        "/konto/2fa/reauthenticate/?next=%2Fadmin%2F", {"code": _current_code(secret)}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_session_that_passed_the_second_factor_reaches_the_admin(client):
    admin_login(client, _staff())

    response = client.get("/admin/")

    assert response.status_code == 200


def test_signed_in_staff_on_the_admins_login_form_go_on_to_the_admin(client):
    admin_login(client, _staff())

    response = client.get("/admin/login/?next=/admin/members/")

    assert response.status_code == 302
    assert response.url == "/admin/members/"


def test_superuser_from_createsuperuser_first_confirms_the_address_then_sets_up_the_app(client):
    get_user_model().objects.create_superuser(email="chef@os2.eu", password=PASSWORD)

    response = client.post("/konto/login/", {"login": "chef@os2.eu", "password": PASSWORD})
    assert response.url == "/konto/confirm-email/"
    confirm_url = next(
        word for word in mail.outbox[0].body.split() if "/konto/confirm-email/" in word
    )
    client.post(confirm_url.split("testserver", 1)[-1])
    client.post("/konto/login/", {"login": "chef@os2.eu", "password": PASSWORD})

    response = client.get("/admin/")

    assert response.url == "/konto/2fa/totp/activate/?next=%2Fadmin%2F"
