from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.licences import validate_spdx_expression
from catalogue.querysets import (
    InitiativeQuerySet,
    InterestQuerySet,
    ProductQuerySet,
    UsageQuerySet,
)
from catalogue.validators import validate_cvr
from members.models import Organisation, SizeTier
from os2portal.db import DanishSortKey


class Category(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    name_en = models.CharField(_("navn på engelsk"), max_length=100, blank=True)
    slug = models.SlugField(_("kort navn"), unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    publiccode_category = models.CharField(
        _("publiccode.yml-kategori"),
        max_length=50,
        blank=True,
        help_text=_("Kategorien i publiccode.yml-standarden, fx identity-management."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        ordering = [DanishSortKey("name"), "name"]

    def __str__(self):
        return self.name


class Supplier(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=200, unique=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[validate_cvr])
    website = models.URLField(_("hjemmeside"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    partner_since = models.DateField(_("partner siden"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        ordering = [DanishSortKey("name"), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"], condition=~Q(cvr=""), name="supplier_unique_cvr"
            ),
            models.CheckConstraint(
                condition=Q(cvr="") | Q(cvr__regex=r"^[1-9][0-9]{7}$"),
                name="supplier_cvr_eight_digits",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:supplier-detail", kwargs={"slug": self.slug})


class Product(models.Model):
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idé")
        PROJECT = "project", _("Projekt")
        PRODUCT = "product", _("Produkt")
        RETIRED = "retired", _("Udfaset")

    class SoftwareType(models.TextChoices):
        STANDALONE_WEB = "standalone/web", _("Selvstændig webløsning")
        STANDALONE_DESKTOP = "standalone/desktop", _("Selvstændigt skrivebordsprogram")
        STANDALONE_MOBILE = "standalone/mobile", _("Selvstændig mobilapp")
        STANDALONE_BACKEND = "standalone/backend", _("Selvstændig backend-tjeneste")
        STANDALONE_IOT = "standalone/iot", _("IoT-løsning")
        STANDALONE_OTHER = "standalone/other", _("Anden selvstændig løsning")
        ADDON = "addon", _("Tilføjelse til andet system")
        LIBRARY = "library", _("Bibliotek")
        CONFIGURATION = "configurationFiles", _("Konfigurationsfiler")

    name = models.CharField(_("navn"), max_length=100)
    # The name's Danish sort key, stored: computing it for every row of a long list on
    # each request cost more than the rest of the query. A trigger (migration catalogue
    # 0003) sets it from the name on every write; not a GeneratedField, whose system check
    # needs a database connection, so that `check --deploy` could no longer run offline.
    name_sort_key = models.TextField(
        _("sorteringsnøgle"), db_collation="C", editable=False, default=""
    )
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    tagline = models.CharField(
        _("kort beskrivelse"),
        max_length=150,
        help_text=_("Én sætning, højst 150 tegn: hvad løsningen gør, og for hvem."),
    )
    tagline_en = models.CharField(_("kort beskrivelse på engelsk"), max_length=150, blank=True)
    description = models.TextField(
        _("beskrivelse"), blank=True, help_text=_("Markdown. Renses for farlig HTML ved visning.")
    )
    description_en = models.TextField(_("beskrivelse på engelsk"), blank=True)
    features = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("funktioner"),
        default=list,
        blank=True,
        help_text=_("Vigtigste funktioner, én pr. linje (bruges i publiccode.yml)."),
    )
    stage = models.CharField(
        _("fase"), max_length=10, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("kategorier"), blank=True, related_name="products"
    )
    licence = models.CharField(
        _("licens"),
        max_length=100,
        blank=True,
        validators=[validate_spdx_expression],
        help_text=_("SPDX-identifikator, fx MPL-2.0 (fællesskabets standard) eller GPL-3.0-only."),
    )
    software_type = models.CharField(
        _("softwaretype"),
        max_length=30,
        choices=SoftwareType.choices,
        default=SoftwareType.STANDALONE_WEB,
    )
    platforms = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("platforme"),
        default=list,
        blank=True,
        help_text=_("Fx web, linux, windows, mac, android, ios."),
    )
    available_languages = ArrayField(
        models.CharField(max_length=10),
        verbose_name=_("sprog i løsningen"),
        default=list,
        blank=True,
        help_text=_("Sprogkoder efter BCP 47, fx da, en."),
    )
    repository_url = models.URLField(_("kildekode (repository)"), blank=True)
    website_url = models.URLField(_("hjemmeside"), blank=True)
    documentation_url = models.URLField(_("dokumentation"), blank=True)
    issue_tracker_url = models.URLField(_("fejl og ønsker (issue tracker)"), blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    alternative_to = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("alternativ til"),
        default=list,
        blank=True,
        help_text=_("Proprietære systemer, som løsningen kan erstatte."),
    )
    coordinator_name = models.CharField(_("produktkoordinator"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("koordinatorens e-mail"), blank=True)
    coordinator_public = models.BooleanField(
        _("vis koordinatorens e-mail offentligt"),
        default=False,
        help_text=_("Uden flueben vises e-mailadressen aldrig på portalen eller i API'et."),
    )
    # The current governance level, kept by governance's service when an assessment is
    # published (catalogue does not import governance). Rank 0 is the sandbox.
    current_level_rank = models.PositiveSmallIntegerField(
        _("nuværende niveau"), null=True, blank=True, editable=False, db_index=True
    )
    current_level_since = models.DateField(_("niveau siden"), null=True, blank=True, editable=False)
    # The Danish full-text document (name, tagline, description, categories, suppliers and
    # the systems it replaces), kept by catalogue's search service.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[categories], excluded_fields=["name_sort_key"])

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("produkt")
        verbose_name_plural = _("produkter")
        ordering = ["name_sort_key", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_level_rank__isnull=True) | Q(current_level_rank__lte=3),
                name="product_level_rank_range",
            ),
            models.CheckConstraint(
                condition=~Q(coordinator_public=True) | ~Q(coordinator_email=""),
                name="product_public_coordinator_has_email",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_vector"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="product_name_trigram"),
            models.Index(fields=["name_sort_key", "name"], name="product_name_danish"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:product-detail", kwargs={"slug": self.slug})

    @property
    def public_coordinator_email(self) -> str:
        return self.coordinator_email if self.coordinator_public else ""


class ProductFacets(models.Model):
    """What the catalogue's filters and facets test, in one narrow row per product.

    The product list counts, for every option of seven facets, the products that pass the
    other filters. Joining usages, organisations, categories and suppliers for that on
    every request grows with the catalogue; these rows hold each product's values as
    arrays instead, so that a facet is a scan of one small table. Database triggers
    (migration catalogue 0002) keep them, in the same transaction as the change, whatever
    makes it: a member, the admin, an import or a bulk update. Read-only for Django.
    """

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="facets",
    )
    stage = models.CharField(max_length=10)
    level_rank = models.PositiveSmallIntegerField(null=True)
    licence = models.CharField(max_length=100)
    category_ids = ArrayField(models.BigIntegerField(), default=list)
    supplier_ids = ArrayField(models.BigIntegerField(), default=list)
    # Organisations using or implementing the product, and their regions.
    user_ids = ArrayField(models.BigIntegerField(), default=list)
    region_ids = ArrayField(models.BigIntegerField(), default=list)

    class Meta:
        verbose_name = _("produktfacetter")
        verbose_name_plural = _("produktfacetter")

    def __str__(self):
        return str(self.product_id)


class SupplierRole(models.Model):
    class Role(models.TextChoices):
        DEVELOPMENT = "development", _("Udvikling")
        OPERATION = "operation", _("Hosting og drift")
        SUPPORT = "support", _("Support")
        CODE_REVIEW = "code_review", _("Code review")

    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.CASCADE, related_name="supplier_roles"
    )
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("leverandør"),
        on_delete=models.PROTECT,
        related_name="product_roles",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    contract_until = models.DateField(_("kontrakt indtil"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leverandørrolle")
        verbose_name_plural = _("leverandørroller")
        ordering = ["role", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "supplier", "role"], name="supplier_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.supplier} – {self.get_role_display()} – {self.product}"


class Usage(models.Model):
    """An organisation's use of a product: declared by a member or entered by the secretariat."""

    class Status(models.TextChoices):
        IN_USE = "in_use", _("I brug")
        IMPLEMENTING = "implementing", _("Implementerer")
        EVALUATING = "evaluating", _("Vurderer")
        STOPPED = "stopped", _("Stoppet")

    class Source(models.TextChoices):
        MEMBER = "member", _("Erklæret af medlem")
        SECRETARIAT = "secretariat", _("Indtastet af sekretariatet")

    # A declaration not confirmed for this long shows as unconfirmed.
    CONFIRMATION_VALID_DAYS = 365

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="usages",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.CASCADE, related_name="usages"
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, db_index=True)
    since = models.DateField(_("siden"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("senest bekræftet"), null=True, blank=True)
    source = models.CharField(
        _("kilde"), max_length=15, choices=Source.choices, default=Source.SECRETARIAT
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erklæret af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    objects = UsageQuerySet.as_manager()

    class Meta:
        verbose_name = _("anvendelse")
        verbose_name_plural = _("anvendelser")
        ordering = ["product", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "product"], name="usage_one_per_organisation_and_product"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.product} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        """Confirmed within the last 12 months."""
        if self.last_confirmed_at is None:
            return False
        age = timezone.now() - self.last_confirmed_at
        return age.days < self.CONFIRMATION_VALID_DAYS


class FeePolicy(models.Model):
    """The surcharges on a product's base fee, set by the secretariat from a given year."""

    valid_from_year = models.PositiveSmallIntegerField(_("gælder fra år"), unique=True)
    member_surcharge_percent = models.DecimalField(
        _("tillæg for medlemmer (%)"), max_digits=5, decimal_places=2
    )
    non_member_surcharge_percent = models.DecimalField(
        _("tillæg for ikke-medlemmer (%)"), max_digits=5, decimal_places=2
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("takstpolitik")
        verbose_name_plural = _("takstpolitikker")
        ordering = ["-valid_from_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_surcharge_percent__gte=0)
                & Q(non_member_surcharge_percent__gte=0),
                name="fee_policy_surcharges_not_negative",
            ),
        ]

    def __str__(self):
        return _("Takstpolitik fra %(year)s") % {"year": self.valid_from_year}


class Fee(models.Model):
    """A product's price sheet line: base annual fee and joining fee for a year and tier."""

    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.CASCADE, related_name="fees"
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    size_tier = models.ForeignKey(
        SizeTier, verbose_name=_("størrelsestrin"), on_delete=models.PROTECT, related_name="fees"
    )
    base_annual_fee = models.PositiveIntegerField(_("grundvederlag pr. år (kr.)"))
    joining_fee = models.PositiveIntegerField(_("tilslutningsafgift (kr.)"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("takst")
        verbose_name_plural = _("takster")
        ordering = ["product", "-year", "size_tier__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year", "size_tier"], name="fee_one_per_product_year_tier"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="fee_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.year} {self.size_tier}"


class Initiative(models.Model):
    """A call for participants and money: a new idea, a new project or further development."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Ny idé")
        PROJECT = "project", _("Nyt projekt")
        DEVELOPMENT = "development", _("Videreudvikling")

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        FUNDED = "funded", _("Finansieret")
        CLOSED = "closed", _("Lukket")
        CANCELLED = "cancelled", _("Aflyst")

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    product = models.ForeignKey(
        Product,
        verbose_name=_("produkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    summary = models.CharField(_("kort beskrivelse"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True, help_text=_("Markdown."))
    budget_target = models.PositiveIntegerField(_("budgetmål (kr.)"))
    cap_per_citizen = models.DecimalField(
        _("loft pr. indbygger (kr.)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hvis udgiften fordeles efter indbyggertal: højst så mange kroner pr. borger."),
    )
    min_participants = models.PositiveSmallIntegerField(_("mindste antal deltagere"), default=1)
    deadline = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    coordinator_name = models.CharField(_("koordinator"), max_length=200, blank=True)
    coordinator_email = models.EmailField(
        _("koordinatorens e-mail"),
        blank=True,
        help_text=_("Får besked om nye interessetilkendegivelser. Vises aldrig offentligt."),
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        ordering = ["deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__gte=1), name="initiative_min_participants_positive"
            ),
            models.CheckConstraint(
                condition=Q(cap_per_citizen__isnull=True) | Q(cap_per_citizen__gt=0),
                name="initiative_cap_per_citizen_positive",
            ),
            models.CheckConstraint(
                condition=Q(budget_target__gt=0), name="initiative_budget_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:initiative-detail", kwargs={"slug": self.slug})

    def accepts_interest_on(self, day) -> bool:
        """Interest can be registered, changed or withdrawn while open and not past deadline."""
        return self.status == self.Status.OPEN and day <= self.deadline


class Interest(models.Model):
    """An organisation's registered interest in an initiative (a pledge, a declaration)."""

    class Role(models.TextChoices):
        USER = "user", _("Bruger")
        CO_DEVELOPER = "co_developer", _("Medudvikler")
        CO_FUNDER = "co_funder", _("Medfinansierende")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="interests",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiativ"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    role = models.CharField(_("rolle"), max_length=15, choices=Role.choices)
    pledge = models.PositiveIntegerField(
        _("tilsagn (kr.)"),
        null=True,
        blank=True,
        help_text=_("Hele kroner. Tilsagn går uden fradrag til udviklingen."),
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registreret"), default=timezone.now)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trukket tilbage af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interessetilkendegivelse")
        verbose_name_plural = _("interessetilkendegivelser")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "initiative"],
                condition=Q(withdrawn_at__isnull=True),
                name="interest_one_active_per_organisation",
                violation_error_message=_(
                    "Jeres organisation har allerede en aktiv interessetilkendegivelse for "
                    "dette initiativ."
                ),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_by__isnull=True) | Q(withdrawn_at__isnull=False),
                name="interest_withdrawn_by_only_when_withdrawn",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.initiative} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
