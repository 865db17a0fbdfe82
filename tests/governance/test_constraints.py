"""Each of governance's database constraints refuses a bad row."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import Assessment, Level, Requirement
from tests.factories import (
    AssessmentFactory,
    AssessmentItemFactory,
    LevelFactory,
    ProductFactory,
    RequirementFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> str:
    """Run ``create`` in a savepoint; it must fail. Returns the database's message."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    return str(error.value)


def test_level_rank_above_three_is_refused():
    message = refused(lambda: Level.objects.create(rank=4, name="Niveau 4", slug="niveau-4"))

    assert "level_rank_range" in message


def test_negative_level_rank_is_refused():
    message = refused(lambda: Level.objects.create(rank=-1, name="Minus", slug="minus"))

    assert "rank" in message


def test_duplicate_level_rank_is_refused():
    LevelFactory(rank=2)

    message = refused(lambda: Level.objects.create(rank=2, name="Andet", slug="andet"))

    assert "rank" in message


@pytest.mark.parametrize("code", ["X1", "F123", "f1", "G", "1G", "R1a"])
def test_requirement_code_in_the_wrong_format_is_refused(code):
    message = refused(lambda: RequirementFactory(code=code))

    assert "requirement_code_format" in message


@pytest.mark.parametrize("code", ["R1", "F22", "S5", "G14"])
def test_requirement_code_in_the_template_format_is_accepted(code):
    requirement = RequirementFactory(code=code)

    assert Requirement.objects.get(pk=requirement.pk).code == code


def test_duplicate_requirement_code_is_refused():
    RequirementFactory(code="G1")

    message = refused(lambda: RequirementFactory(code="G1"))

    assert "code" in message


def test_published_assessment_without_time_is_refused():
    message = refused(lambda: AssessmentFactory(published=True, published_at=None))

    assert "assessment_published_has_time" in message


def test_published_assessment_with_time_is_accepted():
    assessment = AssessmentFactory(published=True, published_at=timezone.now())

    assert Assessment.objects.published().get() == assessment


def test_second_item_for_the_same_requirement_is_refused():
    item = AssessmentItemFactory()

    message = refused(
        lambda: AssessmentItemFactory(assessment=item.assessment, requirement=item.requirement)
    )

    assert "assessment_item_one_per_requirement" in message


def test_second_working_group_of_the_same_kind_is_refused():
    group = WorkingGroupFactory()

    message = refused(lambda: WorkingGroupFactory(product=group.product, kind=group.kind))

    assert "working_group_one_per_kind" in message


def test_assessments_of_one_product_on_two_days_are_accepted():
    product = ProductFactory()
    AssessmentFactory(product=product, assessed_on=datetime.date(2024, 1, 1))

    AssessmentFactory(product=product, assessed_on=datetime.date(2025, 1, 1))

    assert Assessment.objects.filter(product=product).count() == 2


def test_two_assessments_of_a_product_on_one_day_are_refused():
    first = AssessmentFactory(assessed_on=datetime.date(2026, 3, 1))

    message = refused(
        lambda: AssessmentFactory(product=first.product, assessed_on=datetime.date(2026, 3, 1))
    )

    assert "assessment_one_per_product_and_day" in message
