"""Inside Django, against one benchmark database: the URLs to load, and their SQL queries.

Run by the benchmark as ``python -m bench.load.probe`` in its own process, with the
same environment as the app server it describes (production settings, the same
database, the same page cache mode). It picks real slugs from the database, checks that
every URL answers 200, and counts the SQL queries of one request to each through
Django's whole request handling (test client, CaptureQueriesContext). Each URL is
requested once before it is counted, so the count is that of a warm server: with the
page cache on, a request the cache answers.
"""

import json
import os
import sys


def pick_urls(search_word: str) -> dict[str, str]:
    """One URL per endpoint, with slugs that exist in this database."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.http import urlencode

    from catalogue.models import Category, Initiative, Product
    from members.models import Region

    synthetic = {"slug__startswith": "syntetisk-"}
    category = Category.objects.filter(**synthetic).order_by("slug").first()
    region = Region.objects.order_by("code").first()
    product = Product.objects.filter(stage="product", **synthetic).order_by("slug").first()
    initiative = Initiative.objects.filter(status="open", **synthetic).order_by("slug").first()
    filters = urlencode({"stage": "product", "category": category.slug, "region": region.slug})
    return {
        "home": "/",
        "list": f"/produkter/?{filters}",
        "search": f"/soeg/?{urlencode({'q': search_word})}",
        "product": f"/produkter/{product.slug}/",
        "initiative": f"/initiativer/{initiative.slug}/",
        "api": "/api/v1/products/",
        # A Django view without a database query, and a file whitenoise serves.
        "robots": "/robots.txt",
        "static": staticfiles_storage.url("css/portal.css"),
    }


def count_queries(urls: dict[str, str]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}, not 200")
        counts[name] = {
            "queries": len(queries),
            "page_cache": response.headers.get("X-Page-Cache", "-"),
        }
    return counts


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "os2portal.settings")
    django.setup()
    from catalogue.models import Product

    search_word = sys.argv[1]
    urls = pick_urls(search_word)
    report = {
        "urls": urls,
        "counts": count_queries(urls),
        "search_matches": Product.objects.search(search_word).count(),
    }
    # Marked, because the portal's logging also writes to standard output.
    print("PROBE_JSON " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
