"""The read-only open-data API, version 1.

Every view answers GET (and HEAD and OPTIONS) only, to anyone, in JSON. Lists have a
stable order (ending with the primary key) and pages with count, next and previous.
Responses carry an ETag (and details a Last-Modified), so that clients can revalidate
with If-None-Match / If-Modified-Since and get 304 Not Modified.
"""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from catalogue.filters import LEVEL_CHOICES, SORT_CHOICES, ProductFilter
from catalogue.models import Fee, Initiative, Product, Supplier, SupplierRole, Usage
from governance.models import Level, Requirement
from members.models import Organisation
from os2portal.api import serializers
from os2portal.db import DanishSortKey


class ReadOnlyAPIView(generics.GenericAPIView):
    """GET only, in Danish whatever the client's Accept-Language, with ETags."""

    http_method_names = ["get", "head", "options"]
    lookup_field = "slug"

    @classmethod
    def as_view(cls, **initkwargs):
        # The ETag is the hash of the rendered body (Django's ConditionalGetMiddleware,
        # applied to the API's views only).
        return conditional_page(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        # Stable data whatever the client's language: codes, Danish names, Danish URLs.
        # (The data is serialised here; rendering it as JSON needs no translation.)
        with translation.override("da"):
            return super().dispatch(request, *args, **kwargs)


class LastModifiedMixin:
    """Last-Modified from the object's ``updated_at``, for If-Modified-Since."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        updated_at = getattr(self.object_for_headers, "updated_at", None)
        if updated_at is not None:
            response["Last-Modified"] = http_date(updated_at.timestamp())
        return response

    def get_object(self):
        self.object_for_headers = super().get_object()
        return self.object_for_headers


PRODUCT_FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Search in names, descriptions and more (Danish)."),
    OpenApiParameter("stage", str, enum=Product.Stage.values),
    OpenApiParameter(
        "level", str, enum=[rank for rank, _name in LEVEL_CHOICES], description="0 is sandbox."
    ),
    OpenApiParameter("category", str, description="A category's slug."),
    OpenApiParameter("supplier", str, description="A supplier's slug."),
    OpenApiParameter("user", str, description="A user organisation's slug."),
    OpenApiParameter("region", str, description="The slug of the user organisations' region."),
    OpenApiParameter("licence", str, description="An SPDX licence expression, exactly."),
    OpenApiParameter(
        "sort",
        str,
        enum=[key for key, _label in SORT_CHOICES],
        description="name (default), users, newest, level, relevance (with q).",
    ),
]


@extend_schema_view(
    get=extend_schema(
        summary="Products",
        description="The catalogue, with the same filters and search as the product list.",
        parameters=PRODUCT_FILTER_PARAMETERS,
    )
)
class ProductListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.ProductListSerializer

    def get_queryset(self):
        filterset = ProductFilter(self.request.GET, queryset=Product.objects.with_card_data())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        products = filterset.qs
        # The primary key last, so that pages never overlap or skip a product.
        return products.order_by(*products.query.order_by, "pk")


@extend_schema_view(
    get=extend_schema(
        summary="A product",
        description="One product with its suppliers, level, user organisations and fees.",
    )
)
class ProductDetailView(LastModifiedMixin, ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = serializers.ProductDetailSerializer

    def get_queryset(self):
        return Product.objects.with_card_data().prefetch_related(
            Prefetch(
                "supplier_roles",
                queryset=SupplierRole.objects.select_related("supplier").order_by(
                    "role", DanishSortKey("supplier__name"), "supplier__name", "pk"
                ),
            ),
            Prefetch(
                "usages",
                queryset=Usage.objects.select_related("organisation").order_by(
                    DanishSortKey("organisation__name"), "organisation__name", "pk"
                ),
            ),
            Prefetch(
                "fees",
                queryset=Fee.objects.select_related("size_tier").order_by(
                    "-year", "size_tier__number"
                ),
            ),
        )


@extend_schema_view(
    get=extend_schema(
        summary="Organisations",
        description="Public authorities: members and other user organisations.",
    )
)
class OrganisationListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        return (
            Organisation.objects.with_activity_counts()
            .select_related("region")
            .order_by(DanishSortKey("name"), "name", "pk")
        )


@extend_schema_view(
    get=extend_schema(summary="An organisation", description="With the products it uses.")
)
class OrganisationDetailView(LastModifiedMixin, ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = serializers.OrganisationDetailSerializer

    def get_queryset(self):
        return (
            Organisation.objects.with_activity_counts()
            .select_related("region")
            .prefetch_related(
                Prefetch(
                    "usages",
                    queryset=Usage.objects.select_related("product").order_by(
                        DanishSortKey("product__name"), "product__name", "pk"
                    ),
                )
            )
        )


@extend_schema_view(get=extend_schema(summary="Suppliers"))
class SupplierListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.SupplierSerializer

    def get_queryset(self):
        return Supplier.objects.order_by(DanishSortKey("name"), "name", "pk")


@extend_schema_view(
    get=extend_schema(summary="A supplier", description="With its products and roles.")
)
class SupplierDetailView(LastModifiedMixin, ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = serializers.SupplierDetailSerializer

    def get_queryset(self):
        return Supplier.objects.prefetch_related(
            Prefetch(
                "product_roles",
                queryset=SupplierRole.objects.select_related("product").order_by(
                    DanishSortKey("product__name"), "product__name", "role", "pk"
                ),
            )
        )


INITIATIVE_STATUS = OpenApiParameter("status", str, enum=Initiative.Status.values)


@extend_schema_view(
    get=extend_schema(
        summary="Initiatives",
        description=(
            "Calls for participants and money, open ones first, with the number of "
            "interested organisations and the total pledged. No personal data."
        ),
        parameters=[INITIATIVE_STATUS],
    )
)
class InitiativeListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.InitiativeSerializer

    def get_queryset(self):
        initiatives = Initiative.objects.with_interest_totals().select_related("product")
        status = self.request.GET.get("status")
        if status:
            if status not in Initiative.Status.values:
                raise ValidationError({"status": [f"Unknown status: {status[:50]}"]})
            initiatives = initiatives.filter(status=status)
        initiatives = initiatives.open_first()
        return initiatives.order_by(*initiatives.query.order_by, "pk")


@extend_schema_view(get=extend_schema(summary="An initiative"))
class InitiativeDetailView(LastModifiedMixin, ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = serializers.InitiativeDetailSerializer

    def get_queryset(self):
        return Initiative.objects.with_interest_totals().select_related("product")


def _levels():
    return Level.objects.prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("position", "code"))
    ).order_by("rank")


@extend_schema_view(
    get=extend_schema(
        summary="Governance levels",
        description="Sandbox and levels 1 to 3, each with the requirements it adds.",
    )
)
class LevelListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.LevelSerializer

    def get_queryset(self):
        return _levels()


@extend_schema_view(get=extend_schema(summary="A governance level"))
class LevelDetailView(ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = serializers.LevelSerializer

    def get_queryset(self):
        return _levels()


@extend_schema_view(
    get=extend_schema(
        summary="Governance requirements",
        description="The whole checklist, by level, position and code.",
        parameters=[OpenApiParameter("level", OpenApiTypes.STR, description="A level's slug.")],
    )
)
class RequirementListView(ReadOnlyAPIView, generics.ListAPIView):
    serializer_class = serializers.RequirementSerializer

    def get_queryset(self):
        requirements = Requirement.objects.select_related("level").order_by(
            "level__rank", "position", "code", "pk"
        )
        level = self.request.GET.get("level")
        if level:
            requirements = requirements.filter(level__slug=level)
        return requirements
