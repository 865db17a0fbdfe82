"""Members' forms in the catalogue: validation of the input's form only.

The rules (a pledge within the budget, a date not in the future, ...) are the services';
their errors come back to these forms as field errors.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Interest, Usage


class InterestForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Interest.Role.choices)
    pledge = forms.IntegerField(
        label=_("Tilsagn (kr.)"),
        required=False,
        help_text=_("Valgfrit. Hele kroner; tilsagn går uden fradrag til udviklingen."),
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=_("Højst 1000 tegn. Synlig for kollegaer, sekretariatet og koordinatoren."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class UsageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Usage.Status.choices)
    since = forms.DateField(
        label=_("Siden"),
        required=False,
        help_text=_("Valgfrit. Hvornår I tog produktet i brug, begyndte eller stoppede."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
