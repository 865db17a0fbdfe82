"""axe-core in Chromium on every public page type and the members' pages, in Danish and in
English: no violation of the WCAG 2.0 and 2.1 A and AA rules.

Each page is a subtest: a failure names the page and carries axe's report.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import AXE_CHECKED_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
axe = Axe()

# (test id, URL name, keyword arguments from the sample, query string)
PUBLIC_PAGES = [
    ("home", "home", {}, ""),
    ("about", "about", {}, ""),
    ("accessibility-statement", "accessibility", {}, ""),
    ("product-list", "catalogue:product-list", {}, ""),
    ("product-list-filtered", "catalogue:product-list", {}, "?level=2&category=data"),
    ("product-list-empty", "catalogue:product-list", {}, "?level=0&category=identitet"),
    ("product-detail", "catalogue:product-detail", {"slug": "product_slug"}, ""),
    ("search", "catalogue:search", {}, "?q=os2mo"),
    ("search-typo", "catalogue:search", {}, "?q=organisatoin"),
    ("initiative-list", "catalogue:initiative-list", {}, ""),
    ("initiative-detail", "catalogue:initiative-detail", {"slug": "initiative_slug"}, ""),
    ("member-list", "members:organisation-list", {}, ""),
    ("member-detail", "members:organisation-detail", {"slug": "organisation_slug"}, ""),
    ("supplier-list", "catalogue:supplier-list", {}, ""),
    ("supplier-detail", "catalogue:supplier-detail", {"slug": "supplier_slug"}, ""),
    ("governance", "governance:index", {}, ""),
    ("governance-level", "governance:level-detail", {"slug": "level_slug"}, ""),
    ("sign-in", "account_login", {}, ""),
    ("sign-up", "account_signup", {}, ""),
    ("password-reset", "account_reset_password", {}, ""),
    ("api-docs", "api:docs", {}, ""),
]
MEMBER_PAGES = [
    ("my-organisation", "membership:my-organisation", {}, ""),
    ("interest-form", "membership:interest-register", {"slug": "initiative_slug"}, ""),
    ("interest-change", "membership:interest-change", {"pk": "interest_pk"}, ""),
    ("interest-withdraw", "membership:interest-withdraw", {"pk": "interest_pk"}, ""),
    ("usage-form", "membership:usage-declare", {"slug": "product_slug"}, ""),
    ("initiative-detail-signed-in", "catalogue:initiative-detail", {"slug": "initiative_slug"}, ""),
    ("product-detail-signed-in", "catalogue:product-detail", {"slug": "product_slug"}, ""),
]
LANGUAGES = ["da", "en"]
# Pages with one address for every language, outside the language prefixes.
LANGUAGE_NEUTRAL = {"api:docs"}


def page_url(name, kwargs, query, sample, language):
    with translation.override(language):
        url = reverse(name, kwargs={key: getattr(sample, attr) for key, attr in kwargs.items()})
    return url + query


def check_page(page, url, language, status=200):
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language

    results = axe.run(page, options=AXE_OPTIONS)
    AXE_CHECKED_PAGES.append(url)

    assert results.violations_count == 0, results.generate_report()


def check_pages(page, subtests, pages, sample, language):
    # One test per list and language, a subtest per page: the sample is made once for
    # every page, which keeps the browser suite quick.
    for page_id, name, kwargs, query in pages:
        if language != "da" and name in LANGUAGE_NEUTRAL:
            continue  # checked once, with the Danish pages
        with subtests.test(msg=page_id, language=language):
            check_page(page, page_url(name, kwargs, query, sample, language), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violations(page, subtests, sample, language):
    check_pages(page, subtests, PUBLIC_PAGES, sample, language)

    with subtests.test(msg="not-found", language=language):
        check_page(page, ("/en" if language == "en" else "") + "/findes-ikke/", language, 404)


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_pages_have_no_wcag_violations(page, subtests, sample, member, sign_in, language):
    sign_in(member)

    check_pages(page, subtests, MEMBER_PAGES, sample, language)
