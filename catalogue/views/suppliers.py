"""Suppliers: the companies that develop, host, support and review the products."""

from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView

from catalogue.models import Supplier, SupplierRole
from os2portal.db import DanishSortKey


def suppliers_with_products():
    """Suppliers with ``product_count`` and ``ordered_roles`` (each with its product).

    Supplier has no QuerySet class of its own (and a model change is not warranted for one
    read), so this lives here, beside the two pages that use it.
    """
    roles = SupplierRole.objects.select_related("product").order_by(
        "product__name_sort_key", "product__name"
    )
    return Supplier.objects.annotate(
        product_count=Count("product_roles__product", distinct=True)
    ).prefetch_related(Prefetch("product_roles", queryset=roles, to_attr="ordered_roles"))


def roles_by_kind(product_roles) -> list[tuple[str, list]]:
    """Product roles grouped by role, in the order of the role choices; empty roles kept."""
    return [
        (role.label, [product_role for product_role in product_roles if product_role.role == role])
        for role in SupplierRole.Role
    ]


class SupplierListView(ListView):
    template_name = "catalogue/supplier_list.html"
    context_object_name = "suppliers"
    paginate_by = 50

    def get_queryset(self):
        return suppliers_with_products().order_by(DanishSortKey("name"), "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = SupplierRole.Role.labels
        for supplier in context["suppliers"]:
            supplier.roles_by_kind = roles_by_kind(supplier.ordered_roles)
        return context


class SupplierDetailView(DetailView):
    template_name = "catalogue/supplier_detail.html"
    context_object_name = "supplier"

    def get_queryset(self):
        return suppliers_with_products()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles_by_kind"] = [
            (role, product_roles)
            for role, product_roles in roles_by_kind(self.object.ordered_roles)
            if product_roles
        ]
        return context
