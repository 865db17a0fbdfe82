from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself: site-wide templates, commands and the Danish sort order."""

    name = "os2portal"
    verbose_name = "OS2-portalen"
