from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from catalogue.sitemaps import SITEMAPS
from os2portal import media_views, views

# A database that cannot be reached gets the 503 page; any other error Django's 500 page.
handler500 = "os2portal.outage.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("os2portal.api.urls")),
    path("media/<path:name>", media_views.stored_file, name="media"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Danish pages have no prefix; English pages live under /en/.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("om/", TemplateView.as_view(template_name="about.html"), name="about"),
    path(
        "tilgaengelighed/",
        TemplateView.as_view(
            template_name="accessibility.html",
            extra_context={"contact_email": settings.SECRETARIAT_EMAIL},
        ),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    # Members' actions and open-data exports come before the public pages they extend.
    path("", include("members.account_urls")),
    path("", include("os2portal.export_urls")),
    path("", include("catalogue.urls")),
    path("", include("members.urls")),
    path("", include("governance.urls")),
    prefix_default_language=False,
)
