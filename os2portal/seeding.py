"""Reference and demo data for the whole portal; each app contributes its own part.

``load_reference_data`` loads what a real installation needs (regions, municipalities,
size tiers, the fee policy, governance levels and requirements). ``seed_demo`` adds the
demo catalogue on top. Both are idempotent: a second run changes nothing.

Invented demo data says so: usages, interests and assessments carry "Demodata" in their
note or summary; the memberships and most fees are invented too (the README says which).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from catalogue import demo as catalogue_demo
from catalogue.models import Product, Usage
from catalogue.search import product_refresh_search
from governance import reference as governance_reference
from governance.models import Assessment, AssessmentItem, Level, Requirement, WorkingGroup
from governance.services import assessment_publish
from members import reference as members_reference
from members.models import Organisation
from members.reference import upsert

DEMO_MEMBERS = 70
DEMO_FORMER_MEMBERS = 3

DEMO_ASSESSMENT_SUMMARY = (
    "Demodata: denne vurdering er opfundet til demonstration og er ikke OS2-sekretariatets."
)

# (product slug, assessed on, level rank, published). Invented; OS2mo shows a history.
DEMO_ASSESSMENTS = [
    ("os2mo", datetime.date(2021, 3, 1), 2, True),
    ("os2mo", datetime.date(2024, 9, 1), 3, True),
    ("os2rollekatalog", datetime.date(2024, 5, 15), 3, True),
    ("os2faktor", datetime.date(2024, 10, 1), 3, True),
    ("os2kitos", datetime.date(2023, 11, 20), 3, True),
    ("os2sofd", datetime.date(2024, 2, 1), 2, True),
    ("os2borgerpc", datetime.date(2023, 6, 1), 2, True),
    ("os2datascanner", datetime.date(2024, 1, 10), 2, True),
    ("os2display", datetime.date(2023, 9, 1), 2, True),
    ("os2valghalla", datetime.date(2023, 3, 1), 2, True),
    ("os2iot", datetime.date(2022, 4, 1), 1, True),
    ("os2iot", datetime.date(2025, 10, 1), 2, False),
    ("os2loop", datetime.date(2023, 1, 15), 1, True),
    ("os2forms", datetime.date(2024, 6, 1), 1, True),
    ("os2web", datetime.date(2022, 8, 1), 1, True),
    ("os2agora", datetime.date(2025, 2, 1), 0, True),
]

DEMO_MANDATES = {
    WorkingGroup.Kind.STEERING: (
        "Styregruppen har budgettet og prioriterer videreudviklingen. "
        "Demodata: kommissoriet og medlemmerne er opfundet."
    ),
    WorkingGroup.Kind.COORDINATION: (
        "Alle anvenderorganisationer kan deltage i koordinationsgruppen. "
        "Demodata: kommissoriet og medlemmerne er opfundet."
    ),
    WorkingGroup.Kind.PROFESSIONAL: (
        "Faggruppen rådgiver styregruppen fagligt. "
        "Demodata: kommissoriet og medlemmerne er opfundet."
    ),
}


def database_is_empty() -> bool:
    return not Organisation.objects.exists()


def load_reference_data() -> list[str]:
    """The reference data a real installation needs; return a line per step for the log."""
    lines = members_reference.reference_data_load()
    lines.append(f"Takstpolitikker: {catalogue_demo.fee_policies_load()}")
    lines += governance_reference.reference_data_load()
    return lines


@transaction.atomic
def memberships_load(*, municipalities) -> int:
    """Invented memberships: 70 current members and 3 former ones (the real list is not
    part of the project's data)."""
    rng = random.Random("memberships")
    chosen = rng.sample(municipalities, DEMO_MEMBERS + DEMO_FORMER_MEMBERS)
    former = {organisation.pk for organisation in chosen[:DEMO_FORMER_MEMBERS]}
    chosen_pks = {organisation.pk for organisation in chosen}
    for organisation in municipalities:
        since = until = None
        if organisation.pk in chosen_pks:
            since = datetime.date(rng.randint(2012, 2024), 1, 1)
            if organisation.pk in former:
                since = datetime.date(2013, 1, 1)
                until = datetime.date(2021, 12, 31)
        upsert(
            Organisation,
            {"pk": organisation.pk},
            {"member_since": since, "member_until": until},
        )
    return Organisation.objects.members().count()


@transaction.atomic
def assessments_load(*, products: dict[str, Product]) -> int:
    levels = {level.rank: level for level in Level.objects.all()}
    requirements = list(Requirement.objects.select_related("level"))
    for slug, assessed_on, rank, published in DEMO_ASSESSMENTS:
        assessment, _ = upsert(
            Assessment,
            {"product": products[slug], "assessed_on": assessed_on},
            {"level": levels[rank], "summary": DEMO_ASSESSMENT_SUMMARY},
        )
        for requirement in requirements:
            if requirement.level.rank > rank:
                continue
            # Recommendations are often only partly met ("comply or explain").
            yellow = requirement.recommended_only and requirement.position % 2 == 0
            upsert(
                AssessmentItem,
                {"assessment": assessment, "requirement": requirement},
                {
                    "status": AssessmentItem.Status.YELLOW
                    if yellow
                    else AssessmentItem.Status.GREEN,
                    "comment": "Demodata: delvist opfyldt." if yellow else "",
                },
            )
        # Publishing again would only move the publication time; leave it be.
        if published and not assessment.published:
            assessment_publish(assessment=assessment)
    return Assessment.objects.count()


@transaction.atomic
def working_groups_load(*, products: dict[str, Product]) -> int:
    """Invented working groups for the products at level 2 or above, from their users."""
    for product in Product.objects.filter(pk__in=[p.pk for p in products.values()]):
        if product.current_level_rank is None or product.current_level_rank < 2:
            continue
        users = list(
            Organisation.objects.filter(usages__product=product, usages__status=Usage.Status.IN_USE)
            .order_by("municipality_code")
            .distinct()
        )
        kinds = [WorkingGroup.Kind.STEERING, WorkingGroup.Kind.COORDINATION]
        if product.current_level_rank == 3:
            kinds.append(WorkingGroup.Kind.PROFESSIONAL)
        for index, kind in enumerate(kinds):
            group, _ = upsert(
                WorkingGroup,
                {"product": product, "kind": kind},
                {"mandate": DEMO_MANDATES[kind]},
            )
            size = (4, 8, 6)[index]
            rng = random.Random(f"working-group:{product.slug}:{kind}")
            wanted = {o.pk for o in rng.sample(users, min(size, len(users)))}
            if set(group.organisations.values_list("pk", flat=True)) != wanted:
                group.organisations.set(wanted)
    return WorkingGroup.objects.count()


def seed_demo() -> list[str]:
    """Load reference and demo data idempotently; return a line per step for the log."""
    lines = load_reference_data()
    today = timezone.localdate()
    municipalities = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            "municipality_code"
        )
    )
    lines.append(f"Medlemmer (demo): {memberships_load(municipalities=municipalities)}")
    products = catalogue_demo.catalogue_load()
    lines.append(f"Produkter: {len(products)}")
    usages = catalogue_demo.usages_load(products=products, municipalities=municipalities)
    lines.append(f"Anvendelser (demo): {usages}")
    lines.append(f"Takster: {catalogue_demo.fees_load(products=products, today=today)}")
    initiatives = catalogue_demo.initiatives_load(
        products=products, today=today, municipalities=municipalities
    )
    lines.append(f"Initiativer: {len(initiatives)}")
    lines.append(f"Vurderinger (demo): {assessments_load(products=products)}")
    lines.append(f"Arbejdsgrupper (demo): {working_groups_load(products=products)}")
    product_refresh_search()
    return lines
