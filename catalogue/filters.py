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
from django.db import connection
from django.utils.translation import gettext_lazy as _

from catalogue.models import Product
from catalogue.querysets import USING_STATUSES
from os2portal.db import danish_sort_key

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


# Each slug facet: the option table, how a product reaches it, and how to count.
_SLUG_FACETS = {
    "category": (
        "catalogue_category",
        "JOIN catalogue_product_categories link ON link.product_id = base.id "
        "JOIN catalogue_category opt ON opt.id = link.category_id",
        "count(*)",
    ),
    "supplier": (
        "catalogue_supplier",
        "JOIN catalogue_supplierrole link ON link.product_id = base.id "
        "JOIN catalogue_supplier opt ON opt.id = link.supplier_id",
        "count(DISTINCT base.id)",
    ),
    "user": (
        "members_organisation",
        "JOIN used ON used.product_id = base.id "
        "JOIN members_organisation opt ON opt.id = used.organisation_id",
        "count(*)",
    ),
    "region": (
        "members_region",
        "JOIN used ON used.product_id = base.id "
        "JOIN members_organisation org ON org.id = used.organisation_id "
        "JOIN members_region opt ON opt.id = org.region_id",
        "count(DISTINCT base.id)",
    ),
}


_COLUMN_FILTERS = {"stage": "stage", "level": "current_level_rank", "licence": "licence"}


def product_facets(filterset: ProductFilter) -> list[Facet]:
    """Every facet with its options' counts, in one query whatever the rows and filters.

    Each active filter's set of products is computed once (a materialised CTE), every
    product is flagged with the filters it passes, and each facet counts the products
    that pass all the other filters. Options with no product are left out, except the
    selected one.
    """
    if not (filterset.is_bound and filterset.form.is_valid()):
        return []
    selected = {name: filterset.cleaned.get(name) or "" for name in FACETS}
    active = [name for name, value in filterset.active.items() if name in filterset.filters]
    rows = _facet_rows(filterset, active, selected)
    facets = []
    for name in FACETS:
        options = _facet_options(name, rows.get(name, []), selected[name])
        facets.append(
            Facet(
                name=name,
                label=filterset.filters[name].label,
                options=[option for option in options if option.count or option.selected],
            )
        )
    return facets


def _facet_rows(filterset, active, selected) -> dict[str, list[tuple]]:
    ctes, params = [], []
    flags, flag_params = {}, {}
    for name in active:
        value = filterset.cleaned[name]
        if name in _COLUMN_FILTERS:
            # A column of the product itself: tested on the row, no set to build.
            flags[name] = f"p.{_COLUMN_FILTERS[name]} = %s"
            flag_params[name] = [int(value) if name == "level" else value]
            continue
        products = filterset.filters[name].filter(filterset.queryset.order_by(), value)
        sql, subquery_params = products.order_by().values("pk").query.sql_with_params()
        ctes.append(f"f_{name} AS MATERIALIZED ({sql})")
        params.extend(subquery_params)
        flags[name] = f"p.id IN (SELECT * FROM f_{name})"
        flag_params[name] = []

    def passes_all_but(facet):
        conditions = [f"base.m_{name}" for name in active if name != facet]
        return " AND ".join(conditions) or "TRUE"

    flag_sql = "".join(f", ({flags[name]}) AS m_{name}" for name in active)
    for name in active:
        params.extend(flag_params[name])
    where = ""
    if len(active) > 1:
        # A product that fails two filters counts in no facet.
        near = " + ".join(f"({flags[name]})::int" for name in active)
        where = f"WHERE {near} >= {len(active) - 1}"
        for name in active:
            params.extend(flag_params[name])
    ctes.append(
        "base AS MATERIALIZED (SELECT p.id, p.stage, p.current_level_rank, p.licence"
        f"{flag_sql} FROM catalogue_product p {where})"
    )
    usage_condition = f"({passes_all_but('user')}) OR ({passes_all_but('region')})"
    ctes.append(
        "used AS MATERIALIZED (SELECT u.product_id, u.organisation_id FROM catalogue_usage u "
        "JOIN base ON base.id = u.product_id "
        f"WHERE u.status = ANY(%s) AND ({usage_condition}))"
    )
    params.append(list(USING_STATUSES))
    parts = [
        f"SELECT 'stage', base.stage, NULL, count(*) FROM base WHERE {passes_all_but('stage')} "
        "GROUP BY base.stage",
        "SELECT 'level', base.current_level_rank::text, NULL, count(*) FROM base "
        f"WHERE base.current_level_rank IS NOT NULL AND {passes_all_but('level')} "
        "GROUP BY base.current_level_rank",
        "SELECT 'licence', base.licence, NULL, count(*) FROM base "
        f"WHERE base.licence <> '' AND {passes_all_but('licence')} GROUP BY base.licence",
    ]
    for name, (table, joins, count) in _SLUG_FACETS.items():
        parts.append(
            f"SELECT '{name}', opt.slug, opt.name, {count} FROM base {joins} "
            f"WHERE {passes_all_but(name)} GROUP BY opt.slug, opt.name"
        )
        if selected[name]:
            # The selected option's name, even when no product has it.
            parts.append(f"SELECT '{name}', slug, name, 0 FROM {table} WHERE slug = %s")
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(f"({part})" for part in parts)
    params.extend(selected[name] for name in _SLUG_FACETS if selected[name])
    rows: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, label, count in cursor.fetchall():
            rows.setdefault(facet, []).append((value, label, count))
    return rows


def _facet_options(name, rows, selected) -> list[FacetOption]:
    if name == "stage":
        counts = {value: count for value, _label, count in rows}
        return [
            FacetOption(value, label, counts.get(value, 0), value == selected)
            for value, label in Product.Stage.choices
        ]
    if name == "level":
        counts = {value: count for value, _label, count in rows}
        return [
            FacetOption(value, label, counts.get(value, 0), value == selected)
            for value, label in LEVEL_CHOICES
        ]
    if name == "licence":
        options = [
            FacetOption(value, value, count, value == selected)
            for value, _label, count in sorted(rows)
        ]
        if selected and all(option.value != selected for option in options):
            options.append(FacetOption(selected, selected, 0, True))
        return options
    counts: dict[str, tuple[str, int]] = {}
    for slug, label, count in rows:
        if slug not in counts or counts[slug][1] < count:
            counts[slug] = (label, count)
    options = [
        FacetOption(slug, label, count, slug == selected) for slug, (label, count) in counts.items()
    ]
    # Sorted here rather than in SQL, where the sort key would join every GROUP BY.
    return sorted(options, key=lambda option: (danish_sort_key(option.label), option.label))
