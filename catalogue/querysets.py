import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Concat, Upper
from django.utils import timezone

from os2portal.db import DanishSortKey

SEARCH_CONFIG = "danish"
# The usage statuses that make an organisation a product's user.
USING_STATUSES = ("in_use", "implementing")


def _length(array_field: str):
    return models.Func(
        models.F(array_field), function="cardinality", output_field=models.IntegerField()
    )


def _joined_user_count():
    # Organisations using or implementing the product: its array in catalogue_productfacets.
    return Coalesce(_length("facets__user_ids"), 0)


class ProductQuerySet(models.QuerySet):
    def with_user_count(self):
        """Annotate ``user_count``: organisations using or implementing the product.

        Joined from catalogue_productfacets, for ordering by it over many rows (the admin's
        list); a page of cards reads it per row instead (``with_card_data``).
        """
        return self.annotate(user_count=_joined_user_count())

    def at_level(self, rank: int):
        return self.filter(current_level_rank=rank)

    def with_card_data(self):
        """What a product card shows: ``user_count`` and the categories, in two queries.

        The count is the length of the product's array of users in catalogue_productfacets
        (kept by triggers). A correlated subquery, so that it is read for the rows of the
        page only; sorting by it joins the arrays instead (``sorted_by``).
        """
        from catalogue.models import ProductFacets

        users = ProductFacets.objects.filter(product=models.OuterRef("pk")).values(
            count=_length("user_ids")
        )
        return self.annotate(user_count=Coalesce(models.Subquery(users), 0)).prefetch_related(
            "categories"
        )

    # The four filters below test the product's row in catalogue_productfacets (kept by
    # triggers) instead of joining usages, organisations, categories or suppliers.

    def used_by(self, organisation_slug: str):
        """Products the organisation uses or is implementing."""
        from members.models import Organisation

        return self._facet_holds("user_ids", Organisation.objects.filter(slug=organisation_slug))

    def used_in_region(self, region_slug: str):
        """Products used (or being implemented) by an organisation in the region."""
        from members.models import Region

        return self._facet_holds("region_ids", Region.objects.filter(slug=region_slug))

    def supplied_by(self, supplier_slug: str):
        from catalogue.models import Supplier

        return self._facet_holds("supplier_ids", Supplier.objects.filter(slug=supplier_slug))

    def in_category(self, category_slug: str):
        from catalogue.models import Category

        return self._facet_holds("category_ids", Category.objects.filter(slug=category_slug))

    def _facet_holds(self, column: str, options):
        # Overlap with the (at most one) matching id: an unknown slug matches nothing.
        return self.filter(**{f"facets__{column}__overlap": ArraySubquery(options.values("pk"))})

    def sorted_by(self, key: str):
        """Order by one of SORT_KEYS: Danish name, user count, newest or level."""
        if key == "users":
            return self.order_by(_joined_user_count().desc(), "name_sort_key", "name")
        if key == "newest":
            return self.order_by("-created_at", "-pk")
        if key == "level":
            return self.order_by(
                models.F("current_level_rank").desc(nulls_last=True),
                "name_sort_key",
                "name",
            )
        if key == "relevance" and self.query.annotations.get("search_rank") is not None:
            return self.order_by("-search_rank", "name_sort_key", "name")
        return self.order_by("name_sort_key", "name")

    def search(self, text: str):
        """Products matching a search, ranked (``search_rank``), best first.

        Matches the Danish full-text document (whole words, stemmed, and word beginnings),
        the name by trigram word similarity (so that "rolekatalog" finds
        OS2rollekatalog) and the name by substring (so that "rollek" does too). "alternativ
        til <system>" finds the products that replace that system instead.
        """
        from catalogue.search import parse_query

        parsed = parse_query(text)
        if parsed.alternative_to:
            return (
                self.annotate(
                    alternatives_text=models.Func(
                        models.F("alternative_to"),
                        models.Value(" "),
                        function="array_to_string",
                        output_field=models.TextField(),
                    ),
                    search_rank=models.Value(1.0, output_field=models.FloatField()),
                )
                .filter(alternatives_text__icontains=parsed.alternative_to)
                .order_by("name_sort_key", "name")
            )
        if not parsed.words:
            return self.none()
        words_query = SearchQuery(parsed.text, config=SEARCH_CONFIG, search_type="websearch")
        prefix_query = SearchQuery(parsed.prefix_tsquery, config=SEARCH_CONFIG, search_type="raw")
        upper_text = parsed.text.upper()
        # The name's part of the rank: full marks when it contains the text, else its
        # trigram word similarity if it resembles the text (a typo). The names that resemble
        # it come from the trigram index, once, and only when a name does not contain the
        # text: a search matching thousands of names computes no similarity for them.
        similar_names = (
            self.model._default_manager.annotate(name_upper=Upper("name"))
            .filter(name_upper__trigram_word_similar=upper_text)
            .values("pk")
        )
        name_match = models.Case(
            models.When(name_upper__contains=upper_text, then=models.Value(1.0)),
            models.When(pk__in=similar_names, then=TrigramWordSimilarity(upper_text, "name_upper")),
            default=models.Value(0.0),
            output_field=models.FloatField(),
        )
        return (
            self.annotate(
                name_upper=Upper("name"),
                search_rank=(
                    SearchRank(models.F("search_vector"), words_query | prefix_query) + name_match
                ),
            )
            .filter(
                Q(search_vector=words_query)
                | Q(search_vector=prefix_query)
                | Q(name_upper__trigram_word_similar=upper_text)
                | Q(name__icontains=parsed.text)
            )
            .order_by("-search_rank", "name_sort_key", "name")
        )

    def with_headlines(self, text: str):
        """Annotate ``name_headline`` and ``text_headline``: the match marked by sentinels.

        Mark the output safe only through ``catalogue.search.highlight_html``, which
        escapes everything but the marks.
        """
        from catalogue.search import HEADLINE_OPTIONS, parse_query

        parsed = parse_query(text)
        query_text = parsed.alternative_to or parsed.text
        if not query_text:
            return self
        query = SearchQuery(
            parse_query(query_text).prefix_tsquery, config=SEARCH_CONFIG, search_type="raw"
        )
        return self.annotate(
            name_headline=SearchHeadline(
                "name", query, config=SEARCH_CONFIG, highlight_all=True, **HEADLINE_OPTIONS
            ),
            text_headline=SearchHeadline(
                Concat(
                    "tagline", models.Value(" "), "description", output_field=models.TextField()
                ),
                query,
                config=SEARCH_CONFIG,
                max_words=30,
                min_words=12,
                **HEADLINE_OPTIONS,
            ),
        )


