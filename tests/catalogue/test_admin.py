import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.models import Product, Usage
from os2portal.models import StoredFile
from tests import factories
from tests.admin_support import admin_login, form_data, get_with_cold_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    # reverse() prefixes the active language, and an earlier test may have left English on.
    with translation.override("da"):
        yield


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _rows(model_name, count):
    """``count`` rows of the model, each with the related rows its pages show."""
    category = factories.CategoryFactory()
    organisation = factories.OrganisationFactory()
    makers = {
        "category": lambda n: factories.CategoryFactory(),
        "supplier": lambda n: factories.SupplierRoleFactory().supplier,
        "product": lambda n: (
            factories.SupplierRoleFactory(
                product=factories.ProductFactory(categories=[category])
            ).product
        ),
        "supplierrole": lambda n: factories.SupplierRoleFactory(),
        "usage": lambda n: factories.UsageFactory(organisation=organisation),
        "feepolicy": lambda n: factories.FeePolicyFactory(valid_from_year=2020 + n),
        "fee": lambda n: factories.FeeFactory(),
        "initiative": lambda n: factories.InterestFactory(organisation=organisation).initiative,
        "interest": lambda n: factories.InterestFactory(),
    }
    return [makers[model_name](n) for n in range(count)]


# (model, queries of the list page for a secretariat user, for a superuser)
CHANGELISTS = [
    ("category", 9, 7),
    ("supplier", 8, 6),
    ("product", 11, 9),
    ("supplierrole", 8, 6),
    ("usage", 11, 9),
    ("feepolicy", 9, 7),
    ("fee", 10, 8),
    ("initiative", 8, 6),
    ("interest", 10, 8),
]
# (model, queries of the change page for a secretariat user, of the add page)
CHANGE_PAGES = [
    ("category", 7, 6),
    ("supplier", 9, 6),
    ("product", 14, 6),
    ("supplierrole", 9, 6),
    ("usage", 9, 6),
    ("feepolicy", 7, 6),
    ("fee", 9, 6),
    ("initiative", 9, 6),
    ("interest", 10, 6),
]


@pytest.fixture
def secretariat_user():
    return factories.SecretariatUserFactory()


@pytest.fixture
def secretariat_client(client, secretariat_user):
    return admin_login(client, secretariat_user)


def _change_url(product):
    return reverse("admin:catalogue_product_change", args=[product.pk])


def _post_change_form(client, obj, changes, files=None):
    """POST the admin change form of ``obj`` as rendered, with ``changes`` applied."""
    url = reverse(f"admin:catalogue_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url), f"{obj._meta.model_name}_form")
    data.update(changes)
    data.update(files or {})
    return client.post(url, data)


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model_name", "secretariat_queries", "superuser_queries"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, model_name, secretariat_queries, superuser_queries, rows
):
    _rows(model_name, rows)
    url = reverse(f"admin:catalogue_{model_name}_changelist")

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
            secretariat_client, reverse(f"admin:catalogue_{model_name}_change", args=[obj.pk])
        )
    with django_assert_num_queries(add_queries):
        add = get_with_cold_caches(secretariat_client, reverse(f"admin:catalogue_{model_name}_add"))

    assert change.status_code == 200
    assert add.status_code == 200


def test_product_page_has_inlines_for_suppliers_usages_fees_and_working_groups(
    secretariat_client,
):
    product = factories.ProductFactory()

    response = secretariat_client.get(_change_url(product))

    prefixes = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    assert prefixes == ["supplier_roles", "usages", "fees", "working_groups"]


def test_product_edited_twice_has_two_changes_by_the_user_in_its_history(
    secretariat_client, secretariat_user
):
    product = factories.ProductFactory(name="OS2mo", tagline="Organisation og medarbejdere.")

    first = _post_change_form(secretariat_client, product, {"tagline": "Første udgave."})
    second = _post_change_form(secretariat_client, product, {"tagline": "Anden udgave."})
    history = secretariat_client.get(reverse("admin:catalogue_product_history", args=[product.pk]))

    assert first.status_code == 302
    assert second.status_code == 302
    changes = list(product.history.filter(history_type="~").order_by("history_date"))
    assert [record.tagline for record in changes] == ["Første udgave.", "Anden udgave."]
    assert [record.history_user for record in changes] == [secretariat_user, secretariat_user]
    assert history.status_code == 200
    assert history.text.count(str(secretariat_user)) >= 2


