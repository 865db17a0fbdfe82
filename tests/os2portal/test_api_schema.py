from django.core.management import call_command
from openapi_spec_validator import validate

API_OPERATIONS = [
    "/api/v1/initiatives/",
    "/api/v1/initiatives/{slug}/",
    "/api/v1/levels/",
    "/api/v1/levels/{slug}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/",
    "/api/v1/products/",
    "/api/v1/products/{slug}/",
    "/api/v1/requirements/",
    "/api/v1/suppliers/",
    "/api/v1/suppliers/{slug}/",
]


def test_served_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/")

    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == API_OPERATIONS


def test_schema_has_only_get_operations(client):
    schema = client.get("/api/schema/").json()

    methods = {method for operations in schema["paths"].values() for method in operations}

    assert methods == {"get"}


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (an untyped field, an enum
    # collision) into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")
