from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from catalogue.filters import LEVEL_CHOICES
from catalogue.models import Initiative, Product
from members.models import Organisation

HOME_NEWEST = 6


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Crawlers may read every public page; accounts, the admin and searches are not pages.
ROBOTS_DISALLOW = ["/admin/", "/konto/", "/soeg/", "/en/admin/", "/en/konto/", "/en/soeg/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class HomeView(TemplateView):
    """The community at a glance: products by stage and level, members, open calls."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_stage = dict(Product.objects.order_by().values_list("stage").annotate(count=Count("pk")))
        by_level = dict(
            Product.objects.filter(current_level_rank__isnull=False)
            .order_by()
            .values_list("current_level_rank")
            .annotate(count=Count("pk"))
        )
        context.update(
            stage_counts=[
                (value, label, by_stage.get(value, 0)) for value, label in Product.Stage.choices
            ],
            level_counts=[
                (rank, label, by_level.get(int(rank), 0)) for rank, label in LEVEL_CHOICES
            ],
            product_total=sum(by_stage.values()),
            member_count=Organisation.objects.members().count(),
            open_initiative_count=Initiative.objects.open().count(),
            newest_products=Product.objects.with_card_data().order_by("-created_at", "-pk")[
                :HOME_NEWEST
            ],
            newest_initiatives=Initiative.objects.order_by("-created_at", "-pk")[:HOME_NEWEST],
        )
        return context
