"""Refuse a request whose address carries a NUL character, before any view reads it.

PostgreSQL's text cannot hold NUL, so a query parameter with one that reaches a filter
(``?level=%00``) fails in the database with a server error. Django's forms refuse NUL
already; this covers every view that reads a parameter directly, the API's included.
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("Adressen indeholder et ugyldigt tegn (NUL)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
