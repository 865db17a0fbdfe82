"""Atom feeds: new and changed products, governance level changes, new initiatives."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative, Product
from governance.models import Assessment

FEED_LENGTH = 30


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class ProductFeed(Feed):
    feed_type = Atom1Feed
    title = _("OS2-portalen: nye og ændrede produkter")
    subtitle = _("Produkter i OS2-fællesskabets katalog, senest ændrede først.")
    link = reverse_lazy("catalogue:product-list")

    def items(self):
        return Product.objects.order_by("-updated_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return item.tagline

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class LevelChangeFeed(Feed):
    feed_type = Atom1Feed
    title = _("OS2-portalen: ændringer i governance-niveau")
    subtitle = _("Offentliggjorte vurderinger af produkterne, nyeste først.")
    link = reverse_lazy("catalogue:product-list")

    def items(self):
        return (
            Assessment.objects.published()
            .select_related("product", "level")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return _("%(product)s er vurderet til %(level)s") % {
            "product": item.product.name,
            "level": item.level.name,
        }

    def item_description(self, item):
        return item.summary or item.product.tagline

    def item_link(self, item):
        return reverse("catalogue:product-detail", kwargs={"slug": item.product.slug}) + (
            f"#vurdering-{item.pk}"
        )

    def item_guid(self, item):
        return f"assessment-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at or _start_of(item.assessed_on)


class InitiativeFeed(Feed):
    feed_type = Atom1Feed
    title = _("OS2-portalen: nye initiativer")
    subtitle = _("Initiativer, der søger deltagere og finansiering, nyeste først.")

    def link(self):
        try:
            return reverse("catalogue:initiative-list")
        except NoReverseMatch:
            return reverse("home")

    def items(self):
        return Initiative.objects.order_by("-created_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
