"""Helpers for admin tests: POST data from a rendered form, and GETs with cold caches."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: dict | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form or (attrs.get("disabled") is not None and tag != "form"):
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            # The browser drops the one newline that follows <textarea>.
            values[-1] += data.removeprefix("\n") if not values[-1] else data


def form_data(response, form_id: str) -> dict[str, list[str]]:
    """The fields of the form with this id in the response, with their current values."""
    parser = _FormParser(form_id)
    parser.feed(response.text)
    return parser.data


def get_with_cold_caches(client, url):
    """GET the page with the content-type cache emptied, so the query count it makes does not
    depend on which test ran before it in the same process."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return client.get(url)


def admin_login(client, user):
    """Sign ``user`` in as if through the portal with a second factor, as the admin demands
    of staff: an activated authenticator app and a session that has passed it."""
    import time

    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "test"}
    )
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client
