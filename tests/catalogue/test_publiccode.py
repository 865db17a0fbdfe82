import datetime
from pathlib import Path

import pytest
import yaml

from catalogue.models import Product, SupplierRole, Usage
from catalogue.publiccode import PubliccodeError, dump, parse_publiccode
from catalogue.publiccode_import import Document, publiccode_import
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    ProductFactory,
    SupplierFactory,
    SupplierRoleFactory,
    UsageFactory,
    UserFactory,
)

FIXTURES = Path(__file__).parent / "fixtures" / "publiccode"
REQUIRED_KEYS = [
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def valid_document(**changes) -> dict:
    document = {
        "publiccodeYmlVersion": "0.4",
        "name": "OS2prøve",
        "url": "https://github.com/OS2/os2proeve",
        "platforms": ["web"],
        "categories": ["identity-management"],
        "developmentStatus": "stable",
        "softwareType": "standalone/web",
        "description": {
            "da": {
                "shortDescription": "Prøveløsning til kommunerne.",
                "longDescription": "En længere beskrivelse af prøveløsningen.",
                "features": ["Søgning", "Rapporter"],
            }
        },
        "legal": {"license": "MPL-2.0"},
        "maintenance": {"type": "community", "contacts": [{"name": "Åse Ærø"}]},
        "localisation": {"localisationReady": False, "availableLanguages": ["da"]},
    }
    document.update(changes)
    return document


def import_texts(*texts):
    return publiccode_import(
        documents=[Document(source=f"fil{n}.yml", text=text) for n, text in enumerate(texts, 1)]
    )


def problems_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(PubliccodeError) as error:
        parse_publiccode(text, source="publiccode.yml")
    return [(problem.line, problem.message) for problem in error.value.problems]


@pytest.fixture
def os2valghalla(db):
    category = CategoryFactory(name="Valg", slug="valg", publiccode_category="workflow-management")
    product = ProductFactory(
        name="OS2valghalla",
        slug="os2valghalla",
        tagline="Rekruttering og administration af valgtilforordnede.",
        tagline_en="Recruiting and managing election staff.",
        description="OS2valghalla hjælper kommunerne med at bemande valg.",
        description_en="OS2valghalla helps municipalities staff elections.",
        features=["Rekruttering", "Vagtplaner"],
        stage=Product.Stage.PRODUCT,
        licence="MPL-2.0",
        repository_url="https://github.com/OS2Valghalla/OS2valghalla-3",
        website_url="https://os2.eu/produkt/os2valghalla",
        platforms=["web"],
        available_languages=["da"],
        coordinator_name="Søren Sørensen",
        coordinator_email="soeren@example.dk",
        coordinator_public=False,
        categories=[category],
    )
    SupplierRoleFactory(
        product=product,
        supplier=SupplierFactory(name="Ærø Drift ApS", website="https://aeroe.example.dk"),
        role=SupplierRole.Role.OPERATION,
        contract_until=datetime.date(2027, 12, 31),
    )
    UsageFactory(product=product, organisation=OrganisationFactory(name="Århus Kommune"))
    UsageFactory(
        product=product,
        organisation=OrganisationFactory(name="Aabenraa Kommune"),
        status=Usage.Status.STOPPED,
    )
    return product


def export(client, slug="os2valghalla") -> str:
    response = client.get(f"/produkter/{slug}/publiccode.yml")
    assert response.status_code == 200
    return response.content.decode("utf-8")


def test_export_is_a_publiccode_0_4_document_with_every_required_key(client, os2valghalla):
    document = yaml.safe_load(export(client))

    assert [key for key in REQUIRED_KEYS if key not in document] == []
    assert document["publiccodeYmlVersion"] == "0.4"
    assert document["developmentStatus"] == "stable"
    assert document["categories"] == ["workflow-management"]
    assert document["usedBy"] == ["Århus Kommune"]
    assert document["description"]["da"]["shortDescription"] == os2valghalla.tagline
    assert document["description"]["en"]["longDescription"] == os2valghalla.description_en
    assert document["maintenance"] == {
        "type": "contract",
        "contractors": [
            {"name": "Ærø Drift ApS", "until": "2027-12-31", "website": "https://aeroe.example.dk"}
        ],
    }
    assert document["localisation"] == {"localisationReady": False, "availableLanguages": ["da"]}


def test_export_answers_yaml_in_utf8(client, os2valghalla):
    response = client.get("/produkter/os2valghalla/publiccode.yml")

    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert "Århus Kommune".encode() in response.content


def test_export_without_contract_names_the_community_contact_but_not_a_private_email(
    client, os2valghalla
):
    os2valghalla.supplier_roles.all().delete()

    document = yaml.safe_load(export(client))

    assert document["maintenance"] == {
        "type": "community",
        "contacts": [{"name": "Søren Sørensen"}],
    }


def test_export_can_be_read_back(client, os2valghalla):
    parsed = parse_publiccode(export(client))

    assert (parsed.name, parsed.stage, parsed.licence) == ("OS2valghalla", "product", "MPL-2.0")


def test_export_import_export_gives_the_same_document(client, os2valghalla):
    first = export(client)

    results = import_texts(first)
    second = export(client)

    assert [(result.product, result.created) for result in results] == [(os2valghalla, False)]
    assert second == first


def test_import_of_a_new_product_then_export_round_trips(client, db):
    CategoryFactory(publiccode_category="identity-management")
    text = dump(valid_document())

    [result] = import_texts(text)
    exported = yaml.safe_load(export(client, result.product.slug))

    assert result.created is True
    assert exported["description"]["da"] == valid_document()["description"]["da"]
    assert exported["categories"] == ["identity-management"]
    assert exported["maintenance"] == {"type": "community", "contacts": [{"name": "Åse Ærø"}]}


def test_import_updates_the_product_with_the_same_repository_url(db):
    product = ProductFactory(repository_url="https://github.com/OS2/os2proeve", name="Gammelt")

    [result] = import_texts(dump(valid_document()))

    product.refresh_from_db()
    assert (result.created, product.name, product.features) == (
        False,
        "OS2prøve",
        ["Søgning", "Rapporter"],
    )
    assert Product.objects.count() == 1


def test_import_makes_the_product_searchable(db):
    import_texts(dump(valid_document()))

    assert list(Product.objects.search("prøveløsning").values_list("name", flat=True)) == [
        "OS2prøve"
    ]


def test_malformed_yaml_gives_its_line_and_changes_nothing(db):
    text = "publiccodeYmlVersion: '0.4'\nname: OS2prøve\nplatforms: [web\n"

    with pytest.raises(PubliccodeError) as error:
        import_texts(text)

    [problem] = error.value.problems
    assert problem.line == 4
    assert problem.message.startswith("Ugyldig YAML")
    assert str(problem).startswith("fil1.yml:4: ")
    assert Product.objects.count() == 0


def test_wrong_type_gives_its_line_and_changes_nothing(db):
    text = dump(valid_document(platforms=42))

    with pytest.raises(PubliccodeError) as error:
        import_texts(text)

    assert [(p.line, p.message) for p in error.value.problems] == [
        (
            text.splitlines().index("platforms: 42") + 1,
            "platforms skal være en liste af tekster, ikke '42'.",
        )
    ]
    assert Product.objects.count() == 0


def test_missing_key_gives_the_line_of_its_section_and_changes_nothing(db):
    document = valid_document()
    del document["legal"]["license"]
    text = dump(document)

    with pytest.raises(PubliccodeError) as error:
        import_texts(text)

    assert [(p.line, p.message) for p in error.value.problems] == [
        (
            text.splitlines().index("legal: {}") + 1,
            "Mangler det påkrævede felt legal.license.",
        )
    ]
    assert Product.objects.count() == 0


def test_every_problem_is_reported_at_once():
    text = dump(valid_document(name=["a"], developmentStatus="færdig"))

    assert [message for _line, message in problems_of(text)] == [
        "name skal være en tekst, ikke \"['a']\".",
        "developmentStatus skal være en af concept, development, beta, stable, obsolete, "
        "ikke 'færdig'.",
    ]


def test_an_unknown_licence_is_a_problem():
    text = dump(valid_document(legal={"license": "Hjemmelavet-1.0"}))

    [(line, _message)] = problems_of(text)

    assert line == text.splitlines().index("  license: Hjemmelavet-1.0") + 1


def test_an_unreadable_version_is_a_problem():
    [(line, message)] = problems_of(dump(valid_document(publiccodeYmlVersion="0.1")))

    assert (line, message) == (1, "Version 0.1 kan ikke læses; portalen læser 0.2 til 0.5.")


def test_import_is_all_or_nothing_across_files(db):
    good = dump(valid_document())
    bad = dump(valid_document(url="ikke en adresse", name="OS2andet"))

    with pytest.raises(PubliccodeError) as error:
        import_texts(good, bad)

    assert [problem.source for problem in error.value.problems] == ["fil2.yml"]
    assert Product.objects.count() == 0


def test_import_rolls_back_every_file_when_the_database_refuses_one(db):
    good = dump(valid_document())
    # Valid publiccode.yml, but a platform name longer than the portal stores.
    too_long = dump(valid_document(url="https://github.com/OS2/andet", platforms=["p" * 31]))

    with pytest.raises(PubliccodeError) as error:
        import_texts(good, too_long)

    assert [(p.source, p.message.split(":")[0]) for p in error.value.problems] == [
        ("fil2.yml", "platforms")
    ]

    assert Product.objects.count() == 0


def test_reads_the_real_os2mo_file_version_0_4(db):
    OrganisationFactory(name="Danish Regions")

    [result] = import_texts(fixture("os2mo.publiccode.yml"))

    product = result.product
    assert (product.name, product.stage, product.licence) == ("OS2mo", "product", "MPL-2.0")
    assert product.repository_url == "https://github.com/OS2mo/os2mo.git"
    assert product.tagline.startswith("OS2mo er et effektivt organisationsredskab")
    assert product.tagline_en == "GIR is an IT system for organisational and identity management."
    assert product.available_languages == ["da", "en"]
    assert [
        (role.supplier.name, role.role, role.contract_until)
        for role in product.supplier_roles.select_related("supplier")
    ] == [("Magenta ApS", "support", datetime.date(2038, 1, 20))]
    assert [usage.organisation.name for usage in product.usages.select_related("organisation")] == [
        "Danish Regions"
    ]
    assert "Anvenderen Danish Municipalities findes ikke i portalen og er sprunget over." in (
        result.notes
    )


def test_reads_the_real_publiccode_editor_file_version_0_2(db):
    [result] = import_texts(fixture("publiccode-editor.publiccode.yml"))

    product = result.product
    assert (product.name, product.stage, product.software_type) == (
        "publiccode editor",
        "product",
        "standalone/web",
    )
    assert product.tagline == "Un editor web per generare e validare file publiccode.yml."
    assert product.licence == "AGPL-3.0-or-later"
    assert product.coordinator_name == "Leonardo Favario"


def test_reads_a_real_version_0_5_file_with_beta_status(db):
    [result] = import_texts(fixture("don-site.publiccode.yml"))

    product = result.product
    assert (product.name, product.stage, product.licence) == (
        "Developer Overheid NL Website",
        "project",
        "EUPL-1.2",
    )
    assert product.available_languages == ["nl"]
    assert product.website_url == "https://developer.overheid.nl"


def test_export_query_count_is_constant(client, os2valghalla, django_assert_num_queries):
    # The product, categories, maintaining roles, usages.
    with django_assert_num_queries(4):
        client.get("/produkter/os2valghalla/publiccode.yml")


@pytest.fixture
def secretariat_client(client, db):
    from tests.admin_support import admin_login
    from tests.factories import SecretariatUserFactory

    return admin_login(client, SecretariatUserFactory())


ADMIN_IMPORT_URL = "/admin/catalogue/product/import-publiccode/"


def test_admin_changelist_links_to_the_import(secretariat_client):
    response = secretariat_client.get("/admin/catalogue/product/")

    assert ADMIN_IMPORT_URL.encode() in response.content


def test_admin_upload_imports_the_files(secretariat_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("os2mo.yml", fixture("os2mo.publiccode.yml").encode())

    response = secretariat_client.post(ADMIN_IMPORT_URL, {"files": [upload]})

    assert response.status_code == 302
    assert list(Product.objects.values_list("name", flat=True)) == ["OS2mo"]


def test_admin_upload_shows_problems_with_lines_and_imports_nothing(secretariat_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = SimpleUploadedFile("god.yml", dump(valid_document()).encode())
    bad = SimpleUploadedFile("forkert.yml", dump(valid_document(platforms=42)).encode())

    response = secretariat_client.post(ADMIN_IMPORT_URL, {"files": [good, bad]})

    assert response.status_code == 200
    assert [(p.source, p.line) for p in response.context["problems"]] == [("forkert.yml", 4)]
    assert "forkert.yml, linje 4: platforms skal være".encode() in response.content
    assert Product.objects.count() == 0


def test_admin_upload_is_for_staff_only(client, db):
    client.force_login(UserFactory())

    response = client.get(ADMIN_IMPORT_URL)

    assert response.status_code == 403


def test_a_product_without_a_licence_has_no_publiccode_file_and_no_link(client, db):
    product = ProductFactory(slug="os2ide", licence="", stage="idea")

    file_response = client.get("/produkter/os2ide/publiccode.yml")
    page = client.get(product.get_absolute_url())

    assert file_response.status_code == 404
    assert "publiccode.yml" not in page.text
