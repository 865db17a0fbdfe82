import datetime
import itertools
import re

import pytest
from django.utils import timezone

from catalogue.models import Initiative, Interest
from tests.factories import InitiativeFactory, InterestFactory, OrganisationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_open_first_orders_open_calls_by_deadline_then_the_rest_newest_first():
    later_open = InitiativeFactory(title="Senere åben", deadline=days_from_today(30))
    sooner_open = InitiativeFactory(title="Snart åben", deadline=days_from_today(5))
    old_closed = InitiativeFactory(
        title="Gammel", status=Initiative.Status.CLOSED, deadline=days_from_today(-300)
    )
    recent_funded = InitiativeFactory(
        title="Nylig", status=Initiative.Status.FUNDED, deadline=days_from_today(-10)
    )

    ordered = list(Initiative.objects.open_first())

    assert ordered == [sooner_open, later_open, recent_funded, old_closed]
    assert [initiative.is_open for initiative in ordered] == [True, True, False, False]


def test_with_interest_totals_leaves_out_withdrawn_interests():
    initiative = InitiativeFactory()
    InterestFactory(initiative=initiative, pledge=100_000)
    InterestFactory(initiative=initiative, pledge=None, role=Interest.Role.USER)
    InterestFactory(initiative=initiative, pledge=500_000, withdrawn_at=timezone.now())

    annotated = Initiative.objects.with_interest_totals().get(pk=initiative.pk)

    assert annotated.interest_count == 2
    assert annotated.pledged_total == 100_000


def test_initiative_list_shows_open_calls_first_with_their_deadline(client):
    InitiativeFactory(title="Lukket opråb", status=Initiative.Status.CLOSED)
    InitiativeFactory(title="Åbent opråb", deadline=datetime.date(2031, 3, 14))

    response = client.get("/initiativer/")

    assert response.status_code == 200
    text = response.text
    assert text.index("Åbne for tilmelding") < text.index("Åbent opråb")
    assert text.index("Åbent opråb") < text.index("Afsluttede initiativer")
    assert text.index("Afsluttede initiativer") < text.index("Lukket opråb")
    assert "Frist: 14. marts 2031" in text


def test_initiative_list_shows_progress_as_bars_and_numbers(client):
    initiative = InitiativeFactory(budget_target=3_200_000, min_participants=20, slug="valg")
    InterestFactory.create_batch(3, initiative=initiative, pledge=150_000)

    response = client.get("/initiativer/")

    assert '<progress id="valg-budget" value="450000" max="3200000"' in response.text
    assert "450.000 af 3.200.000 kr. givet i tilsagn (14 %)" in response.text
    assert '<progress id="valg-participants" value="3" max="20"' in response.text
    assert "3 organisationer af mindst 20 har meldt sig (15 %)" in response.text


def test_initiative_list_filters_by_status_and_kind(client):
    InitiativeFactory(title="Åben idé", kind=Initiative.Kind.IDEA)
    InitiativeFactory(title="Åbent projekt", kind=Initiative.Kind.PROJECT)
    InitiativeFactory(
        title="Lukket idé", kind=Initiative.Kind.IDEA, status=Initiative.Status.CLOSED
    )

    response = client.get("/initiativer/", {"status": "open", "kind": "idea"})

    assert [i.title for i in response.context["initiatives"]] == ["Åben idé"]
    assert "1 initiativ" in response.text


def test_initiative_list_marks_an_open_call_past_its_deadline(client):
    InitiativeFactory(deadline=days_from_today(-1))

    response = client.get("/initiativer/")

    assert "fristen er overskredet" in response.text


def test_initiative_list_labels_its_filters(client):
    response = client.get("/initiativer/")

    assert '<label for="id_status">Status:</label>' in response.text
    assert '<label for="id_kind">Type:</label>' in response.text
    assert response.text.count("<h1>") == 1


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_initiative_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    for initiative in InitiativeFactory.create_batch(rows, product=ProductFactory()):
        InterestFactory(initiative=initiative)

    with django_assert_num_queries(2):
        response = client.get("/initiativer/")

    assert response.status_code == 200


def test_initiative_detail_shows_targets_progress_and_pledged_total(client):
    initiative = InitiativeFactory(
        title="OS2valghalla 3.0",
        budget_target=3_200_000,
        min_participants=10,
        deadline=datetime.date(2031, 3, 14),
    )
    InterestFactory.create_batch(2, initiative=initiative, pledge=1_000_000)
    InterestFactory(initiative=initiative, pledge=None, role=Interest.Role.USER)

    response = client.get(initiative.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert "<h1>OS2valghalla 3.0</h1>" in text
    assert "<dd>14. marts 2031</dd>" in text
    assert "<dd>3.200.000 kr.</dd>" in text
    assert '<progress id="initiative-budget" value="2000000" max="3200000"' in text
    assert '<progress id="initiative-participants" value="3" max="10"' in text
    assert "Samlet tilsagn: <strong>2.000.000 kr.</strong>" in text


def test_initiative_detail_lists_interested_organisations_by_role(client):
    initiative = InitiativeFactory()
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Aarhus Kommune"),
        role=Interest.Role.USER,
    )
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Ballerup Kommune"),
        role=Interest.Role.CO_FUNDER,
    )
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Århus Stift"),
        role=Interest.Role.USER,
    )

    response = client.get(initiative.get_absolute_url())

    assert [
        (role, [interest.organisation.name for interest in interests])
        for role, interests in response.context["interests_by_role"]
    ] == [
        ("Som medfinansierende", ["Ballerup Kommune"]),
        ("Som brugere", ["Aarhus Kommune", "Århus Stift"]),
    ]
    assert "<h3>Som medfinansierende (1)</h3>" in response.text


