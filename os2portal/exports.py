"""Open data outside the API: a product's publiccode.yml, and lists as CSV for Excel.

The CSV files are UTF-8 with a byte order mark, so that Excel opens æ, ø and å right,
and separated by semicolons: Danish Excel uses the comma as its decimal mark and expects
";" between fields, so a comma-separated file would open as one column there.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from catalogue.filters import LEVEL_NAMES, ProductFilter
from catalogue.models import Initiative, Interest, Product, SupplierRole, Usage
from catalogue.publiccode import (
    MAINTAINING_ROLES,
    Contact,
    Contractor,
    PubliccodeProduct,
    dump,
    product_to_publiccode,
)
from catalogue.querysets import USING_STATUSES
from members.filters import OrganisationFilter
from members.models import Organisation
from os2portal.csv_response import csv_response
from os2portal.db import DanishSortKey

# --- publiccode.yml ---------------------------------------------------------------------


def products_for_publiccode():
    """Products with what their publiccode.yml needs, in a fixed number of queries."""
    return Product.objects.prefetch_related(
        "categories",
        Prefetch(
            "supplier_roles",
            queryset=SupplierRole.objects.filter(role__in=MAINTAINING_ROLES)
            .select_related("supplier")
            .order_by(DanishSortKey("supplier__name"), "supplier__name", "pk"),
            to_attr="maintaining_roles",
        ),
        Prefetch(
            "usages",
            queryset=Usage.objects.filter(status__in=USING_STATUSES)
            .select_related("organisation")
            .order_by(DanishSortKey("organisation__name"), "organisation__name", "pk"),
            to_attr="using",
        ),
    )


def publiccode_data(product: Product, *, page_url: str) -> PubliccodeProduct:
    """The publiccode.yml facts of a product fetched by ``products_for_publiccode``."""
    until_by_supplier = {}
    for role in product.maintaining_roles:
        if role.contract_until is None:
            continue
        known = until_by_supplier.get(role.supplier)
        if known is None or role.contract_until > known:
            until_by_supplier[role.supplier] = role.contract_until
    contractors = [
        Contractor(name=supplier.name, until=until, website=supplier.website)
        for supplier, until in until_by_supplier.items()
    ]
    if product.coordinator_name:
        contacts = [Contact(product.coordinator_name, product.public_coordinator_email)]
    else:
        contacts = [
            Contact("OS2 – Offentligt digitaliseringsfællesskab", settings.SECRETARIAT_EMAIL)
        ]
    return PubliccodeProduct(
        name=product.name,
        # The standard's url is the repository; a product without one is known by its page.
        url=product.repository_url or page_url,
        landing_url=product.website_url,
        documentation_url=product.documentation_url,
        stage=product.stage,
        software_type=product.software_type,
        platforms=list(product.platforms),
        categories=[
            c.publiccode_category for c in product.categories.all() if c.publiccode_category
        ],
        used_by=[usage.organisation.name for usage in product.using],
        tagline=product.tagline,
        tagline_en=product.tagline_en,
        description=product.description,
        description_en=product.description_en,
        features=list(product.features),
        licence=product.licence,
        available_languages=list(product.available_languages),
        contractors=contractors,
        contacts=contacts,
    )


def product_publiccode_yml(request, slug):
    # The standard requires a licence: a product without one (an idea, say) has no file
    # until it gets one, rather than an invalid file.
    product = get_object_or_404(products_for_publiccode().exclude(licence=""), slug=slug)
    page_url = request.build_absolute_uri(product.get_absolute_url())
    document = product_to_publiccode(publiccode_data(product, page_url=page_url))
    response = HttpResponse(dump(document), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{product.slug}-publiccode.yml"'
    return response


# --- CSV --------------------------------------------------------------------------------


def _date(value) -> str:
    return value.isoformat() if value else ""


def _today() -> str:
    return timezone.localdate().isoformat()


class ProductListCSV(View):
    """The product list as /produkter/ shows it, with the same filters in the query."""

    def get(self, request):
        filterset = ProductFilter(request.GET, queryset=Product.objects.with_card_data())
        products = filterset.qs if filterset.is_valid() else Product.objects.none()
        products = products.prefetch_related(
            Prefetch(
                "supplier_roles",
                queryset=SupplierRole.objects.select_related("supplier").order_by(
                    DanishSortKey("supplier__name"), "supplier__name", "pk"
                ),
            )
        )
        header = [
            _("Navn"),
            _("Kort beskrivelse"),
            _("Fase"),
            _("Niveau"),
            _("Kategorier"),
            _("Leverandører"),
            _("Licens"),
            _("Anvendere"),
            _("Kildekode"),
            _("Hjemmeside"),
            _("Side på portalen"),
        ]
        rows = (
            [
                product.name,
                product.tagline,
                product.get_stage_display(),
                LEVEL_NAMES.get(product.current_level_rank, ""),
                ", ".join(category.name for category in product.categories.all()),
                ", ".join(
                    dict.fromkeys(role.supplier.name for role in product.supplier_roles.all())
                ),
                product.licence,
                product.user_count,
                product.repository_url,
                product.website_url,
                request.build_absolute_uri(product.get_absolute_url()),
            ]
            for product in products
        )
        return csv_response(f"os2-produkter-{_today()}.csv", header, rows)


class MemberUsageCSV(View):
    """Organisations (the member list's filters apply) with one row per product they use."""

    def get(self, request):
        organisations = OrganisationFilter(
            request.GET,
            queryset=Organisation.objects.select_related("region")
            .prefetch_related(
                Prefetch(
                    "usages",
                    queryset=Usage.objects.select_related("product").order_by(
                        DanishSortKey("product__name"), "product__name", "pk"
                    ),
                )
            )
            .order_by(DanishSortKey("name"), "name", "pk"),
        ).qs
        header = [
            _("Organisation"),
            _("Type"),
            _("Region"),
            _("Medlem"),
            _("Produkt"),
            _("Status"),
            _("Siden"),
        ]

        def rows():
            for organisation in organisations:
                first = [
                    organisation.name,
                    organisation.get_kind_display(),
                    organisation.region.name if organisation.region else "",
                    _("ja") if organisation.is_member else _("nej"),
                ]
                usages = list(organisation.usages.all())
                if not usages:
                    yield [*first, "", "", ""]
                for usage in usages:
                    yield [
                        *first,
                        usage.product.name,
                        usage.get_status_display(),
                        _date(usage.since),
                    ]

        return csv_response(f"os2-medlemmer-anvendelser-{_today()}.csv", header, rows())


class InitiativeInterestCSV(View):
    """An initiative's interests, pledges and notes: for the secretariat only."""

    # Signed in with two factors, as for the admin (members.middleware).
    staff_two_factor = True

    def get(self, request, slug):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise PermissionDenied
        initiative = get_object_or_404(Initiative, slug=slug)
        interests = (
            Interest.objects.filter(initiative=initiative)
            .select_related("organisation", "registered_by")
            .order_by(DanishSortKey("organisation__name"), "organisation__name", "pk")
        )
        header = [
            _("Organisation"),
            _("Rolle"),
            _("Tilsagn (kr.)"),
            _("Note"),
            _("Registreret"),
            _("Registreret af"),
            _("Trukket tilbage"),
        ]
        rows = (
            [
                interest.organisation.name,
                interest.get_role_display(),
                "" if interest.pledge is None else interest.pledge,
                interest.note,
                timezone.localtime(interest.registered_at).strftime("%Y-%m-%d %H:%M"),
                interest.registered_by.email if interest.registered_by else "",
                timezone.localtime(interest.withdrawn_at).strftime("%Y-%m-%d %H:%M")
                if interest.withdrawn_at
                else "",
            ]
            for interest in interests
        )
        return csv_response(f"{initiative.slug}-interesser-{_today()}.csv", header, rows)
