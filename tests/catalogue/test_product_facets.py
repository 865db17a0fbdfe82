"""The product facet rows follow every change to what they summarise, however it is made."""

import pytest

from catalogue.models import Product, ProductFacets, SupplierRole, Usage
from catalogue.querysets import USING_STATUSES
from members.models import Organisation
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    SupplierFactory,
    SupplierRoleFactory,
    UsageFactory,
)

pytestmark = pytest.mark.django_db


def expected_facets(product: Product) -> dict:
    """The facet row's values, computed from the source tables."""
    using = Usage.objects.filter(product=product, status__in=USING_STATUSES)
    return {
        "stage": product.stage,
        "level_rank": product.current_level_rank,
        "licence": product.licence,
        "category_ids": sorted(product.categories.values_list("pk", flat=True)),
        "supplier_ids": sorted(set(product.supplier_roles.values_list("supplier_id", flat=True))),
        "user_ids": sorted(using.values_list("organisation_id", flat=True)),
        "region_ids": sorted(
            set(
                using.exclude(organisation__region=None).values_list(
                    "organisation__region_id", flat=True
                )
            )
        ),
    }


def stored_facets(product: Product) -> dict:
    row = ProductFacets.objects.get(product=product)
    return {name: getattr(row, name) for name in expected_facets(product)}


def test_a_new_product_gets_its_row():
    product = ProductFactory(stage="project", licence="MPL-2.0")

    assert stored_facets(product) == expected_facets(product)
    assert stored_facets(product)["stage"] == "project"


def test_usages_added_changed_and_removed_are_followed():
    product = ProductFactory()
    north, south = RegionFactory(), RegionFactory()
    first = UsageFactory(product=product, organisation__region=north, status="in_use")
    second = UsageFactory(product=product, organisation__region=south, status="implementing")
    UsageFactory(product=product, status="evaluating")
    assert stored_facets(product)["user_ids"] == sorted(
        [first.organisation_id, second.organisation_id]
    )

    Usage.objects.filter(pk=first.pk).update(status="stopped")
    assert stored_facets(product) == expected_facets(product)
    assert stored_facets(product)["region_ids"] == [south.pk]

    second.delete()
    assert stored_facets(product) == expected_facets(product)
    assert stored_facets(product)["user_ids"] == []


def test_bulk_created_usages_are_followed():
    product = ProductFactory()
    organisations = OrganisationFactory.create_batch(3)

    Usage.objects.bulk_create(
        [Usage(product=product, organisation=org, status="in_use") for org in organisations]
    )

    assert stored_facets(product)["user_ids"] == sorted(org.pk for org in organisations)


def test_a_usage_moved_to_another_product_updates_both():
    old, new = ProductFactory(), ProductFactory()
    usage = UsageFactory(product=old, status="in_use")

    Usage.objects.filter(pk=usage.pk).update(product=new)

    assert stored_facets(old)["user_ids"] == []
    assert stored_facets(new)["user_ids"] == [usage.organisation_id]


def test_an_organisation_moving_region_moves_its_products():
    product = ProductFactory()
    usage = UsageFactory(product=product, organisation__region=RegionFactory(), status="in_use")
    elsewhere = RegionFactory()

    Organisation.objects.filter(pk=usage.organisation_id).update(region=elsewhere)

    assert stored_facets(product)["region_ids"] == [elsewhere.pk]


def test_categories_added_and_removed_are_followed():
    product = ProductFactory()
    first, second = CategoryFactory(), CategoryFactory()

    product.categories.add(first, second)
    assert stored_facets(product)["category_ids"] == sorted([first.pk, second.pk])

    product.categories.remove(first)
    assert stored_facets(product)["category_ids"] == [second.pk]

    second.delete()
    assert stored_facets(product)["category_ids"] == []


def test_supplier_roles_are_followed_and_counted_once_per_supplier():
    product = ProductFactory()
    supplier = SupplierFactory()
    SupplierRoleFactory(product=product, supplier=supplier, role="development")
    role = SupplierRoleFactory(product=product, supplier=supplier, role="operation")
    assert stored_facets(product)["supplier_ids"] == [supplier.pk]

    other = SupplierFactory()
    SupplierRole.objects.filter(pk=role.pk).update(supplier=other)
    assert stored_facets(product) == expected_facets(product)

    SupplierRole.objects.filter(product=product).delete()
    assert stored_facets(product)["supplier_ids"] == []


def test_stage_level_and_licence_changes_are_followed():
    product = ProductFactory(stage="idea", licence="")

    Product.objects.filter(pk=product.pk).update(
        stage="product", current_level_rank=2, licence="EUPL-1.2"
    )
    product.refresh_from_db()

    assert stored_facets(product) == expected_facets(product)
    assert stored_facets(product)["level_rank"] == 2


def test_a_deleted_product_leaves_no_row():
    product = ProductFactory()
    UsageFactory(product=product, status="in_use")
    product.categories.add(CategoryFactory())
    pk = product.pk

    product.delete()

    assert not ProductFacets.objects.filter(product_id=pk).exists()
