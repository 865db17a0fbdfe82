"""The governance model in public: the levels, their requirements and the products at each."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from catalogue.models import Product
from governance.models import Level, Requirement
from os2portal.db import DanishSortKey


def products_with_a_level():
    return Product.objects.filter(current_level_rank__isnull=False).order_by(
        DanishSortKey("name"), "name"
    )


class GovernanceIndexView(ListView):
    """The levels in order, each with the requirements it adds and the products at it."""

    template_name = "governance/index.html"
    context_object_name = "levels"

    def get_queryset(self):
        return Level.objects.order_by("rank").prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.in_theme_order(),
                to_attr="added_requirements",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        products_by_rank = {}
        for product in products_with_a_level():
            products_by_rank.setdefault(product.current_level_rank, []).append(product)
        context["levels_with_products"] = [
            (level, products_by_rank.get(level.rank, [])) for level in context["levels"]
        ]
        return context


class LevelDetailView(DetailView):
    """One level: every requirement that applies at it (its own and the lower levels')."""

    template_name = "governance/level_detail.html"
    context_object_name = "level"
    queryset = Level.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        level = self.object
        context["requirements"] = Requirement.objects.up_to_rank(level.rank).in_theme_order()
        context["products"] = products_with_a_level().at_level(level.rank)
        context["lower_levels"] = Level.objects.filter(rank__lt=level.rank).order_by("rank")
        return context
