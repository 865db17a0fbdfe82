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


class FacetList(list):
    """The facets, in order, with ``total``: the number of products passing every filter."""

    def __init__(self, *args, total: int):
        super().__init__(*args)
        self.total = total


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


# The facets whose options are rows of a table: the array of ids in
# catalogue_productfacets, and the option table.
_ARRAY_FACETS = {
    "category": ("category_ids", "catalogue_category"),
    "supplier": ("supplier_ids", "catalogue_supplier"),
    "user": ("user_ids", "members_organisation"),
    "region": ("region_ids", "members_region"),
}
# The facets whose options are values of a column.
_COLUMN_FACETS = {"stage": "stage", "level": "level_rank", "licence": "licence"}


def product_facets(filterset: ProductFilter) -> list[Facet]:
    """Every facet with its options' counts, in one query whatever the rows and filters.

    Every product's row in catalogue_productfacets (its stage, level and licence, and
    arrays of its categories, suppliers, users and their regions) is flagged with the
    filters it passes; the search, which is no column, as a set computed once. Each facet
    then counts the products that pass all the other filters, unnesting the arrays: one
    scan of a narrow table, with no join of usages. Options with no product are left
    out, except the selected one.
    """
    if not (filterset.is_bound and filterset.form.is_valid()):
        return []
    selected = {name: filterset.cleaned.get(name) or "" for name in FACETS}
    active = [name for name, value in filterset.active.items() if name in filterset.filters]
    rows = _facet_rows(filterset, active, selected)
    facets = FacetList(total=rows["total"][0][2])
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
    ctes, cte_params = [], []
    flags: dict[str, tuple[str, list]] = {}
    for name in active:
        value = filterset.cleaned[name]
        if name in _COLUMN_FACETS:
            flags[name] = (
                f"f.{_COLUMN_FACETS[name]} = %s",
                [int(value) if name == "level" else value],
            )
        elif name in _ARRAY_FACETS:
            column, table = _ARRAY_FACETS[name]
            # Overlap with the (at most one) matching id: an unknown slug matches nothing.
            flags[name] = (f"f.{column} && ARRAY(SELECT id FROM {table} WHERE slug = %s)", [value])
        else:
            # The search: its set of products, computed once.
            products = filterset.filters[name].filter(filterset.queryset.order_by(), value)
            sql, params = products.order_by().values("pk").query.sql_with_params()
            ctes.append(f"f_{name} AS MATERIALIZED ({sql})")
            cte_params.extend(params)
            flags[name] = (f"f.product_id IN (SELECT * FROM f_{name})", [])

    def passes_all_but(facet):
        conditions = [f"base.m_{name}" for name in active if name != facet]
        return " AND ".join(conditions) or "TRUE"

    params = list(cte_params)
    flag_columns = "".join(f", ({flags[name][0]}) AS m_{name}" for name in active)
    for name in active:
        params.extend(flags[name][1])
    where = ""
    if len(active) > 1:
        # A product that fails two filters counts in no facet.
        near = " + ".join(f"({flags[name][0]})::int" for name in active)
        where = f"WHERE {near} >= {len(active) - 1}"
        for name in active:
            params.extend(flags[name][1])
    ctes.append(
        "base AS MATERIALIZED (SELECT f.stage, f.level_rank, f.licence, f.category_ids, "
        f"f.supplier_ids, f.user_ids, f.region_ids{flag_columns} "
        f"FROM catalogue_productfacets f {where})"
    )
    parts = [
        f"SELECT 'stage', base.stage, NULL, count(*) FROM base WHERE {passes_all_but('stage')} "
        "GROUP BY base.stage",
        "SELECT 'level', base.level_rank::text, NULL, count(*) FROM base "
        f"WHERE base.level_rank IS NOT NULL AND {passes_all_but('level')} "
        "GROUP BY base.level_rank",
        "SELECT 'licence', base.licence, NULL, count(*) FROM base "
        f"WHERE base.licence <> '' AND {passes_all_but('licence')} GROUP BY base.licence",
    ]
    # The products that pass every filter: the list's length, without a count of its own.
    parts.append(f"SELECT 'total', NULL, NULL, count(*) FROM base WHERE {passes_all_but(None)}")
    for name, (column, table) in _ARRAY_FACETS.items():
        # The ids in a product's array are distinct, so each counts the product once.
        parts.append(
            f"SELECT '{name}', opt.slug, opt.name, counted.n FROM "
            f"(SELECT unnest(base.{column}) AS id, count(*) AS n FROM base "
            f"WHERE {passes_all_but(name)} GROUP BY 1) counted "
            f"JOIN {table} opt ON opt.id = counted.id"
        )
        if selected[name]:
            # The selected option's name, even when no product has it.
            parts.append(f"SELECT '{name}', slug, name, 0 FROM {table} WHERE slug = %s")
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(f"({part})" for part in parts)
    params.extend(selected[name] for name in _ARRAY_FACETS if selected[name])
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
