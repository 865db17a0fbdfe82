"""Property-based tests of the open-data API from its own OpenAPI schema.

Schemathesis generates requests for every operation (valid and invalid paths and query
parameters) against a seeded database; no request may end in a server error, and every
successful response must match the schema. Bounded to a few hundred cases in all.
"""

import datetime
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from catalogue.models import SupplierRole
from catalogue.search import product_refresh_search
from os2portal.api.docs import api_schema
from os2portal.wsgi import application
from tests.factories import (
    CategoryFactory,
    FeeFactory,
    FeePolicyFactory,
    InitiativeFactory,
    InterestFactory,
    OrganisationFactory,
    ProductFactory,
    RequirementFactory,
    SizeTierFactory,
    SupplierRoleFactory,
    UsageFactory,
    create_levels,
)


def seed_catalogue():
    levels = create_levels()
    RequirementFactory(level=levels[0], code="F1")
    RequirementFactory(level=levels[1], code="G3")
    category = CategoryFactory(name="Identitet", slug="identitet")
    FeePolicyFactory(valid_from_year=2020)
    tier = SizeTierFactory(number=1, name="Under 25.000", max_population=24_999)
    organisations = [OrganisationFactory(name=f"Kommune {letter}") for letter in "ÆØÅ"]
    for number, rank in enumerate([None, 0, 3]):
        product = ProductFactory(
            name=f"OS2prøve{number}",
            current_level_rank=rank,
            coordinator_name="Koordinator",
            categories=[category],
        )
        SupplierRoleFactory(
            product=product,
            role=SupplierRole.Role.SUPPORT,
            contract_until=datetime.date(2027, 1, 1),
        )
        UsageFactory(product=product, organisation=organisations[number])
        FeeFactory(product=product, size_tier=tier)
        initiative = InitiativeFactory(product=product)
        InterestFactory(initiative=initiative, organisation=organisations[number])
    product_refresh_search()


@pytest.fixture
def seeded_catalogue(db):
    seed_catalogue()
    # Called straight through WSGI, Django would close the test's connection (and its
    # transaction) at the end of each request; the test client avoids it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The schema as /api/schema/ serves it, generated at collection (no database needed).
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api_schema(), default=str)))
schema.app = application


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_has_no_server_error_and_keeps_to_its_schema(case, seeded_catalogue):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
