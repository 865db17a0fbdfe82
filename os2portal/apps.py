from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself: site-wide templates, commands and the Danish sort order."""

    name = "os2portal"
    verbose_name = "OS2-portalen"

    def ready(self):
        from django.db.models.signals import post_migrate

        from os2portal.data_version import install_triggers_after_migrate

        post_migrate.connect(install_triggers_after_migrate, sender=self)
