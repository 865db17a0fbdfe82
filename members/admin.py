"""The secretariat's admin for members: organisations, regions, size tiers and users."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from members import services
from members.models import (
    Affiliation,
    AuditEntry,
    EmailDomain,
    Organisation,
    Region,
    SizeTier,
    User,
)
from os2portal.admin import HistoryAdmin


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
class RegionAdmin(HistoryAdmin):
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
class SizeTierAdmin(HistoryAdmin):
    list_display = ["number", "name", "max_population"]
    list_filter = [("max_population", admin.EmptyFieldListFilter)]
    search_fields = ["name", "number"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
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


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    """Requests to join an organisation: the secretariat approves or rejects them here.

    The status changes only through the actions, which call the members' services, so that
    the user gets the e-mail and the audit log has the decision.
    """

    list_display = [
        "user",
        "user_email",
        "organisation",
        "status",
        "method",
        "requested_at",
        "decided_at",
    ]
    list_filter = ["status", "method", "organisation__kind"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["status", "requested_at", "decided_by", "decided_at"]
    date_hierarchy = "requested_at"
    actions = ["approve", "reject", "end"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation", "decided_by")

    @admin.display(description=_("e-mailadresse"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    def _decide(self, request, queryset, service, done_message):
        done = 0
        for affiliation in queryset:
            try:
                service(affiliation=affiliation, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{affiliation}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Godkend"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.affiliation_approve,
            _("%(count)d anmodninger godkendt; brugerne har fået besked på e-mail."),
        )

    @admin.action(description=_("Afvis"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.affiliation_reject,
            _("%(count)d anmodninger afvist; brugerne har fået besked på e-mail."),
        )

    @admin.action(description=_("Afslut tilknytning"), permissions=["change"])
    def end(self, request, queryset):
        self._decide(
            request, queryset, services.affiliation_end, _("%(count)d tilknytninger afsluttet.")
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The members' actions, read-only: an audit log its readers could edit proves nothing."""

    list_display = ["at", "user_email", "organisation", "action_label", "object_repr"]
    list_filter = ["action", "organisation__kind", "at"]
    search_fields = ["user_email", "object_repr", "organisation__name", "action"]
    autocomplete_fields = ["user", "organisation"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "user")

    @admin.display(description=_("handling"), ordering="action")
    def action_label(self, obj):
        return services.AUDIT_ACTIONS.get(obj.action, obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
