from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Product
from governance.querysets import AssessmentQuerySet, RequirementQuerySet
from members.models import Organisation


class Level(models.Model):
    """A governance level: sandkasse (rank 0), niveau 1, 2 and 3; each includes the lower."""

    rank = models.PositiveSmallIntegerField(_("rang"), unique=True)
    name = models.CharField(_("navn"), max_length=50, unique=True)
    name_en = models.CharField(_("navn på engelsk"), max_length=50, blank=True)
    slug = models.SlugField(_("kort navn"), unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_en = models.TextField(_("beskrivelse på engelsk"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveauer")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(condition=Q(rank__lte=3), name="level_rank_range"),
        ]

    def __str__(self):
        return self.name


class Requirement(models.Model):
    """One line of the governance checklist (R1, F1, S1, G1 …)."""

    class Theme(models.TextChoices):
        RELEVANCE = "relevance", _("Relevans")
        FORM = "form", _("Form og teknik")
        STRATEGY = "strategy", _("Strategi")
        GOVERNANCE = "governance", _("Governance")

    code = models.CharField(_("kode"), max_length=5, unique=True)
    theme = models.CharField(_("tema"), max_length=12, choices=Theme.choices)
    level = models.ForeignKey(
        Level,
        verbose_name=_("gælder fra niveau"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    text = models.TextField(_("krav"))
    text_en = models.TextField(_("krav på engelsk"), blank=True)
    recommended_only = models.BooleanField(
        _("kun anbefalet"), default=False, help_text=_("Anbefaling frem for krav.")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    history = HistoricalRecords()

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("krav")
        verbose_name_plural = _("krav")
        ordering = ["level__rank", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[RFSG][0-9]{1,2}$"), name="requirement_code_format"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"


class Assessment(models.Model):
    """The secretariat's dated review of a product against the requirements."""

    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("vurderingsdato"))
    level = models.ForeignKey(
        Level,
        verbose_name=_("niveau"),
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text=_("Det niveau, vurderingen giver produktet."),
    )
    published = models.BooleanField(_("offentliggjort"), default=False)
    published_at = models.DateTimeField(_("offentliggjort den"), null=True, blank=True)
    summary = models.TextField(_("sammenfatning"), blank=True)
    report_url = models.URLField(_("rapport"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vurderet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_at__isnull=False),
                name="assessment_published_has_time",
            ),
            models.UniqueConstraint(
                fields=["product", "assessed_on"],
                name="assessment_one_per_product_and_day",
                violation_error_message=_("Produktet har allerede en vurdering med denne dato."),
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.assessed_on:%Y-%m-%d}: {self.level}"


class AssessmentItem(models.Model):
    class Status(models.TextChoices):
        GREEN = "green", _("Grøn")
        YELLOW = "yellow", _("Gul")
        RED = "red", _("Rød")
        NOT_APPLICABLE = "na", _("Ikke relevant")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("vurdering"), on_delete=models.CASCADE, related_name="items"
    )
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("krav"), on_delete=models.PROTECT, related_name="items"
    )
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, blank=True)
    evidence_url = models.URLField(_("dokumentation"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vurderingspunkt")
        verbose_name_plural = _("vurderingspunkter")
        ordering = ["requirement__level__rank", "requirement__position", "requirement__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="assessment_item_one_per_requirement"
            ),
        ]

    def __str__(self):
        return f"{self.requirement.code}: {self.get_status_display()}"


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        STEERING = "steering", _("Styregruppe")
        COORDINATION = "coordination", _("Koordinationsgruppe")
        PROFESSIONAL = "professional", _("Faggruppe")

    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.CASCADE, related_name="working_groups"
    )
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    mandate = models.TextField(_("kommissorium"), blank=True)
    mandate_url = models.URLField(_("kommissorium (link)"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("medlemsorganisationer"), blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = _("arbejdsgruppe")
        verbose_name_plural = _("arbejdsgrupper")
        ordering = ["product", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["product", "kind"], name="working_group_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.product}"
