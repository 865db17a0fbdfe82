"""The secretariat's admin for members: organisations, regions, size tiers and users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.models import EmailDomain, Organisation, Region, SizeTier, User


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin, with the e-mail address where the username was."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personlige oplysninger"), {"fields": ["first_name", "last_name"]}),
        (
            _("Rettigheder"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Vigtige datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    fields = ["domain"]
    extra = 0


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "slug", "organisation_count"]
    list_filter = ["code"]
    search_fields = ["name", "slug", "code"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organisation_count=Count("organisations"))

    @admin.display(description=_("organisationer"), ordering="organisation_count")
    def organisation_count(self, obj):
        return obj.organisation_count


@admin.register(SizeTier)
class SizeTierAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "max_population"]
    list_filter = [("max_population", admin.EmptyFieldListFilter)]
    search_fields = ["name", "number"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "municipality_code",
        "region",
        "population",
        "member_since",
        "member_until",
    ]
    list_filter = ["kind", "region", ("member_since", admin.EmptyFieldListFilter), "member_until"]
    search_fields = ["name", "slug", "municipality_code", "email_domains__domain"]
    autocomplete_fields = ["region", "manual_size_tier"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EmailDomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "manual_size_tier")


@admin.register(EmailDomain)
class EmailDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["domain", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")
