"""The two-server check: a change made through one app server shows through the other at once.

Two gunicorn servers share the database and the Redis cache. An anonymous visitor reads
a product page through server B (twice, so the page cache holds it); a member signs in
on server A through the allauth form and declares over HTTP, through the portal's usage
form, that their organisation uses the product; the visitor then reads the page through
B again and must see the organisation among the product's users. The member and the
organisation are made for the check and removed after it (checkdata.py).
"""

import html
import http.client
import re
import secrets
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load.checkdata import ORGANISATION_NAME
from bench.load.servers import run_python

CHECK_EMAIL = "ydelsestjek@example.invalid"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser: keeps the cookies it is given and sends them back.

    The cookies are marked Secure (debug is off) while the benchmark speaks plain HTTP on
    loopback, where a real cookie jar would withhold them; a proxy terminating TLS would
    make the same requests over HTTPS.
    """

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(key, None)  # the server deleted it
                else:
                    self.cookies[key] = morsel.value
        return response.status, response.headers, text

    def post_form(self, path: str, fields: dict):
        """GET the form for its CSRF token, then POST it as the browser would."""
        status, _headers, text = self.request("GET", path)
        token = CSRF_FIELD.search(text)
        if status != 200 or token is None:
            raise CheckFailed(f"GET {path} answered {status} without a form")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})


class CheckFailed(Exception):
    pass


def _checkdata(env: dict, *args: str) -> None:
    run_python(["-m", "bench.load.checkdata", *args], env)


def _shows_organisation(text: str) -> bool:
    return ORGANISATION_NAME in html.unescape(text)


def run_check(*, server_a, server_b, product_path: str, env: dict) -> dict:
    """Run the check; a dict of what was seen, with passed True or False."""
    password = secrets.token_urlsafe(16)
    _checkdata(env, "setup", CHECK_EMAIL, password)
    try:
        return _steps(server_a, server_b, product_path, password)
    except CheckFailed as failure:
        return {"passed": False, "failure": str(failure)}
    finally:
        _checkdata(env, "cleanup", CHECK_EMAIL)


def _steps(server_a, server_b, product_path: str, password: str) -> dict:
    visitor = Browser(server_b.port)
    visitor.request("GET", product_path)
    status, headers, text = visitor.request("GET", product_path)
    primed = headers.get("X-Page-Cache", "-")
    if status != 200 or _shows_organisation(text):
        raise CheckFailed(f"before the change B answered {status}, organisation shown: yes")

    member = Browser(server_a.port)
    status, headers, _text = member.post_form(
        "/konto/login/", {"login": CHECK_EMAIL, "password": password}
    )
    if status != 302 or "sessionid" not in member.cookies:
        raise CheckFailed(f"signing in on A answered {status} without a session")
    status, headers, _text = member.post_form(
        f"{product_path}anvendelse/", {"status": "in_use", "since": "", "note": ""}
    )
    if status != 302:
        raise CheckFailed(f"declaring the usage on A answered {status}, not a redirect")

    status, headers, text = visitor.request("GET", product_path)
    shown = status == 200 and _shows_organisation(text)
    return {
        "passed": shown,
        "product": product_path,
        "b_before_change": {"page_cache": primed, "organisation_shown": False},
        "a_declared_usage": True,
        "b_after_change": {
            "status": status,
            "page_cache": headers.get("X-Page-Cache", "-"),
            "organisation_shown": shown,
        },
        **({} if shown else {"failure": "B still showed the page without the organisation"}),
    }
