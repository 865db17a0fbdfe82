"""Admin actions shared by every model: one implementation, added to the whole site."""

import datetime
from decimal import Decimal

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from os2portal.csv_response import csv_response


def _csv_value(model_admin, field_name, obj) -> str:
    field, attr, value = lookup_field(field_name, obj, model_admin)
    if field is not None and field.flatchoices:
        value = dict(field.flatchoices).get(value, value)
    boolean = isinstance(field, models.BooleanField) or getattr(attr, "boolean", False)
    if value is None:
        return ""
    if boolean or isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nej")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, models.Model | str | int):
        return strip_tags(str(value))
    if hasattr(value, "all") and callable(value.all):
        return ", ".join(str(item) for item in value.all())
    return strip_tags(str(value))


@admin.action(description=_("Eksportér valgte til CSV"), permissions=["view"])
def export_selected_as_csv(model_admin, request, queryset):
    """The selected rows with the list's columns and their Danish headers."""
    field_names = [
        name for name in model_admin.get_list_display(request) if name != "action_checkbox"
    ]
    header = [
        capfirst(str(label_for_field(name, model_admin.model, model_admin=model_admin)))
        for name in field_names
    ]
    rows = ([_csv_value(model_admin, name, obj) for name in field_names] for obj in queryset)
    filename = f"{model_admin.model._meta.verbose_name_plural}.csv"
    return csv_response(filename, header, rows)
