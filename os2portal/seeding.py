"""Reference and demo data for the whole portal; each app contributes its own part.

``load_reference_data`` loads what a real installation needs (regions, municipalities,
size tiers, the fee policy, governance levels and requirements). ``seed_demo`` adds the
demo catalogue on top. Both are idempotent: a second run changes nothing.

Invented demo data says so: usages, interests and assessments carry "Demodata" in their
note or summary; the memberships and most fees are invented too (the README says which).
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from catalogue import demo as catalogue_demo
from catalogue.models import (
    Category,
    Initiative,
    Interest,
    Product,
    Supplier,
    SupplierRole,
    Usage,
)
from catalogue.search import product_refresh_search
from governance import reference as governance_reference
from governance.models import Assessment, AssessmentItem, Level, Requirement, WorkingGroup
from governance.services import assessment_publish
from members import reference as members_reference
from members.models import Organisation, Region
from members.reference import upsert, upsert_many

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
    rows = []
    for organisation in municipalities:
        since = until = None
        if organisation.pk in chosen_pks:
            since = datetime.date(rng.randint(2012, 2024), 1, 1)
            if organisation.pk in former:
                since = datetime.date(2013, 1, 1)
                until = datetime.date(2021, 12, 31)
        rows.append({"id": organisation.pk, "member_since": since, "member_until": until})
    upsert_many(Organisation, rows, key=("id",))
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
        items = []
        for requirement in requirements:
            if requirement.level.rank > rank:
                continue
            # Recommendations are often only partly met ("comply or explain").
            yellow = requirement.recommended_only and requirement.position % 2 == 0
            items.append(
                {
                    "assessment_id": assessment.pk,
                    "requirement_id": requirement.pk,
                    "status": AssessmentItem.Status.YELLOW
                    if yellow
                    else AssessmentItem.Status.GREEN,
                    "comment": "Demodata: delvist opfyldt." if yellow else "",
                }
            )
        upsert_many(AssessmentItem, items, key=("assessment_id", "requirement_id"))
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


# --- Synthetic data at scale, for benchmarks -------------------------------------------

SYNTHETIC_PREFIX = "syntetisk-"
_SYNTHETIC_WORDS = [
    "borger", "medarbejder", "sag", "dokument", "rolle", "adgang", "data", "integration",
    "økonomi", "valg", "skole", "dagtilbud", "ældrepleje", "beskæftigelse", "bibliotek",
    "byggeri", "miljø", "trafik", "sensor", "skærm", "formular", "hjemmeside", "høring",
    "dagsorden", "kørsel", "overblik", "kontrakt", "sikkerhed", "login", "organisation",
    "stamdata", "rapport", "statistik", "booking", "tilsyn", "journal", "kalender",
]  # fmt: skip


@dataclass(frozen=True)
class BulkCounts:
    products: int
    organisations: int
    usages: int
    initiatives: int
    interests: int
    categories: int
    suppliers: int
    assessments: int


def _copy_rows(cursor, model, rows) -> int:
    """Write rows (dicts keyed by attname) to a model's table with COPY; return how many.

    Columns a row leaves out get the field's default, ``now`` for auto timestamps, or NULL.
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]
    now = timezone.now()
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = ""
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
            count += 1
    return count


def _delete_where(cursor, model, where: str, params: list, depth: int = 0) -> None:
    """DELETE rows of a model matching ``where``, first the rows that reference them.

    Plain SQL, so that no signal writes 100,000 history rows; rows that merely point at a
    deleted row with SET_NULL are set to NULL instead.
    """
    if depth > 5:
        raise RuntimeError("Too deep a chain of references while deleting synthetic data.")
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    selected = f"SELECT {pk} FROM {table} WHERE {where}"
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        field = relation.field
        if not getattr(field, "db_constraint", False):
            continue  # history tables keep their rows
        child = relation.related_model
        column = connection.ops.quote_name(field.column)
        child_where = f"{column} IN ({selected})"
        if field.remote_field.on_delete is models.SET_NULL:
            child_table = connection.ops.quote_name(child._meta.db_table)
            cursor.execute(f"UPDATE {child_table} SET {column} = NULL WHERE {child_where}", params)
        else:
            _delete_where(cursor, child, child_where, params, depth + 1)
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)


