"""While the database is away: a 503 page instead of an error, and forms saved whole or not.

PostgreSQL restarts now and then (an upgrade, a failover, a crash). The app servers keep
running: each request asks for a connection, the health check (``CONN_HEALTH_CHECKS``)
drops one that died with the old server, and the first request after the restart is
served as usual. Meanwhile, two things here keep the visitor informed and the data whole.

``server_error`` is the portal's handler500. Django turns an exception raised anywhere in
a request into a response through handler500: in a view, a template, the session store,
or any middleware layer (the page cache asks the database for the data version before a
view runs). It is therefore the one place that sees them all; a middleware around the
others would only see the 500 response that an inner layer already made of it. When the
exception says the database cannot be reached, the visitor gets 503 with a page that says
so, rendered without a request context: the session, the user and the messages all live
in the database. Every other error keeps Django's 500 page.

``WriteTransactionMiddleware`` runs each request that may write (POST and the other unsafe
methods) in one transaction: the rows a service writes, what a signal receiver adds to it
(allauth's e-mail confirmation and the affiliation it gives), and the session. It commits
once the response is made; a server error, the 503 included, rolls all of it back. A form
sent while the database goes away is therefore saved whole or not at all, and a visitor
who sees the 503 page has nothing half saved. Reads run in autocommit as before: they
write nothing that must hang together, and a transaction would cost two queries a page.
"""

import sys

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

# Connection refused or lost, the server shutting down or starting up: psycopg and Django
# (which wraps psycopg's errors) both say so with these.
UNREACHABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# A restart takes seconds; a failover perhaps a minute.
RETRY_AFTER_SECONDS = 30


def is_database_unreachable(error: BaseException | None) -> bool:
    """True when the error, or an error it arose from, says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNREACHABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the 503 page when the database is unreachable, else Django's 500 page.

    Django calls it while handling the exception, so ``sys.exc_info()`` holds it.
    """
    if is_database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


def database_unavailable(request) -> HttpResponse:
    """503 in the page's language, saying whether a form sent was refused.

    The language comes from the path, as LocaleMiddleware decides it for the portal's
    pages (English under /en/, Danish without a prefix), because the failure may come
    before that middleware has run.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    context = {
        "write_refused": request.method not in SAFE_METHODS,
        "contact_email": settings.SECRETARIAT_EMAIL,
    }
    with translation.override(language):
        content = render_to_string("503.html", context)
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    # Neither a proxy nor the page cache may keep the outage after it is over.
    response["Cache-Control"] = "no-store"
    return response


class WriteTransactionMiddleware:
    """One transaction per request that may write; rolled back on a server error.

    Placed outside SessionMiddleware, so that the session a login or a message changes
    is saved in the same transaction; a commit that fails (the database went away at the
    last moment) raises here and becomes the 503 page through ``server_error``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            # Inner layers turn exceptions into responses, so a failure shows as the status.
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        return response
