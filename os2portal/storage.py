"""A Django storage that keeps uploaded files in the database.

Several app servers run side by side in production, so nothing may live on one server's
disk. Uploads are small (product logos), and keeping them in PostgreSQL means they are
backed up with everything else. ``os2portal.media_views.stored_file`` serves them.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from os2portal.models import StoredFile

# Content types recognised by their first bytes. Anything else is served as an opaque
# download type, whatever its name says, so a stored file can never become a page.
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]
_SAFE_BY_NAME = {"text/csv", "text/plain"}


def sniff_content_type(data: bytes) -> str | None:
    """The image or document type the bytes start with, or None."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def content_type_for(name: str, data: bytes) -> str:
    sniffed = sniff_content_type(data)
    if sniffed:
        return sniffed
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed if guessed in _SAFE_BY_NAME else "application/octet-stream"


@deconstructible(path="os2portal.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def __init__(self, base_url: str | None = None):
        self._base_url = base_url

    @property
    def base_url(self) -> str:
        base_url = self._base_url if self._base_url is not None else settings.MEDIA_URL
        return base_url if base_url.endswith("/") else base_url + "/"

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseStorage opens files for reading only; save() writes.")
        try:
            content = StoredFile.objects.values_list("content", flat=True).get(name=name)
        except StoredFile.DoesNotExist:
            raise FileNotFoundError(name) from None
        return ContentFile(bytes(content), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        if isinstance(data, str):
            data = data.encode()
        while True:
            try:
                # A savepoint, so that losing a race for the name leaves the outer
                # transaction usable and we can take the next free name.
                with transaction.atomic():
                    StoredFile.objects.create(
                        name=name,
                        content=data,
                        content_type=content_type_for(name, data),
                        size=len(data),
                    )
                return name
            except IntegrityError:
                name = self.get_available_name(name)

    def exists(self, name):
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name):
        if not name:
            raise ValueError("The name must be given to delete().")
        StoredFile.objects.filter(name=name).delete()

    def size(self, name):
        try:
            return StoredFile.objects.values_list("size", flat=True).get(name=name)
        except StoredFile.DoesNotExist:
            raise FileNotFoundError(name) from None

    def url(self, name):
        return urljoin(self.base_url, filepath_to_uri(name).lstrip("/"))

    def get_available_name(self, name, max_length=None):
        # The base class finds a free name through exists(); names are unique in the table,
        # and _save retries should another server take the same name meanwhile.
        return super().get_available_name(name, max_length=max_length)

    def get_created_time(self, name):
        try:
            return StoredFile.objects.values_list("created_at", flat=True).get(name=name)
        except StoredFile.DoesNotExist:
            raise FileNotFoundError(name) from None

    get_modified_time = get_created_time

    def listdir(self, path):
        prefix = path.rstrip("/") + "/" if path else ""
        directories, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list(
            "name", flat=True
        ):
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)
