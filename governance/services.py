"""Writes in governance: creating and publishing assessments."""

from django.db import transaction
from django.utils import timezone

from catalogue.models import Product
from governance.models import Assessment, AssessmentItem, Requirement


def assessment_add_items(*, assessment: Assessment) -> list[AssessmentItem]:
    """Give an assessment one item for every requirement up to its level (missing ones only)."""
    existing = set(assessment.items.values_list("requirement_id", flat=True))
    items = [
        AssessmentItem(assessment=assessment, requirement=requirement)
        for requirement in Requirement.objects.up_to_rank(assessment.level.rank)
        if requirement.pk not in existing
    ]
    return AssessmentItem.objects.bulk_create(items)


def product_refresh_level(*, product: Product) -> None:
    """Set a product's current level from its latest published assessment (or none)."""
    latest = (
        Assessment.objects.published()
        .filter(product=product)
        .select_related("level")
        .latest_first()
        .first()
    )
    Product.objects.filter(pk=product.pk).update(
        current_level_rank=latest.level.rank if latest else None,
        current_level_since=latest.assessed_on if latest else None,
        updated_at=timezone.now(),
    )


@transaction.atomic
def assessment_publish(*, assessment: Assessment) -> Assessment:
    """Publish an assessment; the product's current level follows in the same transaction."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.published:
        assessment.published = True
        assessment.published_at = timezone.now()
        assessment.full_clean()
        assessment.save(update_fields=["published", "published_at"])
    product_refresh_level(product=assessment.product)
    return assessment


@transaction.atomic
def assessment_unpublish(*, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.published = False
    assessment.published_at = None
    assessment.save(update_fields=["published", "published_at"])
    product_refresh_level(product=assessment.product)
    return assessment
