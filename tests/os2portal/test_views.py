import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    connection.close()
    # Nothing listens on port 1: the connection is refused at once.
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()

    assert response.status_code == 503


def test_home_page_is_danish_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert "Fællesskabets katalog over offentlig open source" in response.text
    assert 'href="/en/"' in response.text


def test_home_page_in_english(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "The community's catalogue of public-sector open source" in response.text
    assert 'href="/"' in response.text


def test_anonymous_reader_gets_no_cookie(client):
    response = client.get("/")

    assert response.cookies == {}


def test_about_page_answers_in_both_languages(client):
    assert client.get("/om/").status_code == 200
    assert "About the portal" in client.get("/en/om/").text


@pytest.mark.parametrize(
    "url",
    ["/api/v1/requirements/?level=a%00b", "/soeg/?q=rolle%00", "/produkter/?stage=%00"],
)
def test_a_nul_character_in_the_address_is_refused_with_a_message(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response.text == "Adressen indeholder et ugyldigt tegn (NUL)."
