"""Serves the files kept by ``os2portal.storage.DatabaseStorage`` under MEDIA_URL."""

from django.http import Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from os2portal.models import StoredFile


@require_safe
def stored_file(request, name):
    try:
        stored = StoredFile.objects.only("content", "content_type", "size", "created_at").get(
            name=name
        )
    except StoredFile.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Length"] = str(stored.size)
    response["Last-Modified"] = http_date(stored.created_at.timestamp())
    # A new upload gets a new name, so a day's caching is safe; inline so images show, and
    # nosniff so a browser never reads the bytes as anything but the stored type.
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
