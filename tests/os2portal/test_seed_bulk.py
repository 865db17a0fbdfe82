import pytest
from django.core.management import call_command

from catalogue.models import Initiative, Interest, Product, SupplierRole, Usage
from governance.models import Assessment
from members.models import Organisation
from os2portal.seeding import seed_bulk
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

SMALL = {"products": 30, "organisations": 8, "usages": 120, "interests": 25, "initiatives": 5}


def snapshot() -> dict:
    """The synthetic data by natural keys, free of database ids and timestamps."""
    synthetic = {"slug__startswith": "syntetisk-"}
    return {
        "products": list(
            Product.objects.filter(**synthetic)
            .order_by("slug")
            .values_list("slug", "tagline", "stage", "licence", "current_level_rank")
        ),
        "categories": sorted(
            Product.categories.through.objects.filter(
                product__slug__startswith="syntetisk-"
            ).values_list("product__slug", "category__slug")
        ),
        "roles": sorted(
            SupplierRole.objects.filter(product__slug__startswith="syntetisk-").values_list(
                "product__slug", "supplier__slug", "role"
            )
        ),
        "usages": sorted(
            Usage.objects.filter(product__slug__startswith="syntetisk-").values_list(
                "organisation__slug", "product__slug", "status", "since"
            )
        ),
        "interests": sorted(
            Interest.objects.filter(initiative__slug__startswith="syntetisk-").values_list(
                "organisation__slug", "initiative__slug", "role", "pledge"
            )
        ),
    }


def test_seed_bulk_creates_the_numbers_asked_for():
    counts = seed_bulk(seed=1, **SMALL)

    assert (
        counts.products,
        counts.organisations,
        counts.usages,
        counts.initiatives,
        counts.interests,
    ) == (30, 8, 120, 5, 25)
    assert Usage.objects.filter(note="Syntetisk").count() == 120
    assert Interest.objects.filter(note="Syntetisk").count() == 25


def test_seed_bulk_same_seed_gives_the_same_data():
    seed_bulk(seed=7, **SMALL)
    first = snapshot()

    seed_bulk(seed=7, **SMALL)

    assert snapshot() == first
    assert Product.objects.filter(slug__startswith="syntetisk-").count() == 30


def test_seed_bulk_another_seed_gives_other_data():
    seed_bulk(seed=7, **SMALL)
    first = snapshot()

    seed_bulk(seed=8, **SMALL)

    assert snapshot()["usages"] != first["usages"]


def test_seed_bulk_sets_levels_from_published_assessments_and_search_documents():
    seed_bulk(seed=3, **SMALL)

    products = Product.objects.filter(slug__startswith="syntetisk-")
    levelled = products.filter(current_level_rank__isnull=False)
    assert Assessment.objects.published().filter(product__in=levelled).count() == levelled.count()
    assert {
        (a.product.current_level_rank, a.product.current_level_since)
        for a in Assessment.objects.select_related("product", "level")
        if a.level.rank != a.product.current_level_rank
        or a.assessed_on != a.product.current_level_since
    } == set()
    assert products.filter(search_vector__isnull=True).count() == 0


def test_seed_bulk_names_are_numbered():
    seed_bulk(seed=1, **SMALL)

    assert Product.objects.filter(name="Syntetisk produkt 00001").exists()
    assert Organisation.objects.filter(name="Syntetisk organisation 00008").exists()
    assert Initiative.objects.filter(title="Syntetisk initiativ 00005").exists()


def test_seed_bulk_refuses_more_usages_than_pairs():
    with pytest.raises(ValueError):
        seed_bulk(products=2, organisations=2, seed=1, usages=5, interests=0)


def test_seed_bulk_clear_leaves_other_products_alone():
    real = ProductFactory(slug="os2mo", name="OS2mo")
    seed_bulk(seed=1, **SMALL)

    call_command("seed_bulk", clear=True, skip_checks=True)

    assert list(Product.objects.values_list("slug", flat=True)) == [real.slug]
    assert Usage.objects.count() == 0
