"""The secretariat's admin for governance.

Publishing goes through ``governance.services`` whether it comes from the action, from
ticking "offentliggjort" in the form or from saving an assessment that is already
published, so a product's current level always follows its latest published assessment.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue.models import Product
from governance.models import Assessment, AssessmentItem, Level, Requirement, WorkingGroup
from governance.services import (
    assessment_add_items,
    assessment_publish,
    assessment_unpublish,
    product_refresh_level,
)
from os2portal.admin import HistoryAdmin


@admin.register(Level)
class LevelAdmin(HistoryAdmin):
    list_display = ["rank", "name", "name_en", "slug", "requirement_count"]
    list_filter = ["rank"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description=_("antal krav"), ordering="requirement_count")
    def requirement_count(self, obj):
        return obj.requirement_count


@admin.register(Requirement)
class RequirementAdmin(HistoryAdmin):
    list_display = ["code", "theme", "level", "short_text", "recommended_only", "position"]
    list_filter = ["level", "theme", "recommended_only"]
    search_fields = ["code", "text", "text_en"]
    autocomplete_fields = ["level"]
    list_select_related = ["level"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level")

    @admin.display(description=_("krav"), ordering="text")
    def short_text(self, obj):
        return obj.text[:80]


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    fields = ["requirement", "status", "evidence_url", "comment"]
    autocomplete_fields = ["requirement"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement__level")


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = [
        "product",
        "assessed_on",
        "level",
        "published",
        "published_at",
        "assessed_by",
        "item_count",
    ]
    list_filter = ["published", "level", "assessed_on"]
    search_fields = ["product__name", "summary"]
    autocomplete_fields = ["product", "level", "assessed_by"]
    readonly_fields = ["published_at"]
    date_hierarchy = "assessed_on"
    inlines = [AssessmentItemInline]
    actions = ["publish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("product", "level", "assessed_by")
            .annotate(item_count=Count("items"))
        )

    def get_changeform_initial_data(self, request):
        return {"assessed_by": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("vurderingspunkter"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count

    def save_model(self, request, obj, form, change):
        # Publishing is the service's to do: save the rest of the form with the published
        # state unchanged, and let save_related hand the wish to the service.
        obj._publish_wanted = obj.published
        obj._product_before = form.initial.get("product") if change else None
        previous = Assessment.objects.filter(pk=obj.pk).values("published", "published_at")
        state = previous.first() if change else None
        obj.published = state["published"] if state else False
        obj.published_at = state["published_at"] if state else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        assessment = form.instance
        if not change or "level" in form.changed_data:
            assessment_add_items(assessment=assessment)
        if assessment._publish_wanted:
            assessment_publish(assessment=assessment)
        elif assessment.published:
            assessment_unpublish(assessment=assessment)
        product_before = assessment._product_before
        if product_before and product_before != assessment.product_id:
            product_refresh_level(product=Product.objects.get(pk=product_before))

    def delete_model(self, request, obj):
        product = obj.product
        super().delete_model(request, obj)
        product_refresh_level(product=product)

    def delete_queryset(self, request, queryset):
        products = list(Product.objects.filter(assessments__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for product in products:
            product_refresh_level(product=product)

    @admin.action(description=_("Offentliggør vurdering"), permissions=["change"])
    def publish(self, request, queryset):
        assessments = list(queryset)
        for assessment in assessments:
            assessment_publish(assessment=assessment)
        self.message_user(
            request,
            ngettext(
                "%(count)d vurdering er offentliggjort.",
                "%(count)d vurderinger er offentliggjort.",
                len(assessments),
            )
            % {"count": len(assessments)},
            messages.SUCCESS,
        )


@admin.register(AssessmentItem)
class AssessmentItemAdmin(HistoryAdmin):
    list_display = ["assessment", "requirement", "status", "evidence_url"]
    list_filter = ["status", "requirement__theme", "requirement__level"]
    search_fields = ["assessment__product__name", "requirement__code", "comment"]
    autocomplete_fields = ["assessment", "requirement"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("assessment__product", "assessment__level", "requirement__level")
        )


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryAdmin):
    list_display = ["product", "kind", "mandate_url", "organisation_count"]
    list_filter = ["kind"]
    search_fields = ["product__name", "mandate"]
    autocomplete_fields = ["product", "organisations"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("product")
            .annotate(organisation_count=Count("organisations"))
        )

    @admin.display(description=_("medlemsorganisationer"), ordering="organisation_count")
    def organisation_count(self, obj):
        return obj.organisation_count
