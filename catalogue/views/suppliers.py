"""Suppliers: the companies that develop, host, support and review the products."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from catalogue.models import Supplier, SupplierRole
from os2portal.db import DanishSortKey

# The roles in the order the pages show them, with the name of each count annotation.
ROLE_COUNTS = [(role, f"{role.value}_count") for role in SupplierRole.Role]


def suppliers_with_product_counts():
    """Suppliers with ``product_count`` and a count of products for each role.

    Supplier has no QuerySet class of its own (and a model change is not warranted for one
    read), so the annotations live here, beside the two pages that use them.
    """
    counts = {
        name: Count("product_roles__product", filter=Q(product_roles__role=role), distinct=True)
        for role, name in ROLE_COUNTS
    }
    return Supplier.objects.annotate(
        product_count=Count("product_roles__product", distinct=True), **counts
    )


class SupplierListView(ListView):
    template_name = "catalogue/supplier_list.html"
    context_object_name = "suppliers"
    paginate_by = 50

    def get_queryset(self):
        return suppliers_with_product_counts().order_by(DanishSortKey("name"), "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = [role.label for role, _name in ROLE_COUNTS]
        for supplier in context["suppliers"]:
            supplier.role_counts = [getattr(supplier, name) for _role, name in ROLE_COUNTS]
        return context


def roles_by_kind(product_roles) -> list[tuple[str, list]]:
    """A supplier's product roles grouped by role, in the order of the role choices."""
    return [
        (role.label, group)
        for role in SupplierRole.Role
        if (group := [product_role for product_role in product_roles if product_role.role == role])
    ]


class SupplierDetailView(DetailView):
    template_name = "catalogue/supplier_detail.html"
    context_object_name = "supplier"

    def get_queryset(self):
        roles = SupplierRole.objects.select_related("product").order_by(
            DanishSortKey("product__name"), "product__name"
        )
        return suppliers_with_product_counts().prefetch_related(
            Prefetch("product_roles", queryset=roles, to_attr="ordered_roles")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles_by_kind"] = roles_by_kind(self.object.ordered_roles)
        return context
