"""Security headers on every kind of response, transport security in production, and no
cookie for a visitor who only reads."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.browser.sample import create_public_sample

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_afterwards():
    # A request to an English page leaves English active in this thread; the next test
    # (in another module, too) expects Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "production-like-secret-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    # Nothing listens on port 1: a query fails at once instead of waiting for a network.
    "DATABASE_URL": "postgres://portal@127.0.0.1:1/portal",
    "SMTP_HOST": "smtp.example.org",
}

# Every public page type, by URL name and the sample's keyword arguments. A name that does
# not exist yet is left out by public_urls(), so the list can name pages still being built.
PUBLIC_PAGES = [
    ("home", {}),
    ("about", {}),
    ("accessibility", {}),
    ("catalogue:product-list", {}),
    ("catalogue:product-detail", {"slug": "product_slug"}),
    ("catalogue:search", {}),
    ("catalogue:initiative-list", {}),
    ("catalogue:initiative-detail", {"slug": "initiative_slug"}),
    ("catalogue:supplier-list", {}),
    ("catalogue:supplier-detail", {"slug": "supplier_slug"}),
    ("members:organisation-list", {}),
    ("members:organisation-detail", {"slug": "organisation_slug"}),
    ("governance:index", {}),
    ("governance:level-detail", {"slug": "level_slug"}),
    ("catalogue:product-feed", {}),
]


def public_urls(sample) -> list[str]:
    urls = []
    for name, kwargs in PUBLIC_PAGES:
        try:
            with translation.override("da"):
                urls.append(
                    reverse(name, kwargs={k: getattr(sample, v) for k, v in kwargs.items()})
                )
        except NoReverseMatch:
            continue
    return urls


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def sample():
    return create_public_sample()


def test_home_page_sends_every_security_header(client):
    response = client.get("/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_english_page_sends_every_security_header(client):
    response = client.get("/en/om/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_list_page_sends_every_security_header(client, sample):
    response = client.get(reverse("catalogue:initiative-list"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_not_found_page_sends_every_security_header(client):
    response = client.get("/findes-ikke/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_health_check_sends_every_security_header(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert_security_headers(response)


def test_sign_in_page_sends_every_security_header(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_admin_sends_every_security_header(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert_security_headers(response)


def test_admin_pages_send_every_security_header_to_staff(admin_client):
    response = admin_client.get("/admin/login/", follow=True)

    assert response.status_code == 200
    assert_security_headers(response)


def test_api_sends_every_security_header(client, sample):
    response = client.get(reverse("api:product-list"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_every_public_page_sends_every_security_header(client, sample):
    urls = public_urls(sample)

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {200}, statuses
    for url in urls:
        assert_security_headers(client.get(url))


def test_anonymous_reader_gets_no_cookie_on_any_public_page(client, sample):
    urls = public_urls(sample)
    urls += ["/en" + url for url in urls if not url.startswith("/en/")]
    urls += [reverse("catalogue:product-list") + "?q=os2mo", "/findes-ikke/"]

    cookies = {url: list(client.get(url).cookies) for url in urls}

    assert cookies == {url: [] for url in urls}


def run_production_python(code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "os2portal.settings", **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_REQUESTS = """
import django
django.setup()
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory

client = Client(HTTP_HOST="portal.example.org")
plain = client.get("/om/")
print("redirect", plain.status_code, plain.headers["Location"])
health = client.get("/healthz")
print("health-over-http", health.status_code)
secure = client.get("/healthz", secure=True)
print("hsts", secure.headers["Strict-Transport-Security"])

def view(request):
    get_token(request)
    return HttpResponse()

request = RequestFactory().get("/konto/login/", HTTP_HOST="portal.example.org", secure=True)
cookie = CsrfViewMiddleware(view)(request).cookies["csrftoken"]
print("csrf-cookie", bool(cookie["secure"]), bool(cookie["httponly"]))
from django.conf import settings
print("session-cookie", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
"""


def test_production_redirects_to_https_sends_hsts_and_secures_cookies():
    result = run_production_python(PRODUCTION_REQUESTS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "redirect 301 https://portal.example.org/om/",
        # The load balancer's health check speaks plain HTTP; the database is unreachable.
        "health-over-http 503",
        "hsts max-age=31536000; includeSubDomains; preload",
        "csrf-cookie True True",
        "session-cookie True True",
    ]


def test_deployment_checks_are_clean_in_production():
    result = run_production_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
