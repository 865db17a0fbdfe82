"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's
live server (a real HTTP server in this process, over the test database).

One browser for the whole run; a fresh context (no cookies, Danish locale) per test. A
failing test leaves a screenshot under test-artifacts/browser/<run>/, named in the
failure report.
"""

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an asyncio loop in this thread; Django refuses database access
# from a thread with a running loop unless told that this is intended. The tests and the
# live server never touch the database at the same time: each page load waits for its
# response before the test reads the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BASE_DIR = Path(__file__).resolve().parents[2]
RUN_NAME = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
SCREENSHOT_DIR = BASE_DIR / "test-artifacts" / "browser" / RUN_NAME
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.exit(
            "Missing Chromium for the browser tests: install Debian's 'chromium' package.",
            returncode=1,
        )
    return executable


# A shared machine can be slow; waiting longer costs nothing when the page is quick.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Debian's Chromium, never a browser downloaded by Playwright.
    return {"executable_path": _chromium(), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(live_server):
    return {
        "base_url": live_server.url,
        "locale": "da-DK",
        "timezone_id": "Europe/Copenhagen",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _danish_urls():
    """Reverse URLs in Danish, whatever language an earlier test in this thread left on:
    the portal's Danish pages have no prefix."""
    from django.utils import translation

    with translation.override("da"):
        yield


@pytest.fixture
def page(context):
    """A page on the live server that fails the test on a Content-Security-Policy violation:
    the portal promises a strict policy, so a blocked script or style is a bug."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert csp_violations == [], "The page broke its Content-Security-Policy"


def _screenshot_name(name: str) -> str:
    name = name.split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:180] + ".png"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None or page.is_closed():
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    # Named by the test and the page it was on, so that each failing subtest (a page of
    # the axe checks) keeps a screenshot of its own.
    page_path = urlsplit(page.url).path.strip("/") or "home"
    path = SCREENSHOT_DIR / _screenshot_name(f"{item.nodeid}--{page_path}")
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as error:  # a failed screenshot must not hide the failure itself
        report.sections.append(("Browser screenshot", f"none: {error}"))
        return
    report.sections.append(
        ("Browser screenshot", f"{path.relative_to(BASE_DIR)} (page {page.url})")
    )


# Pages checked by axe in this run, for the summary at the end.
AXE_CHECKED_PAGES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if AXE_CHECKED_PAGES:
        terminalreporter.write_line(
            f"axe-core checked {len(AXE_CHECKED_PAGES)} pages "
            f"({len(set(AXE_CHECKED_PAGES))} distinct addresses)."
        )


@pytest.fixture
def sign_in(context, live_server):
    """Sign a user in by handing the browser a session cookie, as a sign-in would."""
    from django.conf import settings
    from django.test import Client

    def _sign_in(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return _sign_in


@pytest.fixture
def member(sample):
    """A member's employee with a verified address and an approved affiliation."""
    from allauth.account.models import EmailAddress

    from members.models import Organisation
    from tests import factories

    organisation = Organisation.objects.get(slug=sample.organisation_slug)
    user = factories.UserFactory(email=f"medarbejder@{sample.organisation_domain}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    factories.AffiliationFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def sample():
    from tests.browser.sample import create_public_sample

    return create_public_sample()
