"""The demo catalogue: OS2's real products with only the facts we have, plus invented data.

Facts (from the project's domain notes): each product's name and purpose, the supplier
where one is named, the repository where one is given, OS2borgerPC's licence, OS2faktor's
50+ user municipalities, OS2valghalla's 2023 base fees, and the two co-financing calls
(OS2valghalla 3.0: 3.2 m kr aimed for, 3.15 m kr from 21 municipalities; OS2mo 2.0: 31
municipalities, at most 1.3 kr per citizen). A fact not given is left blank.

Everything else is invented for the demo and says so where the model has room for it:
which municipality uses what (``Usage.note`` "Demodata"), the pledges per municipality
(``Interest.note``), the open initiatives (their description), and every fee except
OS2valghalla's for 2023 (the README lists them, as fees have no note field).

All loaders are idempotent: rows are matched on natural keys (slug, organisation and
product, product/year/tier) and only changed rows are written; values that depend on
today's date (deadlines, confirmations) are set when a row is created and then kept.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from catalogue.models import (
    Category,
    Fee,
    FeePolicy,
    Initiative,
    Interest,
    Product,
    Supplier,
    SupplierRole,
    Usage,
)
from members.models import Organisation, SizeTier
from members.reference import upsert, upsert_many

DEMO_NOTE = "Demodata"

# The fee policy set by the general assembly (DOMAIN.md): from 2020, members pay the base
# fee + 9 %, non-members + 35 %.
FEE_POLICIES = [(2020, Decimal("9.00"), Decimal("35.00"))]


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    name_en: str
    publiccode_category: str


CATEGORIES = [
    CategoryData("identitet-og-rettigheder", "Identitet og rettigheder", "Identity and access",
                 "identity-management"),
    CategoryData("organisation-og-medarbejdere", "Organisation og medarbejdere",
                 "Organisation and employees", "hr"),
    CategoryData("it-styring", "IT-styring og GDPR", "IT governance and GDPR",
                 "it-asset-management"),
    CategoryData("it-sikkerhed", "IT-sikkerhed", "IT security", "it-security"),
    CategoryData("borgerservice", "Borgerservice og biblioteker", "Citizen service and libraries",
                 "digital-citizenship"),
    CategoryData("hjemmesider-og-kommunikation", "Hjemmesider og kommunikation",
                 "Websites and communication", "content-management"),
    CategoryData("videndeling", "Videndeling", "Knowledge sharing", "knowledge-management"),
    CategoryData("data-og-sensorer", "Data og sensorer", "Data and sensors", "data-collection"),
    CategoryData("selvbetjening-og-sagsgange", "Selvbetjening og sagsgange",
                 "Self-service and case handling", "workflow-management"),
    CategoryData("demokrati", "Demokrati og valg", "Democracy and elections", ""),
]  # fmt: skip


@dataclass(frozen=True)
class SupplierData:
    slug: str
    name: str


# Names as the domain notes give them; CVR numbers and websites are left blank.
SUPPLIERS = [
    SupplierData("magenta", "Magenta"),
    SupplierData("digital-identity", "Digital Identity"),
    SupplierData("it-minds", "IT Minds"),
    SupplierData("netcompany", "Netcompany"),
    SupplierData("novataris", "Novataris"),
]


@dataclass(frozen=True)
class ProductData:
    slug: str
    name: str
    tagline: str
    tagline_en: str
    categories: tuple[str, ...]
    description: str = ""
    supplier: str = ""
    repository_url: str = ""
    licence: str = ""
    alternative_to: tuple[str, ...] = ()
    # How many municipalities use it in the demo (invented, except OS2faktor's 50+), and
    # municipality codes that must be among them (named in the domain notes).
    demo_usages: int = 10
    demo_users_include: tuple[int, ...] = field(default=())


AARHUS, BALLERUP = 751, 151

PRODUCTS = [
    ProductData(
        "os2mo", "OS2mo",
        "Stamdata om kommunens organisation og medarbejdere.",
        "Master data on the organisation and its employees.",
        ("organisation-og-medarbejdere",),
        supplier="magenta", repository_url="https://github.com/OS2mo/os2mo", demo_usages=31,
    ),
    ProductData(
        "os2rollekatalog", "OS2rollekatalog",
        "Roller og rettigheder på tværs af kommunens it-systemer.",
        "Roles and rights across the municipality's IT systems.",
        ("identitet-og-rettigheder",),
        supplier="digital-identity", demo_usages=35,
    ),
    ProductData(
        "os2faktor", "OS2faktor",
        "Login og identity provider med tofaktorgodkendelse.",
        "Login and identity provider with multi-factor authentication.",
        ("identitet-og-rettigheder", "it-sikkerhed"),
        description="Bruges af mere end 50 kommuner.",
        demo_usages=52,
    ),
    ProductData(
        "os2sofd", "OS2sofd",
        "Stamdata om kommunens organisation og personer.",
        "Master data on the organisation and people.",
        ("organisation-og-medarbejdere", "identitet-og-rettigheder"),
        supplier="digital-identity", demo_usages=25,
    ),
    ProductData(
        "os2kitos", "OS2kitos",
        "Overblik over it-systemer, kontrakter og GDPR-dokumentation.",
        "Overview of IT systems, contracts and GDPR documentation.",
        ("it-styring",),
        description="Udviklet af IT Minds.",
        supplier="it-minds", demo_usages=60,
    ),
    ProductData(
        "os2borgerpc", "OS2borgerPC",
        "Sikre Ubuntu-pc'er til biblioteker og borgerservice.",
        "Secure Ubuntu PCs for libraries and citizen service.",
        ("borgerservice",),
        supplier="magenta",
        # The domain notes say GPL-3.0, which SPDX defines as GPL-3.0-only.
        licence="GPL-3.0-only", demo_usages=40,
    ),
    ProductData(
        "os2datascanner", "OS2datascanner",
        "Scanner filer, e-mail og hjemmesider for personoplysninger.",
        "Scans files, mail and websites for personal data.",
        ("it-sikkerhed", "it-styring"),
        description="Hed tidligere OS2webscanner.",
        supplier="magenta", demo_usages=28,
    ),
    ProductData(
        "os2display", "OS2display",
        "System til infoskærme.",
        "Info-screen system.",
        ("hjemmesider-og-kommunikation",),
        description="Løsningen stammer fra Aarhus Kommune.",
        demo_usages=15, demo_users_include=(AARHUS,),
    ),
    ProductData(
        "os2iot", "OS2iot",
        "IoT-platform til sensordata.",
        "IoT platform for sensor data.",
        ("data-og-sensorer",),
        description="Udviklet af Netcompany.",
        supplier="netcompany", demo_usages=12,
    ),
    ProductData(
        "os2loop", "OS2loop",
        "Videndeling med spørgsmål og svar.",
        "Question-and-answer knowledge sharing.",
        ("videndeling",),
        description="Aarhus og Ballerup Kommuner står bag.",
        demo_usages=18, demo_users_include=(AARHUS, BALLERUP),
    ),
    ProductData(
        "os2valghalla", "OS2valghalla",
        "Rekruttering og administration af valgpersonale.",
        "Recruitment and administration of election staff.",
        ("demokrati",),
        demo_usages=25,
    ),
    ProductData(
        "os2agora", "OS2agora",
        "Portal til offentlige høringer.",
        "Public hearing portal.",
        ("demokrati", "hjemmesider-og-kommunikation"),
        supplier="novataris", demo_usages=8,
    ),
    ProductData(
        "os2forms", "OS2forms",
        "Selvbetjeningsformularer bygget på Drupal Webform.",
        "Self-service forms built on Drupal Webform.",
        ("selvbetjening-og-sagsgange", "borgerservice"),
        demo_usages=20,
    ),
    ProductData(
        "os2web", "OS2web",
        "Platform til kommunale hjemmesider bygget på Drupal.",
        "Municipal website platform built on Drupal.",
        ("hjemmesider-og-kommunikation",),
        demo_usages=10,
    ),
    ProductData(
        "os2indberetning", "OS2indberetning",
        "Kørselsindberetning med app og web.",
        "Mileage reporting with an app and on the web.",
        ("selvbetjening-og-sagsgange",),
        demo_usages=22,
    ),
    ProductData(
        "os2dagsorden", "OS2dagsorden",
        "Papirløse dagsordener til møder.",
        "Paperless meeting agendas.",
        ("demokrati", "selvbetjening-og-sagsgange"),
        demo_usages=14,
    ),
]  # fmt: skip

# OS2valghalla 3.0's base fees for 2023 (DOMAIN.md), per size tier 1–4.
VALGHALLA_2023_FEES = (22_000, 32_000, 42_000, 52_000)


def _municipalities() -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            "municipality_code"
        )
    )


def _pick(rng: random.Random, municipalities, count: int, include=()) -> list[Organisation]:
    """A deterministic choice of ``count`` municipalities that contains ``include``."""
    chosen = [m for m in municipalities if m.municipality_code in include]
    rest = [m for m in municipalities if m.municipality_code not in include]
    chosen += rng.sample(rest, max(count - len(chosen), 0))
    return sorted(chosen, key=lambda m: m.municipality_code)


@transaction.atomic
def fee_policies_load() -> int:
    for year, member, non_member in FEE_POLICIES:
        upsert(
            FeePolicy,
            {"valid_from_year": year},
            {},
            create_only={
                "member_surcharge_percent": member,
                "non_member_surcharge_percent": non_member,
            },
        )
    return FeePolicy.objects.count()


@transaction.atomic
def catalogue_load() -> dict[str, Product]:
    """Categories, suppliers and the real products with their supplier roles."""
    categories = {
        data.slug: upsert(
            Category,
            {"slug": data.slug},
            {
                "name": data.name,
                "name_en": data.name_en,
                "publiccode_category": data.publiccode_category,
            },
        )[0]
        for data in CATEGORIES
    }
    suppliers = {
        data.slug: upsert(Supplier, {"slug": data.slug}, {"name": data.name})[0]
        for data in SUPPLIERS
    }
    products = {}
    for data in PRODUCTS:
        product, _ = upsert(
            Product,
            {"slug": data.slug},
            {
                "name": data.name,
                "tagline": data.tagline,
                "tagline_en": data.tagline_en,
                "description": data.description,
                "stage": Product.Stage.PRODUCT,
                "repository_url": data.repository_url,
                "licence": data.licence,
                "alternative_to": list(data.alternative_to),
            },
        )
        wanted = {categories[slug].pk for slug in data.categories}
        if set(product.categories.values_list("pk", flat=True)) != wanted:
            product.categories.set(wanted)
        if data.supplier:
            upsert(
                SupplierRole,
                {
                    "product": product,
                    "supplier": suppliers[data.supplier],
                    "role": SupplierRole.Role.DEVELOPMENT,
                },
                {},
            )
        products[data.slug] = product
    return products


@transaction.atomic
def usages_load(*, products: dict[str, Product], municipalities=None) -> int:
    """Invented usages: which municipalities use which product (note "Demodata")."""
    municipalities = municipalities if municipalities is not None else _municipalities()
    now = timezone.now()
    statuses = [Usage.Status.IN_USE] * 8 + [Usage.Status.IMPLEMENTING, Usage.Status.EVALUATING]
    rows = []
    for data in PRODUCTS:
        rng = random.Random(f"usages:{data.slug}")
        users = _pick(rng, municipalities, data.demo_usages, data.demo_users_include)
        for organisation in users:
            status = rng.choice(statuses)
            since = datetime.date(rng.randint(2015, 2025), rng.randint(1, 12), 1)
            # Most confirmed within the year, some not: the unconfirmed mark shows too.
            confirmed_days_ago = rng.randint(0, 540)
            rows.append(
                {
                    "product_id": products[data.slug].pk,
                    "organisation_id": organisation.pk,
                    "status": status,
                    "since": since if status == Usage.Status.IN_USE else None,
                    "source": Usage.Source.SECRETARIAT,
                    "note": DEMO_NOTE,
                    "last_confirmed_at": now - datetime.timedelta(days=confirmed_days_ago),
                }
            )
    upsert_many(
        Usage, rows, key=("product_id", "organisation_id"), create_only=("last_confirmed_at",)
    )
    return Usage.objects.count()


def demo_fee_years(today: datetime.date) -> list[int]:
    return [today.year - 1, today.year]


@transaction.atomic
def fees_load(*, products: dict[str, Product], today: datetime.date) -> int:
    """OS2valghalla's real 2023 fees, and invented fees for last year and this year."""
    tiers = list(SizeTier.objects.order_by("number"))
    valghalla = products["os2valghalla"].pk
    rows = [
        {"product_id": valghalla, "year": 2023, "size_tier_id": tier.pk, "base_annual_fee": base}
        for tier, base in zip(tiers, VALGHALLA_2023_FEES, strict=False)
    ]
    # Invented: a base fee per tier that grows with the tier, rising 3 % a year.
    invented = {
        "os2mo": 30_000, "os2rollekatalog": 25_000, "os2faktor": 20_000, "os2kitos": 8_000,
        "os2borgerpc": 12_000, "os2datascanner": 28_000, "os2valghalla": 24_000,
        "os2loop": 6_000, "os2iot": 15_000,
    }  # fmt: skip
    for slug, tier_one_fee in invented.items():
        for offset, year in enumerate(demo_fee_years(today)):
            for tier in tiers:
                # Whole kroner only: tier n pays (n + 1) / 2 times tier 1, plus 3 % a year.
                base = tier_one_fee * (tier.number + 1) // 2 * 103**offset // 100**offset
                rows.append(
                    {
                        "product_id": products[slug].pk,
                        "year": year,
                        "size_tier_id": tier.pk,
                        "base_annual_fee": round(base, -2),
                        "joining_fee": round(base // 2, -2) if slug == "os2iot" else 0,
                    }
                )
    upsert_many(Fee, rows, key=("product_id", "year", "size_tier_id"))
    return Fee.objects.count()


def _interest(organisation, initiative, *, role, pledge, note, registered_at):
    return upsert(
        Interest,
        {"organisation": organisation, "initiative": initiative, "withdrawn_at": None},
        {"role": role, "pledge": pledge, "note": note},
        create_only={"registered_at": registered_at},
    )[0]


@transaction.atomic
def initiatives_load(
    *, products: dict[str, Product], today: datetime.date, municipalities=None
) -> list[Initiative]:
    municipalities = municipalities if municipalities is not None else _municipalities()
    initiatives = []

    # OS2valghalla 3.0: aimed for 3.2 m kr and raised 3.15 m kr from 21 municipalities.
    valghalla, _ = upsert(
        Initiative,
        {"slug": "os2valghalla-3-0"},
        {
            "title": "OS2valghalla 3.0",
            "kind": Initiative.Kind.DEVELOPMENT,
            "product": products["os2valghalla"],
            "summary": "Crowdfunding af en ny version af OS2valghalla.",
            "description": (
                "Fællesfinansieret videreudvikling af OS2valghalla. Målet var 3,2 mio. kr.; "
                "21 kommuner gav tilsagn om i alt 3,15 mio. kr.\n\n"
                "*Demodata:* fristen og fordelingen af tilsagn på de enkelte kommuner er "
                "opfundet til demonstration."
            ),
            "budget_target": 3_200_000,
            "min_participants": 10,
            "deadline": datetime.date(2022, 6, 30),
            "status": Initiative.Status.FUNDED,
        },
    )
    rng = random.Random("interests:os2valghalla-3-0")
    backers = _pick(rng, municipalities, 21)
    # Invented split of the real total: 150,000 kr each, the largest backer 150,000 more.
    pledges = [150_000] * 21
    pledges[max(range(21), key=lambda i: backers[i].population or 0)] += 3_150_000 - 21 * 150_000
    for organisation, pledge in zip(backers, pledges, strict=True):
        _interest(
            organisation,
            valghalla,
            role=Interest.Role.CO_FUNDER,
            pledge=pledge,
            note="Demodata: beløbet pr. kommune er opfundet; summen 3,15 mio. kr. er reel.",
            registered_at=timezone.make_aware(datetime.datetime(2022, 5, 1, 12)),
        )
    initiatives.append(valghalla)

    # OS2mo 2.0: split per citizen among 31 municipalities, at most 1.3 kr per citizen.
    os2mo, _ = upsert(
        Initiative,
        {"slug": "os2mo-2-0"},
        {
            "title": "OS2mo 2.0",
            "kind": Initiative.Kind.DEVELOPMENT,
            "product": products["os2mo"],
            "summary": "Videreudvikling af OS2mo, fordelt efter indbyggertal.",
            "description": (
                "Udgiften fordeles på de deltagende kommuner efter indbyggertal, højst "
                "1,30 kr. pr. borger. 31 kommuner deltog.\n\n"
                "*Demodata:* budgettet, fristen og hvilke kommuner der deltog, er opfundet."
            ),
            "budget_target": 2_500_000,
            "cap_per_citizen": Decimal("1.30"),
            "min_participants": 20,
            "deadline": datetime.date(2019, 12, 31),
            "status": Initiative.Status.FUNDED,
        },
    )
    rng = random.Random("interests:os2mo-2-0")
    for organisation in _pick(rng, municipalities, 31):
        _interest(
            organisation,
            os2mo,
            role=Interest.Role.CO_FUNDER,
            pledge=None,
            note="Demodata: deltagelsen er opfundet.",
            registered_at=timezone.make_aware(datetime.datetime(2019, 11, 1, 12)),
        )
    initiatives.append(os2mo)

    # Invented open calls, so that registering interest can be tried.
    open_calls = [
        (
            "os2borgerpc-ny-ubuntu",
            "OS2borgerPC på ny Ubuntu LTS",
            Initiative.Kind.DEVELOPMENT,
            products["os2borgerpc"],
            "Opgradering af OS2borgerPC til næste Ubuntu LTS-version.",
            900_000,
            60,
            6,
        ),
        (
            "faelles-borgerchat",
            "Fælles chatløsning til borgerservice",
            Initiative.Kind.IDEA,
            None,
            "En åben chatløsning, som flere kommuners borgerservice kan dele.",
            1_500_000,
            120,
            3,
        ),
    ]
    for slug, title, kind, product, summary, budget, days, interested in open_calls:
        initiative, _ = upsert(
            Initiative,
            {"slug": slug},
            {
                "title": title,
                "kind": kind,
                "product": product,
                "summary": summary,
                "description": "*Demodata:* dette initiativ er opfundet til demonstration.",
                "budget_target": budget,
                "min_participants": 5,
                "status": Initiative.Status.OPEN,
            },
            create_only={"deadline": today + datetime.timedelta(days=days)},
        )
        rng = random.Random(f"interests:{slug}")
        roles = [Interest.Role.CO_FUNDER, Interest.Role.USER, Interest.Role.CO_DEVELOPER]
        for index, organisation in enumerate(_pick(rng, municipalities, interested)):
            role = roles[index % len(roles)]
            _interest(
                organisation,
                initiative,
                role=role,
                pledge=100_000 if role == Interest.Role.CO_FUNDER else None,
                note="Demodata.",
                registered_at=timezone.now() - datetime.timedelta(days=7 * (index + 1)),
            )
        initiatives.append(initiative)
    return initiatives
