"""Governance reference data: the four levels and OS2's requirement checklist.

The checklist is read from ``governance/data/requirements.csv``, taken from OS2's public
template (``governance/data/SOURCES.md`` names the commit and every change made).
Loading is idempotent: levels are matched on rank, requirements on code.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from governance.models import Level, Requirement
from members.reference import upsert, upsert_many

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LevelData:
    rank: int
    name: str
    name_en: str
    slug: str
    description: str
    description_en: str


# The project's own short summaries of each level, not quotations from the template.
LEVELS = [
    LevelData(
        0,
        "Sandkasse",
        "Sandbox",
        "sandkasse",
        "Et lokalt forsøg: koden deles åbent under en open source-licens, og løsningens "
        "formål er beskrevet.",
        "A local experiment: the code is shared openly under an open-source licence and "
        "the solution's purpose is described.",
    ),
    LevelData(
        1,
        "Niveau 1",
        "Level 1",
        "niveau-1",
        "Optaget i OS2's portefølje med en tovholder, teknisk dokumentation og løbende "
        "koordinering med sekretariatet.",
        "Registered in OS2's portfolio, with a coordinator, technical documentation and "
        "regular coordination with the secretariat.",
    ),
    LevelData(
        2,
        "Niveau 2",
        "Level 2",
        "niveau-2",
        "Godkendt af bestyrelsen, med styregruppe og et beskrevet setup for drift og "
        "vedligeholdelse.",
        "Approved by the board, with a steering group and a described set-up for operation "
        "and maintenance.",
    ),
    LevelData(
        3,
        "Niveau 3",
        "Level 3",
        "niveau-3",
        "Et modent fællesskabsprodukt: bestyrelsen er repræsenteret i styregruppen, "
        "økonomien er sikret, og et fagligt fællesskab står bag.",
        "A mature community product: the board sits on the steering group, the funding is "
        "secured and a professional community stands behind it.",
    ),
]


@dataclass(frozen=True)
class RequirementData:
    code: str
    theme: str
    level_rank: int
    recommended_only: bool
    text: str
    position: int


def read_requirements() -> list[RequirementData]:
    with open(DATA_DIR / "requirements.csv", encoding="utf-8", newline="") as handle:
        return [
            RequirementData(
                code=row["code"],
                theme=row["theme"],
                level_rank=int(row["level_rank"]),
                recommended_only=row["recommended_only"] == "true",
                text=row["text"],
                # The template's own order: by theme (R, F, S, G), then by number.
                position=position,
            )
            for position, row in enumerate(csv.DictReader(handle), start=1)
        ]


@transaction.atomic
def levels_load() -> int:
    for level in LEVELS:
        upsert(
            Level,
            {"rank": level.rank},
            {"name": level.name, "name_en": level.name_en, "slug": level.slug},
            # The descriptions are the secretariat's to rewrite; only a new level gets ours.
            create_only={
                "description": level.description,
                "description_en": level.description_en,
            },
        )
    return Level.objects.count()


@transaction.atomic
def requirements_load() -> int:
    levels = dict(Level.objects.values_list("rank", "pk"))
    rows = [
        {
            "code": requirement.code,
            "theme": requirement.theme,
            "level_id": levels[requirement.level_rank],
            "text": requirement.text,
            "recommended_only": requirement.recommended_only,
            "position": requirement.position,
        }
        for requirement in read_requirements()
    ]
    upsert_many(Requirement, rows, key=("code",))
    return Requirement.objects.count()


def reference_data_load() -> list[str]:
    levels = levels_load()
    requirements = requirements_load()
    return [f"Niveauer: {levels}", f"Krav: {requirements}"]