def test_product_reverts_to_an_earlier_version(secretariat_client):
    product = factories.ProductFactory(name="OS2mo", tagline="Den oprindelige tekst.")
    _post_change_form(secretariat_client, product, {"tagline": "En ændret tekst."})
    original = product.history.earliest("history_date")
    revert_url = reverse(
        "admin:catalogue_product_simple_history", args=[product.pk, original.history_id]
    )

    revert_form = secretariat_client.get(revert_url)
    response = secretariat_client.post(revert_url, form_data(revert_form, "historicalproduct_form"))

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.tagline == "Den oprindelige tekst."
    assert product.history.count() == 3


def test_product_search_document_follows_an_admin_edit(secretariat_client):
    product = factories.ProductFactory(name="OS2mo", tagline="Organisation.")

    _post_change_form(secretariat_client, product, {"tagline": "Rollekatalog og rettigheder."})

    assert list(
        Product.objects.filter(search_vector=SearchQuery("rettigheder", config="danish"))
    ) == [product]


def test_supplier_rename_updates_its_products_search_documents(secretariat_client):
    role = factories.SupplierRoleFactory(supplier__name="Magenta ApS")

    _post_change_form(secretariat_client, role.supplier, {"name": "Netcompany A/S"})

    assert list(
        Product.objects.filter(search_vector=SearchQuery("netcompany", config="danish"))
    ) == [role.product]


def test_product_lists_are_edited_one_item_per_line(secretariat_client):
    product = factories.ProductFactory(features=["Login"])

    response = _post_change_form(
        secretariat_client,
        product,
        {"features": "Login med MitID\r\n\r\n  Tofaktor  \r\n", "platforms": "web\nlinux"},
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.features == ["Login med MitID", "Tofaktor"]
    assert product.platforms == ["web", "linux"]


def test_png_logo_is_stored_in_the_database(secretariat_client):
    product = factories.ProductFactory()
    upload = SimpleUploadedFile("logo.gif", PNG, content_type="image/gif")

    response = _post_change_form(secretariat_client, product, {}, files={"logo": upload})

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.logo.name == "logos/logo.png"
    stored = StoredFile.objects.get(name="logos/logo.png")
    assert (bytes(stored.content), stored.content_type) == (PNG, "image/png")


@pytest.mark.parametrize(
    ("filename", "content", "error"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Logoet skal være en PNG-, JPEG- eller WebP-fil.",
        ),
        ("logo.png", b"GIF89a" + b"\x00" * 10, "Logoet skal være en PNG-, JPEG- eller WebP-fil."),
        ("logo.png", PNG + b"\x00" * 500 * 1024, "Logoet må højst fylde 500 KB."),
    ],
)
def test_logo_that_is_not_a_small_raster_image_is_refused(
    secretariat_client, filename, content, error
):
    product = factories.ProductFactory()
    upload = SimpleUploadedFile(filename, content)

    response = _post_change_form(secretariat_client, product, {}, files={"logo": upload})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [error]
    assert StoredFile.objects.count() == 0


def test_mark_usages_confirmed_action(secretariat_client):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    stale = factories.UsageFactory(last_confirmed_at=long_ago)
    untouched = factories.UsageFactory(last_confirmed_at=long_ago)

    response = secretariat_client.post(
        reverse("admin:catalogue_usage_changelist"),
        {"action": "mark_confirmed", "_selected_action": [stale.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert list(Usage.objects.unconfirmed()) == [untouched]
    assert "1 anvendelse er markeret som bekræftet." in response.text


def test_category_autocomplete_answers_the_secretariat(secretariat_client):
    factories.CategoryFactory(name="Økonomi")
    factories.CategoryFactory(name="Skole")

    response = secretariat_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "catalogue",
            "model_name": "product",
            "field_name": "categories",
            "term": "øk",
        },
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Økonomi"]
