"""Benchmark: the product list with three filters and its facets, and the search.

Run from the repository root:

    .venv/bin/python bench/catalogue.py [--repeat 30] [--products 10000] [--usages 100000]

It uses its own database, ``os2portal_bench``, on the same PostgreSQL server as the
development database (the embedded one, or the server in DATABASE_URL), so that the
development data is left alone. The first run creates it, migrates it and fills it with
``load_reference_data`` and ``seed_bulk`` (10,000 products, 98 organisations, 100,000
usages by default; a few minutes); later runs reuse it. ``--reseed`` fills it again.

Each page is requested through Django's full request handling (middleware, view,
template) with the test client; the figures are the server's time per request (median
and 90th percentile over the repeats, after two warm-up requests) and the number of SQL
queries, with the time PostgreSQL spent on them.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "os2portal.settings")
# The work of building each page is measured, not the page cache (make bench measures both).
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BENCH_DATABASE = "os2portal_bench"


def open_bench_database(*, reseed: bool, products: int, usages: int, organisations: int):
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")

    from catalogue.models import Product, Usage
    from members.models import Region

    if not Region.objects.exists():
        call_command("load_reference_data", verbosity=0)
    if reseed or Product.objects.count() < products or Usage.objects.count() < usages:
        print(f"Seeding {products} products, {usages} usages … (once)", flush=True)
        call_command(
            "seed_bulk",
            products=products,
            organisations=organisations,
            usages=usages,
            # Five per product (the default) would need more organisation-initiative pairs
            # than 98 organisations give.
            interests=products * 2,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 (closed with the process)
        )
    with connection.cursor() as cursor:
        # As autovacuum would have: fresh statistics and visibility maps.
        cursor.execute("VACUUM ANALYZE")
    return Product.objects.count(), Usage.objects.count()


def measure(client: Client, url: str, repeat: int) -> dict:
    for _warm_up in range(2):
        assert client.get(url).status_code == 200, url
    timings, sql_times, query_counts = [], [], set()
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        query_counts.add(len(queries))
        sql_times.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    timings.sort()
    return {
        "url": url,
        "queries": sorted(query_counts),
        "median_ms": statistics.median(timings),
        "p90_ms": timings[int(len(timings) * 0.9) - 1],
        "sql_ms": statistics.median(sql_times),
        "results": _result_count(response),
    }


def _result_count(response) -> str:
    """The page's own summary: the list's count heading, or the search's status line."""
    text = response.content.decode()
    match = re.search(r'id="results-title">([^<]+)<', text) or re.search(
        r'role="status">([^<]+)<', text
    )
    return " ".join(match.group(1).split()) if match else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--usages", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=98)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    product_count, usage_count = open_bench_database(
        reseed=args.reseed,
        products=args.products,
        usages=args.usages,
        organisations=args.organisations,
    )
    from catalogue.models import Category
    from members.models import Region

    category = Category.objects.order_by("pk").first()
    region = Region.objects.order_by("code").first()
    urls = [
        "/produkter/",
        f"/produkter/?stage=product&category={category.slug}&region={region.slug}",
        f"/produkter/?stage=product&category={category.slug}&region={region.slug}&sort=users",
        "/produkter/?q=syntetisk&stage=product&level=2&licence=MPL-2.0",
        "/soeg/?q=rolekatalog",
        # A word of the synthetic texts, in about two thirds of the products.
        "/soeg/?q=kalender",
        "/soeg/?q=syntetisk",
        # A typo of a word in every name: the similarity of every name is computed.
        "/soeg/?q=syntetsk",
        "/soeg/?q=alternativ+til+omada",
    ]
    client = Client()
    print(f"Database {BENCH_DATABASE}: {product_count} products, {usage_count} usages")
    print(f"{'queries':>8} {'median':>8} {'p90':>8} {'sql':>8}  results / url")
    for url in urls:
        row = measure(client, url, args.repeat)
        queries = ",".join(str(count) for count in row["queries"])
        print(
            f"{queries:>8} {row['median_ms']:7.1f}ms {row['p90_ms']:7.1f}ms "
            f"{row['sql_ms']:6.1f}ms  {row['results']}  {url}"
        )


if __name__ == "__main__":
    main()
