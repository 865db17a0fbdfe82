"""Members' reference data: Denmark's regions and 98 municipalities, and the size tiers.

The figures come from the CSV files in ``members/data/``; ``members/data/SOURCES.md`` names
the source of every column. Loading is idempotent: rows are matched on their natural key
(region code, municipality code, tier number, domain) and updated in place.
"""

import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import EmailDomain, Organisation, Region, SizeTier
from members.population import PopulationFileError, PopulationRow

DATA_DIR = Path(__file__).resolve().parent / "data"

# Official names that are not simply "<name> Kommune".
_OFFICIAL_NAMES = {
    101: "Københavns Kommune",
    400: "Bornholms Regionskommune",
}

# The general assembly's tiers (DOMAIN.md); the secretariat may change them in the admin,
# so loading only creates missing tiers and never overwrites edited bounds.
SIZE_TIERS = [
    (1, "Under 25.000 indbyggere", 24_999),
    (2, "25.000–60.000 indbyggere", 60_000),
    (3, "60.000–120.000 indbyggere", 120_000),
    (4, "Over 120.000 indbyggere", None),
]


@dataclass(frozen=True)
class MunicipalityRow:
    code: int
    name: str
    region_code: int
    population: int
    population_year: int
    web_domain: str
    mail_domains: tuple[str, ...]

    @property
    def official_name(self) -> str:
        return _OFFICIAL_NAMES.get(self.code, f"{self.name} Kommune")


def danish_slugify(value: str) -> str:
    """A URL slug that spells æ, ø, å as ae, oe, aa instead of dropping them."""
    value = value.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def upsert(model, lookup: dict, values: dict, *, create_only: dict | None = None):
    """Create or update one row by its natural key, saving only when something differs.

    Unchanged rows are left alone, so that running a loader twice writes no history rows
    and no new timestamps. ``create_only`` holds values set on creation but never
    overwritten (the secretariat may have edited them since). Returns (row, created).
    """
    row = model.objects.filter(**lookup).first()
    created = row is None
    if created:
        row = model(**lookup, **(create_only or {}), **values)
    changed = created
    for name, value in values.items():
        if created:
            break
        # Compare foreign keys by id, so that no related row is fetched.
        attname = model._meta.get_field(name).attname
        current = getattr(row, attname)
        if (value.pk if isinstance(value, models.Model) else value) != current:
            setattr(row, name, value)
            changed = True
    if changed:
        row.full_clean()
        row.save()
    return row, created


def upsert_many(
    model, rows: list[dict], *, key: tuple[str, ...], create_only: tuple[str, ...] = ()
) -> tuple[int, int]:
    """Create or update many rows by natural key in a few queries; return (created, updated).

    ``rows`` are dicts keyed by attname (``organisation_id``, not ``organisation``) that
    include the ``key`` fields. Existing rows are fetched in one query and only those that
    differ are written, with ``bulk_update``; new rows go in with ``bulk_create`` (so they
    get no history rows, as befits loaded data). Fields are validated here; uniqueness and
    the other constraints are left to the database, which enforces them anyway.
    """
    if not rows:
        return 0, 0
    first_key = key[0]
    existing = {
        tuple(getattr(row, name) for name in key): row
        for row in model.objects.filter(**{f"{first_key}__in": {r[first_key] for r in rows}})
    }
    foreign_keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
    new, changed, changed_fields = [], [], set()
    for values in rows:
        row = existing.get(tuple(values[name] for name in key))
        if row is None:
            row = model(**values)
            row.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)
            new.append(row)
            continue
        differs = [
            name
            for name, value in values.items()
            if name not in key and name not in create_only and getattr(row, name) != value
        ]
        if differs:
            for name in differs:
                setattr(row, name, values[name])
            row.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)
            changed.append(row)
            changed_fields.update(differs)
    model.objects.bulk_create(new)
    if changed:
        # bulk_update does not touch auto_now fields by itself.
        touched = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        now = timezone.now()
        for row in changed:
            for field in touched:
                setattr(row, field.attname, now)
        fields = [model._meta.get_field(attname).name for attname in changed_fields]
        model.objects.bulk_update(changed, fields + [field.name for field in touched])
    return len(new), len(changed)


def read_regions() -> list[tuple[int, str]]:
    with open(DATA_DIR / "dk_regions.csv", encoding="utf-8", newline="") as handle:
        return [(int(row["code"]), row["name"]) for row in csv.DictReader(handle)]


