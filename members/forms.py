"""Members' forms: validation of the input's form only; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from os2portal.db import DanishSortKey


class AffiliationRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by(DanishSortKey("name"), "name"),
        empty_label=_("Vælg en organisation"),
    )
    message = forms.CharField(
        label=_("Besked til sekretariatet"),
        required=False,
        max_length=1000,
        help_text=_(
            "Valgfrit. Fx din stilling, eller hvorfor din e-mailadresse ikke er organisationens."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
