"""Initiatives: calls for participants and money, open calls first."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from catalogue.cofinancing import split_by_population
from catalogue.models import Initiative, Interest
from members.models import Organisation


class InitiativeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Initiative.Status.choices, empty_label=_("Alle")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Initiative.Kind.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Initiative
        fields = ["status", "kind"]


class InitiativeListView(FilterView):
    filterset_class = InitiativeFilter
    template_name = "catalogue/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 20

    def get_queryset(self):
        return Initiative.objects.open_first().with_interest_totals().select_related("product")

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


# The roles as the page heads them, co-funders first.
ROLE_HEADINGS = [
    (Interest.Role.CO_FUNDER, _("Som medfinansierende")),
    (Interest.Role.CO_DEVELOPER, _("Som medudviklere")),
    (Interest.Role.USER, _("Som brugere")),
]


def interests_by_role(interests) -> list[tuple[str, list]]:
    """Active interests grouped by role, co-funders first; roles without any are left out."""
    return [
        (heading, group)
        for role, heading in ROLE_HEADINGS
        if (group := [interest for interest in interests if interest.role == role])
    ]


class InitiativeDetailView(DetailView):
    template_name = "catalogue/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return (
            Initiative.objects.with_interest_totals()
            .with_active_interests()
            .select_related("product")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        context["today"] = timezone.localdate()
        context["interests_by_role"] = interests_by_role(initiative.active_interests)
        if initiative.cap_per_citizen is not None:
            context["cofinancing"] = split_by_population(
                budget=initiative.budget_target,
                cap_per_citizen=initiative.cap_per_citizen,
                organisations=[
                    interest.organisation
                    for interest in initiative.active_interests
                    if interest.organisation.kind == Organisation.Kind.MUNICIPALITY
                ],
            )
        return context
