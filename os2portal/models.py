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
