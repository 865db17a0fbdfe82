"""The API's readable documentation, rendered on the server from the OpenAPI schema.

drf-spectacular's Swagger UI and Redoc need inline script and assets from a CDN, which the
portal's content security policy forbids; this page is plain HTML in the portal's look.
"""

import functools
from dataclasses import dataclass, field

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator


@dataclass
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class ResponseField:
    name: str
    type: str
    description: str = ""
    nullable: bool = False


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    is_list: bool
    parameters: list[Parameter]
    fields: list[ResponseField]

    @property
    def anchor(self) -> str:
        return self.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(schema, node["allOf"][0])
    return node


def _type_name(schema: dict, node: dict) -> str:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _type_name(schema, node["allOf"][0])
    if "oneOf" in node:
        return " | ".join(_type_name(schema, option) for option in node["oneOf"])
    kind = node.get("type", "object")
    if kind == "array":
        return f"array[{_type_name(schema, node.get('items', {}))}]"
    if "format" in node:
        return f"{kind} ({node['format']})"
    if "enum" in node:
        return f"{kind}: " + ", ".join(str(value) for value in node["enum"] if value)
    return kind


def _fields(schema: dict, node: dict) -> list[ResponseField]:
    node = _resolve(schema, node)
    return [
        ResponseField(
            name=name,
            type=_type_name(schema, prop),
            description=prop.get("description", ""),
            nullable=bool(prop.get("nullable")),
        )
        for name, prop in node.get("properties", {}).items()
    ]


def endpoints_from_schema(schema: dict) -> list[Endpoint]:
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        parameters = [
            Parameter(
                name=parameter["name"],
                location=parameter["in"],
                type=_type_name(
                    schema, {k: v for k, v in parameter["schema"].items() if k != "enum"}
                ),
                required=parameter.get("required", False),
                description=parameter.get("description", ""),
                choices=[str(value) for value in parameter["schema"].get("enum", [])],
            )
            for parameter in operation.get("parameters", [])
        ]
        content = operation.get("responses", {}).get("200", {}).get("content", {})
        body = _resolve(schema, content.get("application/json", {}).get("schema", {}))
        is_list = "results" in body.get("properties", {})
        if is_list:
            body = body["properties"]["results"].get("items", {})
        endpoints.append(
            Endpoint(
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                is_list=is_list,
                parameters=parameters,
                fields=_fields(schema, body),
            )
        )
    return endpoints


@functools.cache
def api_schema() -> dict:
    """The OpenAPI document; the code does not change while the process runs."""
    return SchemaGenerator().get_schema(request=None, public=True)


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = api_schema()
        return super().get_context_data(
            info=schema["info"], endpoints=endpoints_from_schema(schema), **kwargs
        )
