import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from os2portal.db import DanishSortKey, danish_sort_key

DANISH_ORDER = [
    "Allerød",
    "Esbjerg",
    "Odense",
    "Vejle",
    "Yding",
    "Zealand",
    "Æblegård",
    "Ærø",
    "Ølstykke",
    "Østerbro",
    "Åbenrå",
    "Aarhus",
]


@pytest.mark.django_db
def test_database_sorts_names_in_danish_alphabetical_order():
    User = get_user_model()
    User.objects.bulk_create(
        User(email=f"{index}@example.dk", first_name=name)
        for index, name in enumerate(reversed(DANISH_ORDER))
    )

    names = list(
        User.objects.order_by(DanishSortKey("first_name")).values_list("first_name", flat=True)
    )

    assert names == DANISH_ORDER


@pytest.mark.django_db
def test_danish_order_ignores_case_and_accents():
    User = get_user_model()
    for index, name in enumerate(["émile", "Zorro", "ærlig", "Ella", "zebra"]):
        User.objects.create(email=f"{index}@example.dk", first_name=name)

    names = list(
        User.objects.order_by(DanishSortKey("first_name"), "first_name").values_list(
            "first_name", flat=True
        )
    )

    assert names == ["Ella", "émile", "zebra", "Zorro", "ærlig"]


def test_python_sort_key_agrees_with_the_database_order():
    shuffled = random.Random(2).sample(DANISH_ORDER, len(DANISH_ORDER))

    assert sorted(shuffled, key=danish_sort_key) == DANISH_ORDER


@pytest.mark.django_db
def test_no_migrations_are_pending():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
