import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Region


class OrganisationFilter(django_filters.FilterSet):
    MEMBER = "member"
    NON_MEMBER = "non_member"

    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle regioner"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Organisation.Kind.choices, empty_label=_("Alle typer")
    )
    membership = django_filters.ChoiceFilter(
        label=_("Medlemskab"),
        choices=[(MEMBER, _("Medlemmer")), (NON_MEMBER, _("Ikke-medlemmer"))],
        empty_label=_("Medlemmer og ikke-medlemmer"),
        method="filter_membership",
    )

    class Meta:
        model = Organisation
        fields = ["region", "kind", "membership"]

    def filter_membership(self, queryset, name, value):
        if value == self.MEMBER:
            return queryset.members()
        if value == self.NON_MEMBER:
            return queryset.non_members()
        return queryset