def bulk_delete_synthetic() -> None:
    """Remove every synthetic row (slugs starting "syntetisk-") with what refers to it."""
    with connection.cursor() as cursor:
        for model in (Initiative, Product, Organisation, Category, Supplier):
            _delete_where(cursor, model, "slug LIKE %s", [SYNTHETIC_PREFIX + "%"])


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_SYNTHETIC_WORDS) for _ in range(count))


@transaction.atomic
def seed_bulk(
    *,
    products: int,
    organisations: int,
    seed: int,
    usages: int | None = None,
    interests: int | None = None,
    initiatives: int | None = None,
) -> BulkCounts:
    """Deterministic synthetic data at scale: the same arguments give the same rows.

    Earlier synthetic rows are replaced; reference data is loaded first. Usages are
    distinct (organisation, product) pairs and interests distinct (organisation,
    initiative) pairs, so the database's uniqueness rules hold; about one interest in
    twenty is withdrawn.
    """
    usages = products * 10 if usages is None else usages
    interests = products * 5 if interests is None else interests
    initiatives = max(1, products // 20) if initiatives is None else initiatives
    if usages > products * organisations:
        raise ValueError(f"{usages} usages need more than {products} × {organisations} pairs.")
    if interests > initiatives * organisations:
        raise ValueError(
            f"{interests} interests need more than {initiatives} × {organisations} pairs."
        )
    load_reference_data()
    bulk_delete_synthetic()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    regions = list(Region.objects.order_by("code").values_list("pk", flat=True))
    levels = dict(Level.objects.values_list("rank", "pk"))
    category_count, supplier_count = 20, 50
    stages = [Product.Stage.PRODUCT] * 6 + [Product.Stage.PROJECT] * 2
    stages += [Product.Stage.IDEA, Product.Stage.RETIRED]
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
        _copy_rows(
            cursor,
            Category,
            (
                {
                    "name": f"Syntetisk kategori {i:02d}",
                    "slug": f"{SYNTHETIC_PREFIX}kategori-{i:02d}",
                }
                for i in range(1, category_count + 1)
            ),
        )
        _copy_rows(
            cursor,
            Supplier,
            (
                {
                    "name": f"Syntetisk leverandør {i:03d}",
                    "slug": f"{SYNTHETIC_PREFIX}leverandoer-{i:03d}",
                }
                for i in range(1, supplier_count + 1)
            ),
        )
        organisation_rows = []
        for i in range(1, organisations + 1):
            member = rng.random() < 0.7
            organisation_rows.append(
                {
                    "name": f"Syntetisk organisation {i:05d}",
                    "slug": f"{SYNTHETIC_PREFIX}organisation-{i:05d}",
                    "kind": Organisation.Kind.OTHER,
                    "region_id": rng.choice(regions),
                    "population": rng.randint(2_000, 700_000),
                    "population_year": today.year,
                    "member_since": datetime.date(rng.randint(2012, 2024), 1, 1)
                    if member
                    else None,
                }
            )
        _copy_rows(cursor, Organisation, organisation_rows)
        product_rows, assessment_rows = [], []
        for i in range(1, products + 1):
            rank = rng.choice([None, None, None, 0, 1, 1, 2, 2, 3, 3])
            assessed_on = today - datetime.timedelta(days=rng.randint(30, 2000))
            product_rows.append(
                {
                    "name": f"Syntetisk produkt {i:05d}",
                    "slug": f"{SYNTHETIC_PREFIX}produkt-{i:05d}",
                    "tagline": f"Syntetisk produkt til {_words(rng, 3)}."[:150],
                    "description": _words(rng, rng.randint(20, 60)),
                    "stage": rng.choice(stages),
                    "licence": rng.choice(["MPL-2.0", "MPL-2.0", "GPL-3.0-only", "EUPL-1.2"]),
                    "current_level_rank": rank,
                    "current_level_since": assessed_on if rank is not None else None,
                    "created_at": now - datetime.timedelta(minutes=i),
                }
            )
            if rank is not None:
                assessment_rows.append((i, assessed_on, rank))
        _copy_rows(cursor, Product, product_rows)

        def ids(model, prefix):
            return list(
                model.objects.filter(slug__startswith=SYNTHETIC_PREFIX + prefix)
                .order_by("slug")
                .values_list("pk", flat=True)
            )

        product_ids = ids(Product, "produkt-")
        organisation_ids = ids(Organisation, "organisation-")
        category_ids = ids(Category, "kategori-")
        supplier_ids = ids(Supplier, "leverandoer-")

        product_categories = []
        supplier_roles = []
        roles = list(SupplierRole.Role.values)
        for product_id in product_ids:
            for category_id in rng.sample(category_ids, rng.randint(1, 3)):
                product_categories.append({"product_id": product_id, "category_id": category_id})
            for supplier_id in rng.sample(supplier_ids, rng.randint(1, 2)):
                supplier_roles.append(
                    {
                        "product_id": product_id,
                        "supplier_id": supplier_id,
                        "role": rng.choice(roles),
                    }
                )
        _copy_rows(cursor, Product.categories.through, product_categories)
        _copy_rows(cursor, SupplierRole, supplier_roles)
        assessments = _copy_rows(
            cursor,
            Assessment,
            (
                {
                    "product_id": product_ids[index - 1],
                    "assessed_on": assessed_on,
                    "level_id": levels[rank],
                    "published": True,
                    "published_at": now,
                    "summary": "Syntetiske data til ydelsesmålinger.",
                }
                for index, assessed_on, rank in assessment_rows
            ),
        )

        usage_statuses = list(Usage.Status.values)
        usage_count = _copy_rows(
            cursor,
            Usage,
            (
                {
                    "organisation_id": organisation_ids[pair % organisations],
                    "product_id": product_ids[pair // organisations],
                    "status": rng.choice(usage_statuses),
                    "since": datetime.date(rng.randint(2014, 2025), rng.randint(1, 12), 1),
                    "last_confirmed_at": now - datetime.timedelta(days=rng.randint(0, 700)),
                    "note": "Syntetisk",
                }
                for pair in sorted(rng.sample(range(products * organisations), usages))
            ),
        )

        initiative_statuses = [Initiative.Status.OPEN] * 3 + [
            Initiative.Status.FUNDED,
            Initiative.Status.CLOSED,
        ]
        initiative_rows = []
        for i in range(1, initiatives + 1):
            status = rng.choice(initiative_statuses)
            days = rng.randint(1, 365)
            initiative_rows.append(
                {
                    "title": f"Syntetisk initiativ {i:05d}",
                    "slug": f"{SYNTHETIC_PREFIX}initiativ-{i:05d}",
                    "kind": rng.choice(Initiative.Kind.values),
                    "product_id": rng.choice(product_ids) if rng.random() < 0.5 else None,
                    "summary": _words(rng, 8),
                    "budget_target": rng.randint(10, 500) * 10_000,
                    "min_participants": rng.randint(1, 20),
                    "deadline": today + datetime.timedelta(days=days)
                    if status == Initiative.Status.OPEN
                    else today - datetime.timedelta(days=days),
                    "status": status,
                    "created_at": now - datetime.timedelta(days=days + 30),
                }
            )
        _copy_rows(cursor, Initiative, initiative_rows)
        initiative_ids = ids(Initiative, "initiativ-")
        interest_roles = list(Interest.Role.values)
        interest_rows = []
        for pair in sorted(rng.sample(range(initiatives * organisations), interests)):
            role = rng.choice(interest_roles)
            registered_at = now - datetime.timedelta(minutes=rng.randint(1, 500_000))
            interest_rows.append(
                {
                    "organisation_id": organisation_ids[pair % organisations],
                    "initiative_id": initiative_ids[pair // organisations],
                    "role": role,
                    "pledge": rng.randint(1, 50) * 10_000
                    if role == Interest.Role.CO_FUNDER
                    else None,
                    "note": "Syntetisk",
                    "registered_at": registered_at,
                    "withdrawn_at": registered_at + datetime.timedelta(days=1)
                    if rng.random() < 0.05
                    else None,
                }
            )
        interest_count = _copy_rows(cursor, Interest, interest_rows)
    product_refresh_search(product_ids=product_ids)
    return BulkCounts(
        products=len(product_ids),
        organisations=len(organisation_ids),
        usages=usage_count,
        initiatives=len(initiative_ids),
        interests=interest_count,
        categories=len(category_ids),
        suppliers=len(supplier_ids),
        assessments=assessments,
    )
