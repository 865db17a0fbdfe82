"""Products: the filtered catalogue, one product's page, and the portal's search."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Count, F, Max, Prefetch, Q
from django.db.models.functions import Upper
from django.http import QueryDict
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from catalogue.fees import fee_policy_for, organisation_fee, quote_fee
from catalogue.filters import LEVEL_NAMES, SORT_CHOICES, ProductFilter, product_facets
from catalogue.models import Fee, Initiative, Product, Supplier, SupplierRole, Usage
from catalogue.querysets import USING_STATUSES
from catalogue.search import parse_query
from governance.models import Assessment, AssessmentItem, WorkingGroup
from members.models import Organisation
from os2portal.db import DanishSortKey


def toggle_queries(params, name: str):
    """A function giving, for a value of one filter, the query string with that value
    chosen, or removed when it already is; always page 1.

    The rest of the query is encoded once: a facet of a hundred organisations needs a
    hundred links that differ in one value.
    """
    query = params.copy()
    query.pop("page", None)
    keys = list(query)
    current = query.get(name)
    position = keys.index(name) if name in keys else len(keys)
    before, after = query.copy(), query.copy()
    for index, key in enumerate(keys):
        (after if index < position else before).pop(key)
    after.pop(name, None)
    head, tail = before.urlencode(), after.urlencode()

    def url(value: str) -> str:
        own = "" if value == current else QueryDict.fromkeys([name], value).urlencode()
        encoded = "&".join(part for part in (head, own, tail) if part)
        return f"?{encoded}"

    return url


class ProductListView(FilterView):
    filterset_class = ProductFilter
    template_name = "catalogue/product_list.html"
    context_object_name = "products"
    paginate_by = 20
    # An invalid filter (an unknown stage, say) shows the empty state, not every product.
    strict = True

    def get_queryset(self):
        return Product.objects.with_card_data()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so that the default sort order and the facets apply without filters.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        self.facets = product_facets(self.filterset)
        if self.facets:
            # The facet query counted the matching products already.
            paginator.count = self.facets.total
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context["facets"] = self.facets
        for facet in context["facets"]:
            url = toggle_queries(self.request.GET, facet.name)
            for option in facet.options:
                option.url = url(option.value)
        context["active_filters"] = [
            (facet, facet.selected) for facet in context["facets"] if facet.selected
        ]
        context["search_text"] = filterset.cleaned.get("q", "")
        context["sort_key"] = filterset.sort_key
        context["sort_choices"] = SORT_CHOICES
        return context


@dataclass
class FeeRow:
    tier: object
    member: object
    non_member: object


@dataclass
class AdoptionBar:
    year: int
    count: int
    x: int
    y: int
    width: int
    height: int

    @property
    def center(self) -> int:
        return self.x + self.width // 2


CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_BOTTOM = 170
CHART_TOP = 20


def adoption_by_year(usages, *, today) -> list[AdoptionBar]:
    """Cumulative count of user organisations at the end of each year, as chart bars."""
    years = [
        (usage.since or usage.created_at.date()).year
        for usage in usages
        if usage.status in USING_STATUSES
    ]
    if not years:
        return []
    started = Counter(years)
    first, last = min(years), max(max(years), today.year)
    totals, running = [], 0
    for year in range(first, last + 1):
        running += started.get(year, 0)
        totals.append((year, running))
    # Show at most the last 12 years; earlier ones are in the running total.
    totals = totals[-12:]
    peak = max(count for _year, count in totals) or 1
    slot = CHART_WIDTH // len(totals)
    bars = []
    for index, (year, count) in enumerate(totals):
        height = round((CHART_BOTTOM - CHART_TOP) * count / peak)
        bars.append(
            AdoptionBar(
                year=year,
                count=count,
                x=index * slot + slot // 6,
                y=CHART_BOTTOM - height,
                width=slot * 2 // 3,
                height=height,
            )
        )
    return bars


class ProductDetailView(DetailView):
    template_name = "catalogue/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return Product.objects.prefetch_related(
            "categories",
            Prefetch(
                "supplier_roles",
                queryset=SupplierRole.objects.select_related("supplier").order_by(
                    "role", DanishSortKey("supplier__name"), "supplier__name"
                ),
            ),
            Prefetch(
                "usages",
                queryset=Usage.objects.select_related("organisation__region").order_by(
                    DanishSortKey("organisation__name"), "organisation__name"
                ),
            ),
            Prefetch(
                "working_groups",
                queryset=WorkingGroup.objects.prefetch_related(
                    Prefetch(
                        "organisations",
                        queryset=Organisation.objects.order_by(DanishSortKey("name"), "name"),
                    )
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        today = timezone.localdate()
        usages = list(product.usages.all())
        using = [usage for usage in usages if usage.status in USING_STATUSES]
        context.update(
            today=today,
            level_name=LEVEL_NAMES.get(product.current_level_rank),
            usages=usages,
            user_count=len(using),
            usages_by_status=[
                (label, group)
                for value, label in Usage.Status.choices
                if (group := [usage for usage in usages if usage.status == value])
            ],
            users_by_region=self.users_by_region(using),
            roles_by_kind=[
                (label, group)
                for value, label in SupplierRole.Role.choices
                if (group := [r for r in product.supplier_roles.all() if r.role == value])
            ],
            working_groups=sorted(
                product.working_groups.all(),
                key=lambda group: list(WorkingGroup.Kind.values).index(group.kind),
            ),
            adoption=adoption_by_year(usages, today=today),
            chart_width=CHART_WIDTH,
            chart_height=CHART_HEIGHT,
            chart_baseline=CHART_BOTTOM,
            related_products=self.related_products(product),
        )
        context.update(self.governance_context(product))
        context.update(self.fee_context(product, today))
        return context

    @staticmethod
    def users_by_region(using) -> list[tuple[str, int]]:
        counts = Counter(
            usage.organisation.region.name if usage.organisation.region else None for usage in using
        )
        named = sorted((name, count) for name, count in counts.items() if name)
        return named + ([(None, counts[None])] if counts.get(None) else [])

    @staticmethod
    def related_products(product, limit=4):
        """The products sharing most categories with this one, then in Danish order.

        Counted on the narrow link table, and only the chosen products fetched: a
        category of thousands of products costs an index scan, not a DISTINCT over them.
        """
        category_ids = [category.pk for category in product.categories.all()]
        if not category_ids:
            return []
        ranked = list(
            Product.categories.through.objects.filter(category_id__in=category_ids)
            .exclude(product_id=product.pk)
            .values("product_id")
            .annotate(shared=Count("pk"))
            .order_by("-shared", "product__name_sort_key", "product__name")
            .values_list("product_id", flat=True)[:limit]
        )
        products = Product.objects.only("name", "slug", "tagline").in_bulk(ranked)
        return [products[pk] for pk in ranked]

    @staticmethod
    def governance_context(product) -> dict:
        """The latest published assessment with its items, and the history of levels."""
        history = list(
            Assessment.objects.published()
            .filter(product=product)
            .select_related("level")
            .latest_first()
        )
        latest = history[0] if history else None
        items = []
        if latest is not None:
            items = list(
                AssessmentItem.objects.filter(assessment=latest)
                .select_related("requirement__level")
                .order_by("requirement__level__rank", "requirement__position", "requirement__code")
            )
        return {"assessment": latest, "assessment_items": items, "level_history": history}

    def fee_context(self, product, today) -> dict:
        """Fees per tier for members and non-members, and the reader's own organisation's."""
        latest_year = Fee.objects.filter(product=product, year__lte=today.year).aggregate(
            year=Max("year")
        )["year"]
        rows, policy = [], None
        if latest_year is not None:
            policy = fee_policy_for(latest_year)
        if policy is not None:
            for fee in Fee.objects.filter(product=product, year=latest_year).select_related(
                "size_tier"
            ):
                terms = {
                    "base_annual_fee": fee.base_annual_fee,
                    "joining_fee": fee.joining_fee,
                    "member_surcharge_percent": policy.member_surcharge_percent,
                    "non_member_surcharge_percent": policy.non_member_surcharge_percent,
                }
                rows.append(
                    FeeRow(
                        tier=fee.size_tier,
                        member=quote_fee(is_member=True, **terms),
                        non_member=quote_fee(is_member=False, **terms),
                    )
                )
        context = {"fee_year": latest_year, "fee_rows": rows, "fee_policy": policy}
        user = self.request.user
        if user.is_authenticated and latest_year is not None:
            organisation = Organisation.objects.for_user(user).first()
            if organisation is not None:
                context["own_organisation"] = organisation
                context["own_fee"] = organisation_fee(
                    product=product, organisation=organisation, year=latest_year
                )
        return context


class SearchView(TemplateView):
    """One search over products, initiatives, organisations and suppliers."""

    template_name = "catalogue/search.html"
    product_limit = 20
    other_limit = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        parsed = parse_query(text)
        context["query"] = parsed.text
        context["alternative_to"] = parsed.alternative_to
        if not parsed.words:
            context["searched"] = False
            return context
        products = list(
            Product.objects.search(parsed.text)
            .with_card_data()
            .with_headlines(parsed.text)[: self.product_limit + 1]
        )
        context.update(
            searched=True,
            products=products[: self.product_limit],
            more_products=len(products) > self.product_limit,
            initiatives=self.named_matches(
                Initiative.objects.all(), "title", parsed.text, also=("summary",)
            ),
            organisations=self.named_matches(Organisation.objects.all(), "name", parsed.text),
            suppliers=self.named_matches(Supplier.objects.all(), "name", parsed.text),
        )
        context["result_count"] = sum(
            len(context[key]) for key in ("products", "initiatives", "organisations", "suppliers")
        )
        return context

    def named_matches(self, queryset, field, text, also=()):
        """Rows whose name contains the text or resembles it (trigram), closest first."""
        if parse_query(text).alternative_to:
            return []
        condition = Q(**{f"{field}__icontains": text}) | Q(
            **{f"{field}_upper__trigram_word_similar": text.upper()}
        )
        for other in also:
            condition |= Q(**{f"{other}__icontains": text})
        return list(
            queryset.annotate(
                **{f"{field}_upper": Upper(field)},
                similarity=TrigramWordSimilarity(text.upper(), Upper(field)),
            )
            .filter(condition)
            .order_by(F("similarity").desc(), DanishSortKey(field), field)[: self.other_limit]
        )
