"""Journeys through the portal in a real browser, as a visitor, a member's employee and the
secretariat would make them; and the catalogue and the interest form with the keyboard
alone. Selectors go by role and label, in Danish, as a screen reader user would find them.
"""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from governance.models import Requirement
from governance.services import assessment_publish
from tests import factories
from tests.browser.sample import restore_secretariat_group

pytestmark = pytest.mark.django_db(transaction=True)


def region(page, name):
    return page.get_by_role("region", name=name, exact=True)


# 1. A visitor ----------------------------------------------------------------------------


@pytest.fixture
def rollekatalog(sample):
    """OS2rollekatalog at level 3 with a scorecard: green, yellow and not relevant."""
    product = factories.ProductFactory(
        name="OS2rollekatalog",
        slug="os2rollekatalog",
        tagline="Roller og rettigheder på tværs af systemer.",
        categories=[factories.CategoryFactory(name="Sikkerhed", slug="sikkerhed")],
    )
    level = factories.LevelFactory(rank=3)
    assessment = factories.AssessmentFactory(product=product, level=level)
    statuses = {"F1": "green", "G1": "yellow"}
    for requirement in Requirement.objects.filter(code__in=statuses):
        factories.AssessmentItemFactory(
            assessment=assessment, requirement=requirement, status=statuses[requirement.code]
        )
    assessment_publish(assessment=assessment)
    from catalogue.search import product_refresh_search

    product_refresh_search()
    return product


