"""The API's representations: public catalogue data only.

Never here: a user's e-mail or name, who declared a usage or registered an interest, an
interest's note, a coordinator's e-mail that the product has not made public, or an
initiative coordinator's address (never public).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.fees import fee_policy_for, with_surcharge
from catalogue.filters import LEVEL_NAMES
from catalogue.models import (
    Category,
    Initiative,
    Product,
    Supplier,
    SupplierRole,
    Usage,
)
from governance.models import Level, Requirement
from members.models import Organisation, Region


class PageUrlField(serializers.Field):
    """The object's public page on the portal, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


PageUrlField = extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "name_en", "publiccode_category"]


class LevelReferenceSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField()


class ProductReferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:product-detail", lookup_field="slug")

    class Meta:
        model = Product
        fields = ["slug", "name", "url"]


class OrganisationReferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name", "url"]


class SupplierReferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:supplier-detail", lookup_field="slug")

    class Meta:
        model = Supplier
        fields = ["slug", "name", "url"]


def level_of(product) -> dict | None:
    if product.current_level_rank is None:
        return None
    return {
        "rank": product.current_level_rank,
        "name": str(LEVEL_NAMES[product.current_level_rank]),
    }


class ProductListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:product-detail", lookup_field="slug")
    page_url = PageUrlField()
    level = serializers.SerializerMethodField()
    categories = CategorySerializer(many=True, read_only=True)
    user_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "url",
            "page_url",
            "tagline",
            "tagline_en",
            "stage",
            "level",
            "categories",
            "licence",
            "software_type",
            "platforms",
            "repository_url",
            "website_url",
            "user_count",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(LevelReferenceSerializer(allow_null=True))
    def get_level(self, product):
        return level_of(product)


class SupplierRoleSerializer(serializers.ModelSerializer):
    supplier = SupplierReferenceSerializer(read_only=True)

    class Meta:
        model = SupplierRole
        fields = ["supplier", "role", "contract_until"]


class ProductUsageSerializer(serializers.ModelSerializer):
    organisation = OrganisationReferenceSerializer(read_only=True)

    class Meta:
        model = Usage
        fields = ["organisation", "status", "since"]


class FeeLineSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    size_tier = serializers.IntegerField(help_text="The size tier's number (1 is the smallest).")
    size_tier_name = serializers.CharField()
    base_annual_fee = serializers.IntegerField(help_text="Whole kroner a year.")
    joining_fee = serializers.IntegerField(help_text="Whole kroner, once, in the first year.")
    member_annual_fee = serializers.IntegerField(allow_null=True)
    non_member_annual_fee = serializers.IntegerField(allow_null=True)


class CoordinatorSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True, help_text="Only when made public.")


class ProductDetailSerializer(ProductListSerializer):
    suppliers = SupplierRoleSerializer(source="supplier_roles", many=True, read_only=True)
    users = ProductUsageSerializer(source="usages", many=True, read_only=True)
    level_since = serializers.DateField(source="current_level_since", read_only=True)
    coordinator = serializers.SerializerMethodField()
    fees = serializers.SerializerMethodField()

    class Meta(ProductListSerializer.Meta):
        fields = [
            *ProductListSerializer.Meta.fields,
            "description",
            "description_en",
            "features",
            "available_languages",
            "alternative_to",
            "documentation_url",
            "issue_tracker_url",
            "level_since",
            "coordinator",
            "suppliers",
            "users",
            "fees",
        ]

    @extend_schema_field(CoordinatorSerializer(allow_null=True))
    def get_coordinator(self, product):
        if not product.coordinator_name:
            return None
        return {"name": product.coordinator_name, "email": product.public_coordinator_email}

    @extend_schema_field(FeeLineSerializer(many=True))
    def get_fees(self, product):
        """The price sheet, newest year first, with the surcharges of that year's policy."""
        policies = {}
        lines = []
        for fee in product.fees.all():
            if fee.year not in policies:
                policies[fee.year] = fee_policy_for(fee.year)
            policy = policies[fee.year]
            lines.append(
                {
                    "year": fee.year,
                    "size_tier": fee.size_tier.number,
                    "size_tier_name": fee.size_tier.name,
                    "base_annual_fee": fee.base_annual_fee,
                    "joining_fee": fee.joining_fee,
                    "member_annual_fee": with_surcharge(
                        fee.base_annual_fee, policy.member_surcharge_percent
                    )
                    if policy
                    else None,
                    "non_member_annual_fee": with_surcharge(
                        fee.base_annual_fee, policy.non_member_surcharge_percent
                    )
                    if policy
                    else None,
                }
            )
        return lines


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "slug", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    region = RegionSerializer(read_only=True, allow_null=True)
    is_member = serializers.BooleanField(read_only=True)
    products_in_use_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "url",
            "page_url",
            "kind",
            "municipality_code",
            "region",
            "population",
            "population_year",
            "is_member",
            "member_since",
            "member_until",
            "website",
            "products_in_use_count",
        ]


class OrganisationUsageSerializer(serializers.ModelSerializer):
    product = ProductReferenceSerializer(read_only=True)

    class Meta:
        model = Usage
        fields = ["product", "status", "since"]


class OrganisationDetailSerializer(OrganisationSerializer):
    usages = OrganisationUsageSerializer(many=True, read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "usages"]


class SupplierSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:supplier-detail", lookup_field="slug")
    page_url = PageUrlField()

    class Meta:
        model = Supplier
        fields = ["slug", "name", "url", "page_url", "cvr", "website", "partner_since"]


class SupplierProductRoleSerializer(serializers.ModelSerializer):
    product = ProductReferenceSerializer(read_only=True)

    class Meta:
        model = SupplierRole
        fields = ["product", "role", "contract_until"]


class SupplierDetailSerializer(SupplierSerializer):
    products = SupplierProductRoleSerializer(source="product_roles", many=True, read_only=True)

    class Meta(SupplierSerializer.Meta):
        fields = [*SupplierSerializer.Meta.fields, "description", "products"]


class InitiativeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:initiative-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    product = ProductReferenceSerializer(read_only=True, allow_null=True)
    interest_count = serializers.IntegerField(
        read_only=True, help_text="Organisations with an active interest."
    )
    pledged_total = serializers.IntegerField(
        read_only=True, help_text="Whole kroner pledged by active interests."
    )

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "title",
            "url",
            "page_url",
            "kind",
            "status",
            "product",
            "summary",
            "budget_target",
            "cap_per_citizen",
            "min_participants",
            "deadline",
            "interest_count",
            "pledged_total",
            "created_at",
            "updated_at",
        ]


class InitiativeDetailSerializer(InitiativeSerializer):
    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "description"]


class RequirementSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Requirement
        fields = ["code", "theme", "level", "text", "text_en", "recommended_only", "position"]


class LevelSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:level-detail", lookup_field="slug")
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta:
        model = Level
        fields = [
            "rank",
            "slug",
            "name",
            "name_en",
            "url",
            "description",
            "description_en",
            "requirements",
        ]