class UsageQuerySet(models.QuerySet):
    def current(self):
        """Usages that are not stopped."""
        return self.exclude(status="stopped")

    def unconfirmed(self, now: datetime.datetime | None = None):
        """Not confirmed within the last 12 months (or never)."""
        from catalogue.models import Usage

        cutoff = (now or timezone.now()) - datetime.timedelta(days=Usage.CONFIRMATION_VALID_DAYS)
        return self.filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lte=cutoff))


class InitiativeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status="open")

    def open_first(self):
        """Open calls first (soonest deadline first), then the rest, newest deadline first.

        Annotates ``is_open``, so that a page can head the two groups.
        """
        open_deadline = models.Case(models.When(status="open", then=models.F("deadline")))
        return self.annotate(
            is_open=models.Case(
                models.When(status="open", then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by(
            models.F("is_open").desc(),
            open_deadline.asc(nulls_last=True),
            models.F("deadline").desc(),
            "title",
        )

    def with_interest_totals(self):
        """Annotate ``interest_count`` and ``pledged_total`` over active interests."""
        active = Q(interests__withdrawn_at__isnull=True)
        return self.annotate(
            interest_count=Count("interests", filter=active, distinct=True),
            pledged_total=Sum("interests__pledge", filter=active, default=0),
        )

    def with_active_interests(self):
        """Prefetch ``active_interests``: a list with each organisation, by Danish name."""
        from catalogue.models import Interest

        return self.prefetch_related(
            models.Prefetch(
                "interests",
                queryset=Interest.objects.active().by_organisation_name(),
                to_attr="active_interests",
            )
        )


class InterestQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def by_organisation_name(self):
        """With each organisation (and its region), in Danish alphabetical order."""
        return self.select_related("organisation__region").order_by(
            DanishSortKey("organisation__name"), "organisation__name"
        )

    def by_initiative(self):
        """With each initiative, the latest deadline first."""
        return self.select_related("initiative").order_by(
            models.F("initiative__deadline").desc(), "initiative__title"
        )
