import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.admin_support import admin_login, form_data, get_with_cold_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    # reverse() prefixes the active language, and an earlier test may have left English on.
    with translation.override("da"):
        yield


User = get_user_model()


def _rows(model_name, count):
    makers = {
        "user": lambda n: factories.UserFactory(),
        "region": lambda n: (
            factories.OrganisationFactory(region=factories.RegionFactory(code=1081 + n)).region
        ),
        "sizetier": lambda n: factories.SizeTierFactory(number=n + 1),
        "organisation": lambda n: (
            factories.EmailDomainFactory(
                organisation__manual_size_tier=factories.SizeTierFactory(number=1)
            ).organisation
        ),
        "emaildomain": lambda n: factories.EmailDomainFactory(),
    }
    return [makers[model_name](n) for n in range(count)]


# (model, queries of the list page for a secretariat user, for a superuser)
CHANGELISTS = [
    ("user", 9, 7),
    ("region", 9, 7),
    ("sizetier", 8, 6),
    ("organisation", 9, 7),
    ("emaildomain", 8, 6),
]
# (model, queries of the change page for a secretariat user, of the add page; None where the
# secretariat may not add)
CHANGE_PAGES = [
    ("user", 9, None),
    ("region", 7, 6),
    ("sizetier", 7, 6),
    ("organisation", 10, 6),
    ("emaildomain", 8, 6),
]


@pytest.fixture
def secretariat_client(client):
    return admin_login(client, factories.SecretariatUserFactory())


@pytest.fixture
def superuser_client(client):
    return admin_login(client, factories.UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model_name", "secretariat_queries", "superuser_queries"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, model_name, secretariat_queries, superuser_queries, rows
):
    _rows(model_name, rows)
    url = reverse(f"admin:members_{model_name}_changelist")

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
            secretariat_client, reverse(f"admin:members_{model_name}_change", args=[obj.pk])
        )
    add_url = reverse(f"admin:members_{model_name}_add")
    if add_queries is None:
        add = get_with_cold_caches(secretariat_client, add_url)
    else:
        with django_assert_num_queries(add_queries):
            add = get_with_cold_caches(secretariat_client, add_url)

    assert change.status_code == 200
    assert add.status_code == (403 if add_queries is None else 200)


def test_secretariat_sees_users_but_cannot_change_them(secretariat_client):
    user = factories.UserFactory(email="anna@testrup.dk")
    url = reverse("admin:members_user_change", args=[user.pk])

    response = secretariat_client.post(url, {"email": "mallory@example.dk"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.email == "anna@testrup.dk"


def test_superuser_adds_a_user_by_email_address(superuser_client):
    url = reverse("admin:members_user_add")
    data = form_data(superuser_client.get(url), "user_form")
    data.update(
        {
            "email": "ny@testrup.dk",
            "usable_password": "true",
            "password1": "et-langt-kodeord-42",
            "password2": "et-langt-kodeord-42",
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    user = User.objects.get(email="ny@testrup.dk")
    assert user.check_password("et-langt-kodeord-42") is True


def test_superuser_change_page_has_no_username(superuser_client):
    user = factories.UserFactory()

    response = superuser_client.get(reverse("admin:members_user_change", args=[user.pk]))

    assert response.status_code == 200
    assert 'name="username"' not in response.text
    assert 'name="email"' in response.text
