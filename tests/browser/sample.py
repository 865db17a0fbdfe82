"""A small catalogue with one row of every public page type, for tests that visit them all.

Made with the factories, so that it takes a fraction of a second (the demo seed takes
many); shared by the browser tests and the header tests.
"""

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from catalogue.models import Product
from catalogue.search import product_refresh_search
from governance.models import Level
from governance.services import assessment_publish
from tests import factories


@dataclass(frozen=True)
class Sample:
    product: Product
    product_slug: str
    category_slug: str
    initiative_slug: str
    organisation_slug: str
    organisation_domain: str
    supplier_slug: str
    level_slug: str
    interest_pk: int


def create_public_sample() -> Sample:
    """Two products in two categories at two levels, an open initiative with an interest,
    members with an e-mail domain, a supplier, a published assessment."""
    factories.create_standard_size_tiers()
    factories.FeePolicyFactory()
    levels = factories.create_levels()
    requirement = factories.RequirementFactory(code="F1", level=levels[0])
    factories.RequirementFactory(
        code="G1",
        level=levels[1],
        theme="governance",
        text="Produktet er registreret i porteføljen.",
    )
    identity = factories.CategoryFactory(name="Identitet og adgang", slug="identitet")
    data = factories.CategoryFactory(name="Data og integration", slug="data")
    organisation = factories.OrganisationFactory(name="Testrup Kommune", slug="testrup")
    factories.OrganisationFactory(name="Åby Kommune", slug="aaby", member_since=None)
    domain = factories.EmailDomainFactory(organisation=organisation, domain="testrup.dk")
    supplier = factories.SupplierFactory(name="Magenta ApS", slug="magenta")
    product = factories.ProductFactory(
        name="OS2mo",
        slug="os2mo",
        tagline="Organisation og medarbejdere samlet ét sted.",
        categories=[data],
    )
    other = factories.ProductFactory(
        name="OS2faktor",
        slug="os2faktor",
        tagline="Log ind med to faktorer.",
        categories=[identity],
    )
    factories.SupplierRoleFactory(product=product, supplier=supplier)
    factories.UsageFactory(product=product, organisation=organisation)
    for tier in factories.SizeTierFactory._meta.model.objects.all():
        factories.FeeFactory(product=product, size_tier=tier, year=timezone.localdate().year)
    factories.WorkingGroupFactory(product=product)
    for item_product, level in ((product, levels[2]), (other, levels[1])):
        assessment = factories.AssessmentFactory(
            product=item_product,
            level=level,
            assessed_on=datetime.date(2025, 6, 1),
            summary="Produktet lever op til kravene.",
        )
        factories.AssessmentItemFactory(assessment=assessment, requirement=requirement)
        assessment_publish(assessment=assessment)
    initiative = factories.InitiativeFactory(
        title="OS2mo 2.0", slug="os2mo-2-0", product=product, summary="Ny version af OS2mo."
    )
    interest = factories.InterestFactory(initiative=initiative, organisation=organisation)
    product_refresh_search()
    product.refresh_from_db()
    return Sample(
        product=product,
        product_slug=product.slug,
        category_slug=data.slug,
        initiative_slug=initiative.slug,
        organisation_slug=organisation.slug,
        organisation_domain=domain.domain,
        supplier_slug=supplier.slug,
        level_slug=Level.objects.get(rank=2).slug,
        interest_pk=interest.pk,
    )


def restore_secretariat_group() -> Group:
    """The "Sekretariat" group with the permissions its data migration gives it.

    Browser tests run against the live server, so their database is emptied after each
    test rather than rolled back, and rows from data migrations go with it. (Django's
    serialized rollback does not bring them back here: once Playwright's sync API runs,
    the test sees another connection object than the one that holds the serialized copy
    whenever the database was set up before the browser started.) The permissions are
    made here too rather than trusted to the flush's post_migrate, which skips an app
    whose models_module a test has cleared.
    """
    migration = importlib.import_module("os2portal.migrations.0002_secretariat_group")
    ContentType.objects.clear_cache()  # the flush left cached content types behind
    permissions = []
    for app_label, codename in migration.secretariat_codenames(apps):
        action, model_name = codename.split("_", 1)
        model = apps.get_model(app_label, model_name)
        permission, _created = Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            codename=codename,
            defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
        )
        permissions.append(permission)
    group, _created = Group.objects.get_or_create(name=migration.GROUP_NAME)
    group.permissions.set(permissions)
    return group
