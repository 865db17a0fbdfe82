"""The public pages on members and other authorities: who they are, what they use and back."""

from django.views.generic import DetailView
from django_filters.views import FilterView

from catalogue.models import Interest, Usage
from members.filters import OrganisationFilter
from members.models import Organisation, SizeTier
from os2portal.db import DanishSortKey


class OrganisationListView(FilterView):
    filterset_class = OrganisationFilter
    template_name = "members/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        return (
            Organisation.objects.with_activity_counts()
            .select_related("region")
            .order_by(DanishSortKey("name"), "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.object_list.membership_summary()
        return context


def usages_by_status(usages) -> list[tuple[str, list]]:
    """An organisation's usages grouped by status, in the order of the status choices."""
    return [
        (status.label, group)
        for status in Usage.Status
        if (group := [usage for usage in usages if usage.status == status])
    ]


class OrganisationDetailView(DetailView):
    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.select_related("region", "manual_size_tier")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        usages = (
            Usage.objects.filter(organisation=organisation)
            .select_related("product")
            .order_by(DanishSortKey("product__name"), "product__name")
        )
        context["usages_by_status"] = usages_by_status(usages)
        context["interests"] = (
            Interest.objects.active().filter(organisation=organisation).by_initiative()
        )
        context["size_tier"] = organisation.size_tier(tiers=list(SizeTier.objects.all()))
        return context