def test_initiative_detail_leaves_out_withdrawn_interests(client):
    initiative = InitiativeFactory(cap_per_citizen="1.30")
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Trukket Kommune"),
        pledge=500_000,
        withdrawn_at=timezone.now(),
    )

    response = client.get(initiative.get_absolute_url())

    assert "Trukket Kommune" not in response.text
    assert "Samlet tilsagn: <strong>0 kr.</strong>" in response.text
    assert "Ingen organisationer har meldt sig endnu." in response.text


def test_initiative_detail_shows_each_municipalitys_share_under_a_cap(client):
    initiative = InitiativeFactory(budget_target=1_000_000, cap_per_citizen="1.30")
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Aarhus Kommune", population=300_000),
    )
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(name="Odder Kommune", population=22_999),
        role=Interest.Role.USER,
    )
    InterestFactory(
        initiative=initiative,
        organisation=OrganisationFactory(
            name="Region Midtjylland", kind="region", population=1_300_000
        ),
    )

    response = client.get(initiative.get_absolute_url())

    split = response.context["cofinancing"]
    # In Danish order, Aarhus (Å) comes after Odder.
    assert [(s.organisation.name, s.share) for s in split.shares] == [
        ("Odder Kommune", 29_898),
        ("Aarhus Kommune", 390_000),
    ]
    assert "<td>300.000</td>" not in response.text
    assert '<td class="number">390.000</td>' in response.text
    assert '<td class="number">29.898</td>' in response.text
    assert "Der mangler 580.102 kr. af budgettet." in response.text
    assert "højst 1,30 kr. pr. indbygger" in response.text


def test_initiative_detail_without_a_cap_has_no_split(client):
    initiative = InitiativeFactory(cap_per_citizen=None)
    InterestFactory(initiative=initiative)

    response = client.get(initiative.get_absolute_url())

    assert "cofinancing" not in response.context
    assert "Fordeling pr. indbygger" not in response.text


def test_initiative_detail_never_shows_the_coordinators_email(client):
    initiative = InitiativeFactory(
        coordinator_name="Kim Koordinator", coordinator_email="kim@example.dk"
    )

    response = client.get(initiative.get_absolute_url())

    assert "Kim Koordinator" in response.text
    assert "kim@example.dk" not in response.text


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_initiative_detail_query_count_does_not_grow_with_interests(
    client, django_assert_num_queries, rows
):
    initiative = InitiativeFactory(cap_per_citizen="1.30", product=ProductFactory())
    InterestFactory.create_batch(rows, initiative=initiative)

    with django_assert_num_queries(2):
        response = client.get(initiative.get_absolute_url())

    assert len(response.context["cofinancing"].shares) == rows


def test_initiative_pages_in_english(client):
    initiative = InitiativeFactory(cap_per_citizen="1.30", budget_target=1_000_000)
    InterestFactory(initiative=initiative, organisation=OrganisationFactory(population=100_000))

    list_response = client.get("/en/initiativer/")
    detail_response = client.get(f"/en/initiativer/{initiative.slug}/")

    assert '<html lang="en">' in list_response.text
    assert "Open for sign-up" in list_response.text
    assert "DKK 100,000 of 1,000,000 pledged (10%)" in list_response.text
    assert "Total pledged: <strong>DKK 100,000</strong>" in detail_response.text
    assert "Each participating municipality's share of the budget" in detail_response.text
    assert "at most DKK 1.30 per citizen" in detail_response.text


def test_initiative_detail_answers_404_for_an_unknown_slug(client):
    assert client.get("/initiativer/findes-ikke/").status_code == 404


def test_initiative_detail_renders_the_description_as_sanitised_markdown(client):
    initiative = InitiativeFactory(description="Vi vil **samle** kræfterne.<script>x()</script>")

    response = client.get(initiative.get_absolute_url())

    assert "<strong>samle</strong>" in response.text
    assert "<script>" not in response.text


def test_a_call_past_its_goal_fills_the_bar_and_tells_the_figures(client):
    initiative = InitiativeFactory(budget_target=100_000, min_participants=1, slug="fuld")
    InterestFactory.create_batch(2, initiative=initiative, pledge=75_000)

    response = client.get("/initiativer/")

    # HTML does not allow a value above max; the text carries the real figures.
    assert '<progress id="fuld-budget" value="100000" max="100000"' in response.text
    assert "150.000 af 100.000 kr. givet i tilsagn (150 %)" in response.text
    assert '<progress id="fuld-participants" value="1" max="1"' in response.text


def assert_accessible_outline(html):
    """One h1, headings that never skip a level going down, and no inline style (CSP)."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert " style=" not in html
    assert "<script>" not in html


def test_initiative_pages_have_an_accessible_outline(client):
    initiative = InitiativeFactory(cap_per_citizen="1.30", description="## Mål\n\nTekst.")
    InterestFactory(initiative=initiative)
    InitiativeFactory(status=Initiative.Status.CLOSED)

    assert_accessible_outline(client.get("/initiativer/").text)
    assert_accessible_outline(client.get(initiative.get_absolute_url()).text)
