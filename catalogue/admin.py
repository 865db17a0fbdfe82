"""The secretariat's admin for the catalogue.

Every save here that changes a text in a product's search document rebuilds that document
(``catalogue.search``); the "Markér som bekræftet" action calls the catalogue's service.
The product page also edits the product's working groups: the admin is the top floor and
may read governance, which catalogue's models never do.
"""

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue.models import (
    Category,
    Fee,
    FeePolicy,
    Initiative,
    Interest,
    Product,
    Supplier,
    SupplierRole,
    Usage,
)
from catalogue.search import product_refresh_search
from catalogue.services import usage_mark_confirmed
from governance.models import WorkingGroup
from os2portal.admin import HistoryAdmin
from os2portal.storage import sniff_content_type

LOGO_MAX_BYTES = 500 * 1024
# Raster images only: an SVG can carry script.
LOGO_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


class LinesArrayField(SimpleArrayField):
    """A list edited as text, one item per line; blank lines are dropped."""

    def __init__(self, base_field, **kwargs):
        kwargs.setdefault("widget", admin.widgets.AdminTextareaWidget(attrs={"rows": 4}))
        super().__init__(base_field, delimiter="\n", **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
        return super().to_python(value)


def validate_logo(upload: UploadedFile) -> str:
    """Check a logo by its first bytes and size; return the file extension for its type."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Logoet må højst fylde 500 KB."), code="logo_too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type not in LOGO_EXTENSIONS:
        raise ValidationError(
            _("Logoet skal være en PNG-, JPEG- eller WebP-fil."), code="logo_wrong_type"
        )
    return LOGO_EXTENSIONS[content_type]


class ProductAdminForm(forms.ModelForm):
    """The logo check; ProductAdmin's fieldsets give the model and the fields."""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            extension = validate_logo(logo)
            # The stored name carries the checked type, never the uploader's extension.
            logo.name = Path(logo.name).stem + extension
        return logo


class RefreshesProductSearch:
    """Rebuild the search documents of the products a save or delete in the admin touches.

    The products are found both before the write (a supplier left a product) and after it
    (a category was added), so both sides are right afterwards.
    """

    def search_product_ids(self, queryset) -> set[int]:
        raise NotImplementedError

    def _product_ids_of(self, pk) -> set[int]:
        return set(self.search_product_ids(self.model._default_manager.filter(pk=pk)))

    def save_model(self, request, obj, form, change):
        obj._search_product_ids_before = self._product_ids_of(obj.pk) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(obj, "_search_product_ids_before", set())
        product_refresh_search(product_ids=before | self._product_ids_of(obj.pk))

    def delete_model(self, request, obj):
        product_ids = self._product_ids_of(obj.pk)
        super().delete_model(request, obj)
        product_refresh_search(product_ids=product_ids)

    def delete_queryset(self, request, queryset):
        product_ids = set(self.search_product_ids(queryset))
        super().delete_queryset(request, queryset)
        product_refresh_search(product_ids=product_ids)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves the form without save_related, so refresh here.
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            product_refresh_search(product_ids=self._product_ids_of(object_id))
        return response


class SupplierRoleInline(admin.TabularInline):
    model = SupplierRole
    fields = ["supplier", "role", "contract_until", "note"]
    autocomplete_fields = ["supplier"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supplier", "product")


class UsageInline(admin.TabularInline):
    model = Usage
    fields = ["organisation", "status", "since", "last_confirmed_at", "source", "note"]
    autocomplete_fields = ["organisation"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "product")


class FeeInline(admin.TabularInline):
    model = Fee
    fields = ["year", "size_tier", "base_annual_fee", "joining_fee"]
    autocomplete_fields = ["size_tier"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "size_tier")


class WorkingGroupInline(admin.StackedInline):
    model = WorkingGroup
    fields = ["kind", "mandate", "mandate_url", "organisations"]
    autocomplete_fields = ["organisations"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


@admin.register(Category)
class CategoryAdmin(RefreshesProductSearch, HistoryAdmin):
    list_display = ["name", "name_en", "slug", "publiccode_category", "product_count"]
    list_filter = ["publiccode_category"]
    search_fields = ["name", "name_en", "slug", "publiccode_category"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("produkter"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count

    def search_product_ids(self, queryset):
        return Product.objects.filter(categories__in=queryset).values_list("pk", flat=True)


class SupplierProductRoleInline(admin.TabularInline):
    model = SupplierRole
    fields = ["product", "role", "contract_until", "note"]
    autocomplete_fields = ["product"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supplier", "product")


@admin.register(Supplier)
class SupplierAdmin(RefreshesProductSearch, HistoryAdmin):
    list_display = ["name", "cvr", "website", "partner_since", "product_count", "updated_at"]
    list_filter = ["partner_since"]
    search_fields = ["name", "slug", "cvr"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SupplierProductRoleInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(product_count=Count("product_roles__product", distinct=True))
        )

    @admin.display(description=_("produkter"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count

    def search_product_ids(self, queryset):
        return Product.objects.filter(supplier_roles__supplier__in=queryset).values_list(
            "pk", flat=True
        )


@admin.register(Product)
class ProductAdmin(RefreshesProductSearch, HistoryAdmin):
    form = ProductAdminForm
    list_display = [
        "name",
        "stage",
        "current_level_rank",
        "category_names",
        "licence",
        "user_count",
        "updated_at",
    ]
    list_filter = ["stage", "current_level_rank", "software_type", "categories"]
    search_fields = ["name", "slug", "tagline", "description"]
    autocomplete_fields = ["categories"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["current_level_rank", "current_level_since"]
    formfield_overrides = {ArrayField: {"form_class": LinesArrayField}}
    inlines = [SupplierRoleInline, UsageInline, FeeInline, WorkingGroupInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "tagline_en", "stage", "categories"]}),
        (
            _("beskrivelse"),
            {"fields": ["description", "description_en", "features", "alternative_to", "logo"]},
        ),
        (
            _("teknik"),
            {
                "fields": [
                    "licence",
                    "software_type",
                    "platforms",
                    "available_languages",
                    "repository_url",
                    "website_url",
                    "documentation_url",
                    "issue_tracker_url",
                ]
            },
        ),
        (
            _("produktkoordinator"),
            {"fields": ["coordinator_name", "coordinator_email", "coordinator_public"]},
        ),
        (
            _("niveau"),
            {"fields": ["current_level_rank", "current_level_since", "created_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_user_count().prefetch_related("categories")

    @admin.display(description=_("kategorier"))
    def category_names(self, obj):
        return ", ".join(category.name for category in obj.categories.all())

    @admin.display(description=_("anvendere"), ordering="user_count")
    def user_count(self, obj):
        return obj.user_count

    def search_product_ids(self, queryset):
        return queryset.values_list("pk", flat=True)

    def get_urls(self):
        from django.urls import path

        from catalogue.publiccode_admin import import_publiccode_view

        upload = self.admin_site.admin_view(lambda request: import_publiccode_view(request, self))
        return [
            path("import-publiccode/", upload, name="catalogue_product_import_publiccode"),
            *super().get_urls(),
        ]


@admin.register(SupplierRole)
class SupplierRoleAdmin(RefreshesProductSearch, HistoryAdmin):
    list_display = ["product", "supplier", "role", "contract_until", "note"]
    list_filter = ["role", "contract_until"]
    search_fields = ["product__name", "supplier__name", "note"]
    autocomplete_fields = ["product", "supplier"]
    list_select_related = ["product", "supplier"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "supplier")

    def search_product_ids(self, queryset):
        return queryset.values_list("product_id", flat=True)


@admin.register(Usage)
class UsageAdmin(HistoryAdmin):
    list_display = [
        "organisation",
        "product",
        "status",
        "since",
        "last_confirmed_at",
        "is_confirmed",
        "source",
    ]
    list_filter = ["status", "source", "organisation__kind", "product"]
    search_fields = ["organisation__name", "product__name", "note"]
    autocomplete_fields = ["organisation", "product", "declared_by"]
    list_select_related = ["organisation", "product"]
    date_hierarchy = "last_confirmed_at"
    actions = ["mark_confirmed"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "product")

    @admin.display(description=_("bekræftet inden for et år"), boolean=True)
    def is_confirmed(self, obj):
        return obj.is_confirmed

    @admin.action(description=_("Markér som bekræftet"), permissions=["change"])
    def mark_confirmed(self, request, queryset):
        count = usage_mark_confirmed(usages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d anvendelse er markeret som bekræftet.",
                "%(count)d anvendelser er markeret som bekræftet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(FeePolicy)
class FeePolicyAdmin(HistoryAdmin):
    list_display = ["valid_from_year", "member_surcharge_percent", "non_member_surcharge_percent"]
    list_filter = ["valid_from_year"]
    search_fields = ["valid_from_year"]


@admin.register(Fee)
class FeeAdmin(HistoryAdmin):
    list_display = ["product", "year", "size_tier", "base_annual_fee", "joining_fee"]
    list_filter = ["year", "size_tier"]
    search_fields = ["product__name"]
    autocomplete_fields = ["product", "size_tier"]
    list_select_related = ["product", "size_tier"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "size_tier")


class InterestInline(admin.TabularInline):
    model = Interest
    fields = ["organisation", "role", "pledge", "note", "withdrawn_at"]
    autocomplete_fields = ["organisation"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "initiative")


@admin.register(Initiative)
class InitiativeAdmin(HistoryAdmin):
    list_display = [
        "title",
        "kind",
        "product",
        "status",
        "deadline",
        "budget_target",
        "interest_count",
        "pledged_total",
    ]
    list_filter = ["status", "kind", "deadline"]
    search_fields = ["title", "slug", "summary", "product__name"]
    autocomplete_fields = ["product"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [InterestInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product").with_interest_totals()

    @admin.display(description=_("tilkendegivelser"), ordering="interest_count")
    def interest_count(self, obj):
        return obj.interest_count

    @admin.display(description=_("tilsagn i alt (kr.)"), ordering="pledged_total")
    def pledged_total(self, obj):
        return obj.pledged_total


@admin.register(Interest)
class InterestAdmin(HistoryAdmin):
    list_display = [
        "organisation",
        "initiative",
        "role",
        "pledge",
        "registered_at",
        "withdrawn_at",
    ]
    list_filter = ["role", "initiative__status", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["organisation__name", "initiative__title", "note"]
    autocomplete_fields = ["organisation", "initiative", "registered_by", "withdrawn_by"]
    list_select_related = ["organisation", "initiative"]
    date_hierarchy = "registered_at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "initiative")
