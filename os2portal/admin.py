from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from os2portal.admin_actions import export_selected_as_csv

admin.site.site_header = _("OS2-portalen – administration")
admin.site.site_title = _("OS2-portalen – administration")
admin.site.index_title = _("Katalog, medlemmer og governance")
admin.site.add_action(export_selected_as_csv, "export_selected_as_csv")
