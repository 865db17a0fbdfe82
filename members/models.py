import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.querysets import AffiliationQuerySet, OrganisationQuerySet, SizeTierQuerySet
from os2portal.db import DanishSortKey


class EmailUserManager(UserManager):
    """Users are known by their e-mail address; there are no usernames."""

    use_in_migrations = True

    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, email, password, **extra_fields):
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mailadresse"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Region(models.Model):
    """One of Denmark's five regions, with its official DAGI code (1081–1085)."""

    code = models.PositiveSmallIntegerField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kort navn"), unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1081, code__lte=1085), name="region_code_range"
            ),
        ]

    def __str__(self):
        return self.name


class SizeTier(models.Model):
    """A size tier by population, set by the general assembly.

    A population belongs to the first tier (by number) whose ``max_population`` it does not
    exceed; the last tier has no upper bound. The bounds are the secretariat's to edit.
    """

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    max_population = models.PositiveIntegerField(
        _("højst indbyggere"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Største befolkningstal i trinnet. Tomt for det største trin."),
    )

    history = HistoricalRecords()

    objects = SizeTierQuerySet.as_manager()

    class Meta:
        verbose_name = _("størrelsestrin")
        verbose_name_plural = _("størrelsestrin")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="size_tier_number_positive"),
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region")
        STATE = "state", _("Statslig myndighed")
        OTHER = "other", _("Anden offentlig myndighed")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    municipality_code = models.PositiveSmallIntegerField(
        _("kommunekode"),
        null=True,
        blank=True,
        help_text=_("Den officielle tre-cifrede kommunekode, fx 101 for København."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    population = models.PositiveIntegerField(_("indbyggertal"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("indbyggertal pr. år"), null=True, blank=True
    )
    manual_size_tier = models.ForeignKey(
        SizeTier,
        verbose_name=_("størrelsestrin sat manuelt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kun for myndigheder uden borgere; ellers afgør indbyggertallet trinnet."),
    )
    member_since = models.DateField(_("medlem siden"), null=True, blank=True)
    member_until = models.DateField(_("medlem indtil"), null=True, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = [DanishSortKey("name"), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=Q(kind="municipality"),
                name="organisation_unique_municipality_code",
            ),
            models.CheckConstraint(
                condition=Q(municipality_code__isnull=True)
                | Q(municipality_code__gte=100, municipality_code__lte=999),
                name="organisation_municipality_code_three_digits",
            ),
            models.CheckConstraint(
                condition=Q(member_until__isnull=True)
                | Q(member_since__isnull=False, member_until__gte=F("member_since")),
                name="organisation_membership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="organisation_population_has_year",
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True)
                | Q(population_year__gte=1900, population_year__lte=2100),
                name="organisation_population_year_range",
                violation_error_message=_(
                    "Året for indbyggertallet skal ligge mellem 1900 og 2100."
                ),
            ),
        ]
        indexes = [models.Index(DanishSortKey("name"), name="organisation_name_danish")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organisation-detail", kwargs={"slug": self.slug})

    def is_member_on(self, day: datetime.date) -> bool:
        return (
            self.member_since is not None
            and self.member_since <= day
            and (self.member_until is None or self.member_until >= day)
        )

    @property
    def is_member(self) -> bool:
        return self.is_member_on(timezone.localdate())

    def size_tier(self, tiers=None) -> SizeTier | None:
        """The manual tier if set, else the tier the population falls in."""
        if self.manual_size_tier_id:
            return self.manual_size_tier
        if self.population is None:
            return None
        return SizeTier.objects.tier_for(self.population, tiers=tiers)


class EmailDomain(models.Model):
    """An e-mail domain an organisation's employees use; it ties verified users to it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        _("domæne"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$",
                _("Skriv domænet med små bogstaver uden @, fx aarhus.dk."),
            )
        ],
    )

    class Meta:
        verbose_name = _("e-maildomæne")
        verbose_name_plural = _("e-maildomæner")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain=Lower("domain")), name="email_domain_lower_case"
            ),
        ]

    def __str__(self):
        return self.domain


class Affiliation(models.Model):
    """A user's tie to an organisation. A user belongs to one organisation at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")
        ENDED = "ended", _("Ophørt")

    class Method(models.TextChoices):
        EMAIL_DOMAIN = "email_domain", _("E-maildomæne")
        REQUEST = "request", _("Anmodning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    method = models.CharField(_("tilknyttet ved"), max_length=20, choices=Method.choices)
    message = models.TextField(_("besked fra brugeren"), blank=True, max_length=1000)
    requested_at = models.DateTimeField(_("anmodet"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgjort af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)

    history = HistoricalRecords()

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="affiliation_one_open_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_status_display()})"


class AuditEntry(models.Model):
    """A member's action on the portal: who, when, what, for which organisation."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_entries",
    )
    user_email = models.EmailField(_("brugerens e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    action = models.CharField(_("handling"), max_length=50, db_index=True)
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=50, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("logpost")
        verbose_name_plural = _("revisionslog")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.action}"
