import pytest
from django.conf import settings
from django.utils import timezone, translation

from tests.factories import (
    AssessmentFactory,
    InitiativeFactory,
    LevelFactory,
    OrganisationFactory,
    ProductFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    # A request under /en/ leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_product_feed_is_atom_with_new_and_changed_products(client):
    ProductFactory(name="OS2mo", tagline="Organisation og medarbejdere.")

    response = client.get("/feeds/produkter/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>OS2mo</title>" in response.text
    assert "/produkter/" in response.text


def test_level_feed_lists_published_assessments_only(client):
    product = ProductFactory(name="OS2kitos")
    AssessmentFactory(
        product=product, level=LevelFactory(rank=3), published=True, published_at=timezone.now()
    )
    AssessmentFactory(product=ProductFactory(name="Hemmelig"), level=LevelFactory(rank=1))

    response = client.get("/feeds/niveauer/")

    assert "OS2kitos er vurderet til Niveau 3" in response.text
    assert "Hemmelig" not in response.text


def test_initiative_feed_lists_new_initiatives(client):
    InitiativeFactory(title="OS2valghalla 3.0", summary="Ny version")

    response = client.get("/feeds/initiativer/")

    assert "<title>OS2valghalla 3.0</title>" in response.text


def test_english_feed_is_translated(client):
    response = client.get("/en/feeds/produkter/")

    assert "new and changed products" in response.text


def test_sitemap_lists_products_initiatives_suppliers_and_organisations(client):
    ProductFactory(slug="os2mo")
    InitiativeFactory(slug="valghalla")
    SupplierFactory(slug="magenta")
    OrganisationFactory(slug="aarhus-kommune")

    text = client.get("/sitemap.xml").text

    assert "http://testserver/produkter/os2mo/" in text
    assert "http://testserver/en/produkter/os2mo/" in text
    assert "http://testserver/initiativer/valghalla/" in text
    assert "http://testserver/leverandoerer/magenta/" in text
    assert "aarhus-kommune" in text
    assert "http://testserver/produkter/</loc>" in text


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
