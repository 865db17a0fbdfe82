"""The product catalogue's filters and their facet counts.

``ProductFilter`` narrows products by stage, level, category, supplier, user
organisation, region of the users, licence and a search. ``product_facets`` counts, for
every option of every facet, the products it would give together with the other active
filters (disjunctive facets): the count of an option in the facet being counted ignores
that facet's own selection, so that a reader sees what choosing another option gives.

Both are free of request and template concerns; the API reuses them.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from catalogue.models import Category, Product, Supplier
from catalogue.querysets import USING_STATUSES
from members.models import Organisation, Region
from os2portal.db import DanishSortKey

# The governance levels by rank. The names match governance's Level rows; catalogue does
# not import governance, and the filter needs them without a query.
LEVEL_CHOICES = [
    ("0", _("Sandkasse")),
    ("1", _("Niveau 1")),
    ("2", _("Niveau 2")),
    ("3", _("Niveau 3")),
]
LEVEL_NAMES = {int(rank): name for rank, name in LEVEL_CHOICES}

SORT_CHOICES = [
    ("name", _("Navn")),
    ("users", _("Flest anvendere")),
    ("newest", _("Nyeste")),
    ("level", _("Højeste niveau")),
    ("relevance", _("Relevans")),
]

# The facets, in the order the page shows them.
FACETS = ["stage", "level", "category", "supplier", "user", "region", "licence"]


class ProductFilter(django_filters.FilterSet):
    """Filters by slug or code, each a plain CharFilter: no query to validate a choice."""

    q = django_filters.CharFilter(method="filter_search", label=_("Søg"))
    stage = django_filters.ChoiceFilter(choices=Product.Stage.choices, label=_("Fase"))
    level = django_filters.ChoiceFilter(
        field_name="current_level_rank", choices=LEVEL_CHOICES, label=_("Niveau")
    )
    category = django_filters.CharFilter(method="filter_category", label=_("Kategori"))
    supplier = django_filters.CharFilter(method="filter_supplier", label=_("Leverandør"))
    user = django_filters.CharFilter(method="filter_user", label=_("Anvender"))
    region = django_filters.CharFilter(method="filter_region", label=_("Anvendernes region"))
    licence = django_filters.CharFilter(field_name="licence", label=_("Licens"))
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        choices=SORT_CHOICES,
        label=_("Sortér efter"),
        empty_label=None,
        widget=forms.Select,
    )

    class Meta:
        model = Product
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Product.objects.all()
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value)

    def filter_supplier(self, queryset, name, value):
        return queryset.supplied_by(value)

    def filter_user(self, queryset, name, value):
        return queryset.used_by(value)

    def filter_region(self, queryset, name, value):
        return queryset.used_in_region(value)

    def filter_sort(self, queryset, name, value):
        # Ordering is applied last, in filter_queryset, whatever the field order.
        return queryset

    @property
    def cleaned(self) -> dict:
        """The valid filter values ({} when the form is not valid)."""
        return self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}

    @property
    def sort_key(self) -> str:
        data = self.cleaned
        return data.get("sort") or ("relevance" if data.get("q") else "name")

    def filter_queryset(self, queryset):
        return self.filtered(queryset).sorted_by(self.sort_key)

    def filtered(self, queryset=None, *, except_facet: str | None = None):
        """The queryset with every active filter applied, except one facet's, unordered."""
        if queryset is None:
            queryset = self.queryset
        for name, value in self.cleaned.items():
            if name in ("sort", except_facet):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def active(self) -> dict[str, str]:
        """The active filters by name (without the sort order)."""
        return {
            name: value
            for name, value in self.cleaned.items()
            if value not in (None, "") and name != "sort"
        }


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    # The link that chooses (or clears) this option; the view fills it in.
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


def product_facets(filterset: ProductFilter) -> list[Facet]:
    """Every facet with its options' counts: one query per facet, whatever the rows.

    Options with no product are left out, except the selected one.
    """
    if not (filterset.is_bound and filterset.form.is_valid()):
        return []
    selected = filterset.cleaned
    counters = {
        "stage": _count_stages,
        "level": _count_levels,
        "category": _count_categories,
        "supplier": _count_suppliers,
        "user": _count_users,
        "region": _count_regions,
        "licence": _count_licences,
    }
    facets = []
    for name in FACETS:
        products = filterset.filtered(filterset.queryset.order_by(), except_facet=name).values("pk")
        options = counters[name](products, selected.get(name) or "")
        facets.append(
            Facet(
                name=name,
                label=filterset.filters[name].label,
                options=[option for option in options if option.count or option.selected],
            )
        )
    return facets


def _count_stages(products, selected):
    counts = dict(
        Product.objects.filter(pk__in=products)
        .order_by()
        .values_list("stage")
        .annotate(count=Count("pk"))
    )
    return [
        FacetOption(value, label, counts.get(value, 0), value == selected)
        for value, label in Product.Stage.choices
    ]


def _count_levels(products, selected):
    counts = dict(
        Product.objects.filter(pk__in=products, current_level_rank__isnull=False)
        .order_by()
        .values_list("current_level_rank")
        .annotate(count=Count("pk"))
    )
    return [
        FacetOption(value, label, counts.get(int(value), 0), value == selected)
        for value, label in LEVEL_CHOICES
    ]


def _count_licences(products, selected):
    rows = (
        Product.objects.filter(pk__in=products)
        .exclude(licence="")
        .order_by("licence")
        .values_list("licence")
        .annotate(count=Count("pk"))
    )
    options = [FacetOption(value, value, count, value == selected) for value, count in rows]
    if selected and all(option.value != selected for option in options):
        options.append(FacetOption(selected, selected, 0, True))
    return options


def _slug_options(queryset, selected):
    return [
        FacetOption(row.slug, row.name, row.product_count, row.slug == selected) for row in queryset
    ]


def _count_categories(products, selected):
    rows = (
        Category.objects.annotate(product_count=Count("products", filter=Q(products__in=products)))
        .filter(Q(product_count__gt=0) | Q(slug=selected))
        .only("name", "slug")
        .order_by(DanishSortKey("name"), "name")
    )
    return _slug_options(rows, selected)


def _count_suppliers(products, selected):
    rows = (
        Supplier.objects.annotate(
            product_count=Count(
                "product_roles__product",
                filter=Q(product_roles__product__in=products),
                distinct=True,
            )
        )
        .filter(Q(product_count__gt=0) | Q(slug=selected))
        .only("name", "slug")
        .order_by(DanishSortKey("name"), "name")
    )
    return _slug_options(rows, selected)


def _count_users(products, selected):
    using = Q(usages__status__in=USING_STATUSES, usages__product__in=products)
    rows = (
        Organisation.objects.annotate(product_count=Count("usages", filter=using))
        .filter(Q(product_count__gt=0) | Q(slug=selected))
        .only("name", "slug")
        .order_by(DanishSortKey("name"), "name")
    )
    return _slug_options(rows, selected)


def _count_regions(products, selected):
    using = Q(
        organisations__usages__status__in=USING_STATUSES,
        organisations__usages__product__in=products,
    )
    rows = (
        Region.objects.annotate(
            product_count=Count("organisations__usages__product", filter=using, distinct=True)
        )
        .filter(Q(product_count__gt=0) | Q(slug=selected))
        .only("name", "slug")
        .order_by("code")
    )
    return _slug_options(rows, selected)
