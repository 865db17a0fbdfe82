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

import pytest

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


def _screenshot_name(nodeid: str) -> str:
    name = nodeid.split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:150] + ".png"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None or page.is_closed():
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / _screenshot_name(item.nodeid)
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as error:  # a failed screenshot must not hide the failure itself
        report.sections.append(("Browser screenshot", f"none: {error}"))
        return
    report.sections.append(
        ("Browser screenshot", f"{path.relative_to(BASE_DIR)} (page {page.url})")
    )
