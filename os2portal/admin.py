from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from os2portal.admin_actions import export_selected_as_csv

admin.site.site_header = _("OS2-portalen – administration")
admin.site.site_title = _("OS2-portalen – administration")
admin.site.index_title = _("Katalog, medlemmer og governance")
admin.site.add_action(export_selected_as_csv, "export_selected_as_csv")


class HistoryAdmin(SimpleHistoryAdmin):
    """The base of the portal's model admins: SimpleHistoryAdmin (history, revert), kept
    ordered, and without simple_history's bare ``select_related()`` for models whose history
    tracks no foreign key (Django 6.1 deprecates the bare call; tests turn it into an error)."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        foreign_keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return queryset.select_related(*foreign_keys) if foreign_keys else queryset

    def get_ordering(self, request):
        # A list that counts related rows groups its query, and Django then drops the
        # model's Meta.ordering; order explicitly so autocomplete and exports keep it.
        return self.ordering or self.model._meta.ordering
