import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from os2portal.csv_response import BOM
from tests import factories
from tests.admin_support import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    # reverse() prefixes the active language, and an earlier test may have left English on.
    with translation.override("da"):
        yield


@pytest.fixture
def secretariat_client(client):
    return admin_login(client, factories.SecretariatUserFactory())


def _export(client, model, objects):
    return client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        {"action": "export_selected_as_csv", "_selected_action": [obj.pk for obj in objects]},
    )


def test_every_model_admin_offers_the_csv_export():
    for model_admin in site._registry.values():
        names = [action.name for action in model_admin._get_base_actions()]
        assert "export_selected_as_csv" in names, model_admin


def test_csv_export_has_bom_danish_headers_and_the_selected_rows(secretariat_client):
    organisation = factories.OrganisationFactory(name="Ærø Kommune")
    chosen = factories.UsageFactory(
        organisation=organisation,
        product=factories.ProductFactory(name="OS2sø"),
        since=datetime.date(2022, 3, 1),
        last_confirmed_at=None,
    )
    factories.UsageFactory()

    response = _export(secretariat_client, type(chosen), [chosen])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="anvendelser.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    assert text.removeprefix(BOM).splitlines() == [
        "Organisation;Produkt;Status;Siden;Senest bekræftet;Bekræftet inden for et år;Kilde",
        "Ærø Kommune;OS2sø;I brug;2022-03-01;;Nej;Indtastet af sekretariatet",
    ]


def test_csv_export_of_products_lists_annotations_and_categories(secretariat_client):
    product = factories.ProductFactory(
        name="OS2mo", categories=[factories.CategoryFactory(name="Økonomi")]
    )
    factories.UsageFactory(product=product)

    response = _export(secretariat_client, type(product), [product])

    header, row = response.content.decode("utf-8").removeprefix(BOM).splitlines()
    assert header.split(";")[:6] == [
        "Navn",
        "Fase",
        "Nuværende niveau",
        "Kategorier",
        "Licens",
        "Anvendere",
    ]
    assert row.split(";")[:6] == ["OS2mo", "Produkt", "", "Økonomi", "MPL-2.0", "1"]


def test_secretariat_group_has_exactly_the_catalogue_permissions():
    group = Group.objects.get(name="Sekretariat")

    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert ("catalogue", "delete_product") in codenames
    assert ("governance", "change_assessment") in codenames
    assert ("members", "add_organisation") in codenames
    assert ("catalogue", "view_historicalproduct") in codenames
    assert ("members", "view_user") in codenames
    forbidden = Permission.objects.filter(
        content_type__app_label__in=["auth", "sessions", "admin", "contenttypes", "os2portal"]
    ).values_list("content_type__app_label", "codename")
    assert codenames.isdisjoint(forbidden)
    assert {("members", f"{action}_user") for action in ["add", "change", "delete"]}.isdisjoint(
        codenames
    )
    assert not any(
        codename.startswith(("add_historical", "change_historical", "delete_historical"))
        for _app, codename in codenames
    )


def test_secretariat_group_migration_reverses_and_runs_again():
    migration = importlib.import_module("os2portal.migrations.0002_secretariat_group")
    before = set(Group.objects.get(name="Sekretariat").permissions.values_list("pk", flat=True))

    migration.remove_secretariat_group(django_apps, None)
    removed = Group.objects.filter(name="Sekretariat").exists()
    migration.create_secretariat_group(django_apps, None)

    assert removed is False
    after = set(Group.objects.get(name="Sekretariat").permissions.values_list("pk", flat=True))
    assert after == before


def test_admin_index_shows_the_secretariat_its_apps_in_danish(secretariat_client):
    response = secretariat_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "OS2-portalen – administration" in response.text
    app_labels = [app["app_label"] for app in response.context["app_list"]]
    assert sorted(app_labels) == ["catalogue", "governance", "members"]
