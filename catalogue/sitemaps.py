"""sitemap.xml: the public pages in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from catalogue.models import Initiative, Product, Supplier
from members.models import Organisation


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [name for name in self.page_names if self._exists(name)]

    @staticmethod
    def _exists(name):
        try:
            reverse(name)
        except NoReverseMatch:
            return False
        return True

    page_names = [
        "home",
        "about",
        "catalogue:product-list",
        "catalogue:initiative-list",
        "catalogue:supplier-list",
        "members:organisation-list",
        "governance:index",
    ]

    def location(self, item):
        return reverse(item)


class ProductSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Product.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class InitiativeSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Initiative.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SupplierSitemap(PortalSitemap):
    priority = 0.4

    def items(self):
        return Supplier.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(PortalSitemap):
    priority = 0.4

    def items(self):
        return Organisation.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "products": ProductSitemap,
    "initiatives": InitiativeSitemap,
    "suppliers": SupplierSitemap,
    "organisations": OrganisationSitemap,
}
