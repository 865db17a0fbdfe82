import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.models import Product
from governance.models import Assessment
from tests import factories
from tests.admin_support import admin_login, form_data, get_with_cold_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    # reverse() prefixes the active language, and an earlier test may have left English on.
    with translation.override("da"):
        yield


def _requirements():
    """A checklist of four requirements: one each on the sandbox and levels 1, 2 and 3."""
    levels = factories.create_levels()
    return [
        factories.RequirementFactory(code=code, level=level)
        for code, level in zip(["F1", "G1", "G5", "G12"], levels, strict=True)
    ]


def _working_group():
    group = factories.WorkingGroupFactory()
    group.organisations.set([factories.OrganisationFactory()])
    return group


def _rows(model_name, count):
    requirements = _requirements()
    makers = {
        "level": lambda n: requirements[n].level,
        "requirement": lambda n: requirements[n],
        "assessment": lambda n: (
            factories.AssessmentItemFactory(
                assessment__level=requirements[1].level, requirement=requirements[n]
            ).assessment
        ),
        "assessmentitem": lambda n: factories.AssessmentItemFactory(requirement=requirements[n]),
        "workinggroup": lambda n: _working_group(),
    }
    return [makers[model_name](n) for n in range(count)]


# (model, queries of the list page for a secretariat user, for a superuser)
CHANGELISTS = [
    ("level", 9, 7),
    ("requirement", 9, 7),
    ("assessment", 11, 9),
    ("assessmentitem", 9, 7),
    ("workinggroup", 8, 6),
]
# (model, queries of the change page for a secretariat user, of the add page)
CHANGE_PAGES = [
    ("level", 7, 6),
    ("requirement", 8, 6),
    ("assessment", 11, 7),
    ("assessmentitem", 11, 6),
    ("workinggroup", 10, 6),
]


@pytest.fixture
def secretariat_client(client):
    return admin_login(client, factories.SecretariatUserFactory())


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model_name", "secretariat_queries", "superuser_queries"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, model_name, secretariat_queries, superuser_queries, rows
):
    _rows(model_name, rows)
    url = reverse(f"admin:governance_{model_name}_changelist")

    admin_login(client, factories.SecretariatUserFactory())
    with django_assert_num_queries(secretariat_queries):
        secretariat_response = get_with_cold_caches(client, url)
    admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))
    with django_assert_num_queries(superuser_queries):
        superuser_response = get_with_cold_caches(client, url)

    assert secretariat_response.status_code == 200
    assert superuser_response.status_code == 200
    assert secretariat_response.context["cl"].result_count >= rows


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model_name", "change_queries", "add_queries"), CHANGE_PAGES)
def test_change_and_add_pages_answer_for_the_secretariat(
    secretariat_client, django_assert_num_queries, model_name, change_queries, add_queries, rows
):
    obj = _rows(model_name, rows)[0]

    with django_assert_num_queries(change_queries):
        change = get_with_cold_caches(
            secretariat_client, reverse(f"admin:governance_{model_name}_change", args=[obj.pk])
        )
    with django_assert_num_queries(add_queries):
        add = get_with_cold_caches(
            secretariat_client, reverse(f"admin:governance_{model_name}_add")
        )

    assert change.status_code == 200
    assert add.status_code == 200


def _add_assessment(client, product, level, **changes):
    url = reverse("admin:governance_assessment_add")
    data = form_data(client.get(url), "assessment_form")
    data.update(
        {
            "product": product.pk,
            "level": level.pk,
            "assessed_on": "01.06.2025",
            **changes,
        }
    )
    return client.post(url, data)


def test_new_assessment_starts_with_one_item_per_requirement_up_to_its_level(
    secretariat_client,
):
    requirements = _requirements()
    product = factories.ProductFactory()

    response = _add_assessment(secretariat_client, product, requirements[2].level)

    assert response.status_code == 302
    assessment = Assessment.objects.get(product=product)
    assert [item.requirement.code for item in assessment.items.all()] == ["F1", "G1", "G5"]
    product.refresh_from_db()
    assert product.current_level_rank is None


def test_assessment_published_in_the_form_sets_the_products_level(secretariat_client):
    requirements = _requirements()
    product = factories.ProductFactory()

    response = _add_assessment(secretariat_client, product, requirements[1].level, published="on")

    assert response.status_code == 302
    assessment = Assessment.objects.get(product=product)
    assert assessment.published is True
    assert assessment.published_at is not None
    product.refresh_from_db()
    assert (product.current_level_rank, product.current_level_since) == (
        1,
        datetime.date(2025, 6, 1),
    )


def test_unticking_published_takes_the_level_back(secretariat_client):
    requirements = _requirements()
    assessment = factories.AssessmentFactory(level=requirements[2].level)
    secretariat_client.post(
        reverse("admin:governance_assessment_changelist"),
        {"action": "publish", "_selected_action": [assessment.pk]},
    )
    url = reverse("admin:governance_assessment_change", args=[assessment.pk])
    data = form_data(secretariat_client.get(url), "assessment_form")
    del data["published"]

    response = secretariat_client.post(url, data)

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.published, assessment.published_at) == (False, None)
    assert Product.objects.get(pk=assessment.product_id).current_level_rank is None


def test_publish_action_sets_the_products_current_level(secretariat_client):
    requirements = _requirements()
    assessment = factories.AssessmentFactory(level=requirements[3].level)

    response = secretariat_client.post(
        reverse("admin:governance_assessment_changelist"),
        {"action": "publish", "_selected_action": [assessment.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 vurdering er offentliggjort." in response.text
    assessment.refresh_from_db()
    assert assessment.published is True
    assert Product.objects.get(pk=assessment.product_id).current_level_rank == 3


def test_saving_a_published_assessment_with_a_new_level_moves_the_products_level(
    secretariat_client,
):
    requirements = _requirements()
    assessment = factories.AssessmentFactory(level=requirements[1].level)
    secretariat_client.post(
        reverse("admin:governance_assessment_changelist"),
        {"action": "publish", "_selected_action": [assessment.pk]},
    )
    url = reverse("admin:governance_assessment_change", args=[assessment.pk])
    data = form_data(secretariat_client.get(url), "assessment_form")
    data["level"] = requirements[2].level.pk

    response = secretariat_client.post(url, data)

    assert response.status_code == 302
    assert Product.objects.get(pk=assessment.product_id).current_level_rank == 2
    assert assessment.items.count() == 3
