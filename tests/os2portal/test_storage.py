import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from os2portal.models import StoredFile
from os2portal.storage import DatabaseStorage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    # reverse() prefixes the active language, and an earlier test may have left English on.
    with translation.override("da"):
        yield


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_default_storage_is_the_database():
    assert isinstance(default_storage._wrapped, DatabaseStorage)


def test_file_saved_is_read_back_with_its_size_and_url():
    storage = DatabaseStorage()

    name = storage.save("logos/os2mo.png", ContentFile(PNG))

    assert name == "logos/os2mo.png"
    assert storage.exists(name) is True
    assert storage.size(name) == len(PNG)
    assert storage.url(name) == "/media/logos/os2mo.png"
    with storage.open(name) as stored:
        assert stored.read() == PNG
    assert StoredFile.objects.get(name=name).content_type == "image/png"


def test_second_file_with_the_same_name_gets_a_new_name():
    storage = DatabaseStorage()
    first = storage.save("logos/logo.png", ContentFile(PNG))

    second = storage.save("logos/logo.png", ContentFile(PNG))

    assert first == "logos/logo.png"
    assert second != first
    assert second.startswith("logos/logo_")
    assert StoredFile.objects.count() == 2


def test_deleted_file_is_gone():
    storage = DatabaseStorage()
    name = storage.save("logos/logo.png", ContentFile(PNG))

    storage.delete(name)

    assert storage.exists(name) is False
    with pytest.raises(FileNotFoundError):
        storage.open(name)


def test_type_comes_from_the_bytes_not_the_name():
    storage = DatabaseStorage()

    name = storage.save("logos/logo.html", ContentFile(b"<script>alert(1)</script>"))

    assert StoredFile.objects.get(name=name).content_type == "application/octet-stream"


def test_media_view_serves_a_stored_file_with_safe_headers(client, django_assert_num_queries):
    stored = factories.StoredFileFactory(name="logos/os2mo.png", content=PNG)

    with django_assert_num_queries(1):
        response = client.get("/media/logos/os2mo.png")

    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Length"] == str(stored.size)
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"


def test_media_view_answers_404_for_an_unknown_file(client):
    response = client.get("/media/logos/findes-ikke.png")

    assert response.status_code == 404


def test_media_view_refuses_writes(client):
    factories.StoredFileFactory(name="logos/os2mo.png")

    response = client.post("/media/logos/os2mo.png")

    assert response.status_code == 405
