from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """An uploaded file kept in the database, so that every app server sees the same files.

    Used through ``os2portal.storage.DatabaseStorage``; the files are small (logos), so a
    bytea column serves them well without a shared disk or an object store.
    """

    name = models.CharField(_("navn"), max_length=255, unique=True)
    content = models.BinaryField(_("indhold"))
    content_type = models.CharField(_("indholdstype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("gemt fil")
        verbose_name_plural = _("gemte filer")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DataVersion(models.Model):
    """One row whose ``version`` changes in every transaction that changes portal data.

    Database triggers on every table of the portal's apps raise it (see
    ``os2portal.data_version``), inside the writing transaction, so the new version
    becomes visible together with the data: whatever wrote it (a view, the admin, a
    management command, a bulk update) and on whichever app server. The page cache keys
    its pages by it.
    """

    version = models.BigIntegerField(_("version"))
    changed_at = models.DateTimeField(_("ændret"))

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self):
        return str(self.version)
