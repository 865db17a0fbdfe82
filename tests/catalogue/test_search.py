import pytest
from django.conf import settings
from django.utils import translation

from catalogue.models import Product
from catalogue.search import highlight_html, parse_query, product_refresh_search
from tests.factories import (
    CategoryFactory,
    InitiativeFactory,
    OrganisationFactory,
    ProductFactory,
    SupplierFactory,
    SupplierRoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    # A request under /en/ leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def catalogue():
    rollekatalog = ProductFactory(
        name="OS2rollekatalog",
        tagline="Styring af roller og rettigheder på tværs af fagsystemer.",
        alternative_to=["Omada Identity", "SailPoint"],
    )
    rollekatalog.categories.set([CategoryFactory(name="Identitetsstyring")])
    SupplierRoleFactory(product=rollekatalog, supplier__name="Digital Identity")
    ProductFactory(
        name="OS2display",
        tagline="Infoskærme til biblioteker og borgerservice.",
        alternative_to=["Omada Screens"],
    )
    ProductFactory(name="OS2valghalla", tagline="Rekruttering af valgtilforordnede.")
    product_refresh_search()


def search(text):
    return list(Product.objects.search(text).values_list("name", flat=True))


def test_a_typo_finds_the_product(catalogue):
    assert search("rolekatalog") == ["OS2rollekatalog"]


def test_a_word_beginning_finds_the_product(catalogue):
    assert search("rollek") == ["OS2rollekatalog"]
    assert search("infoskær") == ["OS2display"]


def test_stemmed_danish_words_match(catalogue):
    assert search("rettighed") == ["OS2rollekatalog"]
    assert search("biblioteket") == ["OS2display"]


def test_category_and_supplier_names_are_searched(catalogue):
    assert search("identitetsstyring") == ["OS2rollekatalog"]
    assert search("digital identity") == ["OS2rollekatalog"]


def test_alternative_to_finds_the_products_that_replace_a_system(catalogue):
    assert search("alternativ til SailPoint") == ["OS2rollekatalog"]
    assert search("Alternativ til omada") == ["OS2display", "OS2rollekatalog"]
    assert search("alternative to sailpoint") == ["OS2rollekatalog"]


def test_the_best_match_comes_first(catalogue):
    ProductFactory(name="Rollebaseret adgang", tagline="Noget om katalog.")
    product_refresh_search()

    assert search("rollekatalog")[0] == "OS2rollekatalog"


def test_an_empty_search_finds_nothing(catalogue):
    assert search("   ") == []
    assert search("!!!") == []


def test_parse_query_recognises_alternatives():
    parsed = parse_query("  alternativ   til  Omada  ")

    assert parsed.alternative_to == "Omada"
    assert parsed.prefix_tsquery == "Omada:*"


def test_highlight_escapes_everything_but_the_marks():
    html = highlight_html('<script>alert("x")</script> \x02rolle\x03 & co')

    assert html == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>rolle</mark> &amp; co")


def test_results_page_highlights_matches_and_escapes_html(client):
    ProductFactory(name="OS2loop", tagline="Spørgsmål & svar om viden <script>alert(1)</script>")
    product_refresh_search()

    response = client.get("/soeg/", {"q": "viden"})

    assert "Spørgsmål &amp; svar om <mark>viden</mark>" in response.text
    assert "<script>" not in response.text


def test_results_page_covers_products_initiatives_organisations_and_suppliers(client):
    ProductFactory(name="OS2valghalla", tagline="Valgstyrer.")
    InitiativeFactory(title="Valghalla 3.0", summary="Ny version")
    OrganisationFactory(name="Valgby Kommune")
    SupplierFactory(name="Valg ApS")
    product_refresh_search()

    response = client.get("/soeg/", {"q": "valg"})

    context = response.context
    assert [product.name for product in context["products"]] == ["OS2valghalla"]
    assert [initiative.title for initiative in context["initiatives"]] == ["Valghalla 3.0"]
    assert [organisation.name for organisation in context["organisations"]] == ["Valgby Kommune"]
    assert [supplier.name for supplier in context["suppliers"]] == ["Valg ApS"]
    assert response.text.count("<h1") == 1


def test_search_box_leads_to_the_results_page(client):
    response = client.get("/")

    assert 'action="/soeg/"' in response.text


@pytest.mark.parametrize("count", [1, 3, 50])
def test_results_page_query_count_is_constant(client, django_assert_num_queries, count):
    for index in range(count):
        ProductFactory(name=f"OS2rolle{index}", categories=[CategoryFactory()])
        InitiativeFactory(title=f"Rolle {index}")
        OrganisationFactory(name=f"Rolleby {index}")
        SupplierFactory(name=f"Rolle {index} ApS")
    product_refresh_search()

    # Products, their categories, initiatives, organisations, suppliers.
    with django_assert_num_queries(5):
        response = client.get("/soeg/", {"q": "rolle"})

    assert len(response.context["products"]) == min(count, 20)


def test_product_list_search_keeps_the_ranked_order(client, catalogue):
    response = client.get("/produkter/", {"q": "rollekatalog"})

    assert [product.name for product in response.context["products"]] == ["OS2rollekatalog"]


def test_results_page_in_english(client):
    response = client.get("/en/soeg/", {"q": "noget"})

    assert "Search the portal" in response.text


def test_parse_query_drops_nul_characters():
    assert parse_query("rolle\x00katalog").text == "rolle katalog"
