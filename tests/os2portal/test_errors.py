"""Friendly Danish error pages in the portal's look that give nothing away.

pytest-django runs with DEBUG off, so these are the pages a visitor sees in production.
"""

import pytest
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path
from django.utils import translation

from os2portal.urls import urlpatterns as portal_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def _danish_afterwards():
    # A request to an English page leaves English active in this thread; the next test
    # (in another module, too) expects Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


SECRET = "hemmelig-detalje-0xDEADBEEF"


def forbidden_view(request):
    raise PermissionDenied(SECRET)


def broken_view(request):
    raise RuntimeError(SECRET)


# The portal's own URLs, plus two views that fail on purpose.
urlpatterns = [
    path("test-forbudt/", forbidden_view),
    *i18n_patterns(path("test-fejl/", broken_view), prefix_default_language=False),
    *portal_urlpatterns,
]

LEAKS = [SECRET, "Traceback", "RuntimeError", "PermissionDenied", "DisallowedHost", "settings"]


def assert_leaks_nothing(text: str):
    assert [leak for leak in LEAKS if leak in text] == []


def test_unknown_page_answers_404_in_danish(client):
    response = client.get("/findes-ikke/")

    assert response.status_code == 404
    assert '<html lang="da">' in response.text
    assert "<h1>Siden findes ikke</h1>" in response.text
    assert 'class="site-header"' in response.text
    assert_leaks_nothing(response.text)


def test_unknown_english_page_answers_404_in_english(client):
    response = client.get("/en/findes-ikke/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "<h1>Page not found</h1>" in response.text


def test_forbidden_page_answers_403_in_danish_without_the_reason(client):
    response = client.get("/test-forbudt/")

    assert response.status_code == 403
    assert "<h1>Du har ikke adgang til siden</h1>" in response.text
    assert "Log ind" in response.text
    assert_leaks_nothing(response.text)


def test_bad_host_answers_400_in_danish(client):
    response = client.get("/", HTTP_HOST="angriber.example")

    assert response.status_code == 400
    assert "<h1>Forespørgslen kunne ikke behandles</h1>" in response.text
    assert "angriber.example" not in response.text
    assert_leaks_nothing(response.text)


def test_server_error_answers_500_in_danish_without_details(client):
    client.raise_request_exception = False

    response = client.get("/test-fejl/")

    assert response.status_code == 500
    assert '<html lang="da">' in response.text
    assert "<h1>Der skete en fejl</h1>" in response.text
    assert 'href="/static/css/portal.css"' in response.text
    assert_leaks_nothing(response.text)


def test_server_error_in_english(client):
    client.raise_request_exception = False

    response = client.get("/en/test-fejl/")

    assert response.status_code == 500
    assert "Something went wrong" in response.text


def test_server_error_page_renders_without_a_database_or_a_request(django_assert_num_queries):
    # Rendered as Django's handler does it when the database is the thing that failed.
    with django_assert_num_queries(0), translation.override("da"):
        text = render_to_string("500.html")

    assert "<h1>Der skete en fejl</h1>" in text


@pytest.mark.django_db(transaction=True)
def test_server_error_page_is_shown_when_the_database_is_down(client, monkeypatch):
    client.raise_request_exception = False
    connection.close()
    # Nothing listens on port 1: the connection is refused at once.
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    try:
        response = client.get("/test-fejl/")
    finally:
        connection.close()

    assert response.status_code == 500
    assert "<h1>Der skete en fejl</h1>" in response.text


def test_error_pages_send_the_security_headers(client):
    client.raise_request_exception = False

    responses = [client.get(url) for url in ("/findes-ikke/", "/test-forbudt/", "/test-fejl/")]

    assert [r.headers["X-Frame-Options"] for r in responses] == ["DENY", "DENY", "DENY"]
    assert all("frame-ancestors 'none'" in r.headers["Content-Security-Policy"] for r in responses)


def test_form_without_csrf_token_answers_403_in_danish_without_the_reason():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/konto/login/", {"login": "a@example.dk", "password": "x"})

    assert response.status_code == 403
    assert "<h1>Formularen kunne ikke sendes</h1>" in response.text
    assert "CSRF" not in response.text
    assert_leaks_nothing(response.text)