def read_municipalities() -> list[MunicipalityRow]:
    with open(DATA_DIR / "dk_municipality_mail_domains.csv", encoding="utf-8", newline="") as f:
        mail = {int(row["code"]): row for row in csv.DictReader(f)}
    rows = []
    with open(DATA_DIR / "dk_municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = int(row["code"])
            domains = [row["web_domain"]]
            dns_domain = mail[code]["dns_list_domain"]
            if dns_domain and dns_domain not in domains:
                domains.append(dns_domain)
            rows.append(
                MunicipalityRow(
                    code=code,
                    name=row["name"],
                    region_code=int(row["region_code"]),
                    population=int(row["population"]),
                    population_year=datetime.date.fromisoformat(row["population_date"]).year,
                    web_domain=row["web_domain"],
                    mail_domains=tuple(domains),
                )
            )
    return rows


@transaction.atomic
def regions_load() -> int:
    for code, name in read_regions():
        upsert(Region, {"code": code}, {"name": name, "slug": danish_slugify(name)})
    return Region.objects.count()


@transaction.atomic
def size_tiers_load() -> int:
    for number, name, max_population in SIZE_TIERS:
        upsert(
            SizeTier,
            {"number": number},
            {},
            create_only={"name": name, "max_population": max_population},
        )
    return SizeTier.objects.count()


@transaction.atomic
def municipalities_load() -> int:
    """Create or update the 98 municipalities with region, population, website and domains.

    A population figure already newer than the file's (from ``import_population``) is kept.
    """
    regions = dict(Region.objects.values_list("code", "pk"))
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    known_years = dict(municipalities.values_list("municipality_code", "population_year"))
    rows = read_municipalities()
    organisations = []
    for row in rows:
        values = {
            "kind": Organisation.Kind.MUNICIPALITY,
            "municipality_code": row.code,
            "name": row.official_name,
            "slug": danish_slugify(row.official_name),
            "region_id": regions[row.region_code],
            "website": f"https://www.{row.web_domain}",
        }
        if (known_years.get(row.code) or 0) <= row.population_year:
            values |= {"population": row.population, "population_year": row.population_year}
        organisations.append(values)
    upsert_many(Organisation, organisations, key=("kind", "municipality_code"))
    ids = dict(municipalities.values_list("municipality_code", "pk"))
    domains = [
        {"domain": domain, "organisation_id": ids[row.code]}
        for row in rows
        for domain in row.mail_domains
    ]
    upsert_many(EmailDomain, domains, key=("domain",))
    return municipalities.count()


def reference_data_load() -> list[str]:
    """Load all of members' reference data; return a line per step for the log."""
    regions = regions_load()
    tiers = size_tiers_load()
    municipalities = municipalities_load()
    return [
        f"Regioner: {regions}",
        f"Størrelsestrin: {tiers}",
        f"Kommuner: {municipalities}",
    ]


@dataclass(frozen=True)
class PopulationChange:
    organisation: Organisation
    old_population: int | None
    old_year: int | None
    new_population: int
    new_year: int


@transaction.atomic
def population_import(
    *, rows: list[PopulationRow], dry_run: bool = False
) -> list[PopulationChange]:
    """Apply parsed population figures to the municipalities; return what changed.

    Every code must be a known municipality's; otherwise nothing is changed and the error
    names the line. Figures equal to the stored ones are not counted as changes. With
    ``dry_run`` the changes are computed but not saved.
    """
    municipalities = {
        organisation.municipality_code: organisation
        for organisation in Organisation.objects.select_for_update().filter(
            kind=Organisation.Kind.MUNICIPALITY, municipality_code__isnull=False
        )
    }
    for row in rows:
        if row.municipality_code not in municipalities:
            raise PopulationFileError(
                row.line,
                _("Kommunekoden %(code)s findes ikke blandt portalens kommuner.")
                % {"code": row.municipality_code},
            )
    changes = []
    for row in rows:
        organisation = municipalities[row.municipality_code]
        if (organisation.population, organisation.population_year) == (row.population, row.year):
            continue
        changes.append(
            PopulationChange(
                organisation=organisation,
                old_population=organisation.population,
                old_year=organisation.population_year,
                new_population=row.population,
                new_year=row.year,
            )
        )
        if dry_run:
            continue
        organisation.population = row.population
        organisation.population_year = row.year
        organisation.full_clean()
        organisation.save(update_fields=["population", "population_year", "updated_at"])
    return changes
