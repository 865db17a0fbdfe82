"""The page cache: whole pages for anonymous visitors, never older than the data.

Every page is stored under the current data version (``os2portal.data_version``), which
changes in the same transaction as any change to the portal's data. A visitor therefore
never gets a page older than the last change, on any app server, whoever made the change
(a member, the secretariat in the admin, an import). Asking for the version costs one
indexed read of a one-row table; a page costs from 5 to 15 queries and the rendering.

Only what is the same for every anonymous visitor is stored: GET requests without a
session or messages cookie, answered 200 without a CSRF token, cookies or a
``Cache-Control`` that forbids it. ``PAGE_CACHE_SECONDS`` bounds how long a page lives
(what depends on the clock alone, such as a deadline passing, is that late at most); 0
turns the cache off. The pages live in the ``pages`` cache: the shared Redis when
``CACHE_URL`` is set, else each process's memory.
"""

import functools
import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse

from os2portal.data_version import current_data_version

CACHE_ALIAS = "pages"
HEADER = "X-Page-Cache"
# Response headers that belong to the page; the outer middleware adds the rest again.
_KEPT_HEADERS = {
    "cache-control",
    "content-disposition",
    "content-language",
    "content-type",
    "expires",
    "last-modified",
    "link",
    "vary",
}
_FORBIDDING_DIRECTIVES = {"private", "no-cache", "no-store"}
_DIRECTIVE_SEPARATOR = re.compile(r"\s*,\s*")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _is_anonymous_read(request):
            return self.get_response(request)
        try:
            version = current_data_version()
        except DatabaseError:
            # The view answers for itself: /healthz with its 503, a page with the outage page.
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            response = _restore(stored)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _is_shareable(request, response):
            cache.set(key, _freeze(response), seconds)
            response[HEADER] = "miss"
        return response


def page_key(request, version: int) -> str:
    # The language comes from the URL (or the browser's choice for unprefixed paths, which
    # LocaleMiddleware has settled by now), so it is part of the key.
    address = f"{request.LANGUAGE_CODE}|{request.build_absolute_uri()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{code_version()}:{version}:{digest}"


@functools.cache
def code_version() -> str:
    """A digest of the code, templates, translations and static files this process serves.

    Part of every key, so that after a release no server serves a page the previous
    release rendered, even from a cache the servers share.
    """
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    # The static files too: a page names them by the hash of their content.
    patterns = ["templates/**/*.html", "locale/*/LC_MESSAGES/*.mo", "static/**/*.*"]
    patterns += [f"{app}/**/*.py" for app in ("os2portal", "catalogue", "members", "governance")]
    patterns += [f"{app}/templates/**/*.html" for app in ("catalogue", "members", "governance")]
    for path in sorted({path for pattern in patterns for path in base.glob(pattern)}):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # A session (signed in, or anything stored for this visitor) or a pending message makes
    # the page the visitor's own.
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _is_shareable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The page holds a CSRF token: it belongs to this visitor.
        return False
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in _DIRECTIVE_SEPARATOR.split(response.get("Cache-Control", ""))
    }
    return not directives & _FORBIDDING_DIRECTIVES


def _freeze(response) -> tuple:
    headers = [(name, value) for name, value in response.items() if name.lower() in _KEPT_HEADERS]
    return response.status_code, headers, response.content


def _restore(stored) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