def test_visitor_filters_searches_with_a_typo_reads_a_scorecard_and_switches_to_english(
    page, sample, rollekatalog
):
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Produkter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Produkter")

    # Filter by level, then by category: each facet is a list of links with counts.
    region(page, "Niveau").get_by_role("link", name=re.compile(r"^Niveau 2")).click()
    expect(page).to_have_url(re.compile(r"level=2"))
    region(page, "Kategori").get_by_role("link", name=re.compile(r"^Data og integration")).click()
    results = page.get_by_role("region", name=re.compile(r"^\d+ produkt"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 produkt")
    expect(results.get_by_role("link", name="OS2mo")).to_be_visible()
    expect(results.get_by_role("link", name="OS2faktor")).to_have_count(0)

    # Search from the header with a typo.
    search = page.get_by_role("search").first
    search.get_by_label("Søg i portalen").fill("rolekatalog")
    search.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg i portalen")
    page.get_by_role("link", name="OS2rollekatalog").first.click()

    # The product page and its scorecard.
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2rollekatalog")
    governance = region(page, "Governance-niveau")
    expect(governance).to_contain_text("Vurderet til Niveau 3")
    scorecard = page.get_by_role("table", name=re.compile("Kravene og deres status"))
    expect(scorecard.get_by_role("row", name=re.compile(r"^F1 .* Grøn"))).to_be_visible()
    expect(scorecard.get_by_role("row", name=re.compile(r"^G1 .* Gul"))).to_be_visible()

    # Switch to English: the same product, in English.
    page.get_by_role("navigation", name="Sprog").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/produkter/os2rollekatalog/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2rollekatalog")
    scorecard = page.get_by_role("table", name=re.compile("requirements", re.IGNORECASE))
    expect(scorecard.get_by_role("row", name=re.compile(r"^F1 .* Green"))).to_be_visible()

    # A visitor who only reads has been given no cookie at all.
    assert page.context.cookies() == []


# 2. A member's employee ------------------------------------------------------------------

PASSWORD = "Fællesskab-2026-kode"


@pytest.fixture
def valghalla(sample):
    """An open call that the sample's municipality has not answered yet."""
    return factories.InitiativeFactory(
        title="OS2valghalla 3.0",
        slug="os2valghalla-3-0",
        summary="Ny version af valgstyrken.",
        budget_target=3_200_000,
    )


def interest_panel(page):
    return region(page, "Din organisations interesse")


def test_new_user_signs_up_confirms_and_registers_changes_and_withdraws_interest(
    page, sample, valghalla, mailoutbox
):
    email = f"anna.jensen@{sample.organisation_domain}"
    page.goto("/")
    page.get_by_role("navigation", name="Konto").get_by_role("link", name="Log ind").click()
    page.get_by_role("link", name="opret dig").click()

    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    page.get_by_label("Adgangskode (igen)").fill(PASSWORD)
    page.get_by_role("button", name="Opret konto").click()

    # The confirmation link arrives by mail; following it confirms the address.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert [message.to for message in mailoutbox] == [[email]]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_role("status")).to_contain_text(f"Du har bekræftet {email}.")

    # Then sign in: the account is tied to the municipality by the address's domain.
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    account = page.get_by_role("navigation", name="Konto")
    expect(account).to_contain_text(email)
    page.goto(valghalla.get_absolute_url())
    panel = interest_panel(page)
    panel.get_by_role("link", name="Tilkendegiv interesse for Testrup Kommune").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tilkendegiv interesse")
    page.get_by_label("Rolle").select_option(label="Medfinansierende")
    page.get_by_label("Tilsagn (kr.)").fill("250000")
    page.get_by_role("button", name="Registrér interesse").click()

    expect(page).to_have_url(re.compile(valghalla.get_absolute_url() + "$"))
    expect(interest_panel(page)).to_contain_text(
        "Testrup Kommune har tilkendegivet interesse som Medfinansierende."
    )
    expect(interest_panel(page)).to_contain_text("Tilsagn: 250.000 kr.")

    interest_panel(page).get_by_role("link", name="Ret interessen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ret interesse")
    page.get_by_label("Tilsagn (kr.)").fill("300000")
    page.get_by_role("button", name="Gem ændringer").click()
    expect(interest_panel(page)).to_contain_text("Tilsagn: 300.000 kr.")

    interest_panel(page).get_by_role("link", name="Træk interessen tilbage").click()
    page.get_by_role("button", name="Ja, træk interessen tilbage").click()
    expect(page).to_have_url(re.compile(valghalla.get_absolute_url() + "$"))
    expect(
        interest_panel(page).get_by_role("link", name="Tilkendegiv interesse for Testrup Kommune")
    ).to_be_visible()


# 3. The secretariat ----------------------------------------------------------------------


def current_totp_code(secret: str) -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # A code typed in the last moments of its period may arrive after it has expired.
    period = app_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 3:
        time.sleep(remaining + 0.2)
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def secretariat_user():
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    restore_secretariat_group()
    user = factories.SecretariatUserFactory(email="sekretaer@os2.eu", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_secretariat_changes_a_stage_publishes_an_assessment_and_the_public_page_follows(
    page, sample, secretariat_user
):
    user, secret = secretariat_user
    faktor = factories.ProductFactory._meta.model.objects.get(slug="os2faktor")
    factories.AssessmentFactory(
        product=faktor,
        level=factories.LevelFactory(rank=3),
        assessed_on=datetime.date(2026, 10, 1),
        summary="Alle krav til niveau 3 er opfyldt.",
    )

    # Sign in with password and the authenticator app's code.
    page.goto("/admin/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("To-faktor-autentificering")
    page.get_by_label("Kode", exact=True).fill(current_totp_code(secret))
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Change the product's stage.
    page.goto(f"/admin/catalogue/product/{faktor.pk}/change/")
    page.get_by_label("Fase").select_option(label="Udfaset")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("OS2faktor")

    # Publish the new assessment with the admin action.
    page.goto("/admin/governance/assessment/?published__exact=0")
    page.get_by_role("row", name=re.compile("OS2faktor")).get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile("^Handling")).select_option(
        label="Offentliggør vurdering"
    )
    page.get_by_role("button", name="Kør").click()
    expect(page.locator(".messagelist")).to_contain_text("1 vurdering er offentliggjort.")

    # The public page shows the new stage and level.
    page.goto(faktor.get_absolute_url())
    governance = region(page, "Governance-niveau")
    expect(governance).to_contain_text("Vurderet til Niveau 3 den 1. oktober 2026.")
    expect(page.get_by_role("main")).to_contain_text("Udfaset")


# 4. The keyboard alone -------------------------------------------------------------------


def tab_to(page, accessible_name: str, limit: int = 80):
    """Press Tab until the focused element's accessible name starts with the text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.getAttribute('aria-label') || e.labels?.[0]?.textContent"
            " || e.textContent || '').trim().replace(/\\s+/g, ' '); }"
        )
        if focused.startswith(accessible_name):
            return focused
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def test_catalogue_filters_work_with_the_keyboard_alone(page, sample):
    page.goto("/produkter/")

    tab_to(page, "Niveau 2")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"level=2"))
    tab_to(page, "Data og integration")
    page.keyboard.press("Enter")

    results = page.get_by_role("region", name=re.compile(r"^\d+ produkt"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 produkt")
    tab_to(page, "Sortér efter")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Vis")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort="))
    expect(results.get_by_role("link", name="OS2mo")).to_be_visible()


def test_interest_form_works_with_the_keyboard_alone(page, valghalla, member, sign_in):
    sign_in(member)
    page.goto(valghalla.get_absolute_url())

    tab_to(page, "Tilkendegiv interesse for Testrup Kommune")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilkendegiv interesse")
    tab_to(page, "Rolle")
    # A closed select changes its value with the arrow keys; "Medudvikler" is the second.
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Tilsagn")
    page.keyboard.type("125000")
    tab_to(page, "Note")
    page.keyboard.type("Vi deltager gerne i styregruppen.")
    tab_to(page, "Registrér interesse")
    page.keyboard.press("Enter")

    expect(interest_panel(page)).to_contain_text(
        "Testrup Kommune har tilkendegivet interesse som Medudvikler."
    )
    expect(interest_panel(page)).to_contain_text("Tilsagn: 125.000 kr.")
