import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_afterwards():
    # A request to an English page leaves English active in this thread; the next test
    # (in another module, too) expects Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_accessibility_statement_is_linked_from_every_footer(client):
    response = client.get("/")

    assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in response.text


def test_accessibility_statement_follows_the_danish_structure(client, settings):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    headings = [
        "<h1>Tilgængelighedserklæring</h1>",
        "<h2>Overholdelsesstatus</h2>",
        "<h2>Ikke-tilgængeligt indhold</h2>",
        "<h2>Sådan har vi vurderet tilgængeligheden</h2>",
        "<h2>Feedback og kontaktoplysninger</h2>",
        "<h2>Klagemulighed</h2>",
    ]
    assert [heading in response.text for heading in headings] == [True] * len(headings)
    assert f'href="mailto:{settings.SECRETARIAT_EMAIL}"' in response.text
    assert "axe-core" in response.text
    assert "Digitaliseringsstyrelsen" in response.text


def test_accessibility_statement_in_english(client):
    response = client.get("/en/tilgaengelighed/")

    assert response.status_code == 200
    assert "<h1>Accessibility statement</h1>" in response.text
    assert "<h2>Complaints</h2>" in response.text
