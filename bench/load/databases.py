"""One seeded database per catalogue size, beside the development database.

The databases live on the server in DATABASE_URL (the embedded development cluster under
``make bench``), named os2portal_load_<size>, so that the development data is left
alone. Each is migrated on every run (quick when nothing is new) and seeded only when its
synthetic rows are not already there at the right size, so later runs start in seconds.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench import settings as bench_settings
from bench.load.servers import CommandFailed, production_env, run_python


@dataclass(frozen=True)
class Expected:
    """What seed_bulk makes for a size with its defaults: 10 usages, 5 interests each."""

    products: int
    usages: int
    interests: int

    @classmethod
    def for_size(cls, size: int) -> "Expected":
        return cls(products=size, usages=size * 10, interests=size * 5)


def database_url(base_url: str, name: str) -> str:
    """base_url with its database name replaced: same server, user and options."""
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(size: int) -> str:
    return f"{bench_settings.DATABASE_PREFIX}{size}"


def _connect(url: str, **kwargs):
    # libpq parses the URL (including a socket directory as percent-encoded host).
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), **kwargs)


def create_database(base_url: str, name: str, *, drop: bool = False) -> None:
    """Create the database (template0, UTF8, independent of the OS locale) if missing."""
    with _connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")


def synthetic_counts(url: str) -> Expected:
    """The synthetic rows seed_bulk made (its slugs start with syntetisk-)."""
    with _connect(url) as connection:
        row = connection.execute(
            """
            SELECT
              (SELECT count(*) FROM catalogue_product WHERE slug LIKE 'syntetisk-%'),
              (SELECT count(*) FROM catalogue_usage u
                 JOIN catalogue_product p ON p.id = u.product_id
                 JOIN members_organisation o ON o.id = u.organisation_id
                WHERE p.slug LIKE 'syntetisk-%' AND o.slug LIKE 'syntetisk-%'),
              (SELECT count(*) FROM catalogue_interest i
                 JOIN catalogue_initiative n ON n.id = i.initiative_id
                WHERE n.slug LIKE 'syntetisk-%')
            """
        ).fetchone()
    return Expected(products=row[0], usages=row[1], interests=row[2])


def manage(url: str, *args: str) -> None:
    """Run a manage.py command against one benchmark database, in production settings."""
    run_python(["manage.py", *args], production_env(database_url=url, mode="off", redis_url=None))


def prepare(base_url: str, size: int, *, reseed: bool) -> tuple[str, Expected, bool]:
    """The URL of a migrated database seeded at `size`; whether it was seeded now."""
    name = database_name(size)
    url = database_url(base_url, name)
    create_database(base_url, name)
    try:
        manage(url, "migrate", "--noinput")
    except CommandFailed:
        # A database from an older state of the migrations that no longer applies
        # cleanly: it holds nothing but generated data, so make it again.
        print(f"  {name} does not migrate; making it again", flush=True)
        create_database(base_url, name, drop=True)
        manage(url, "migrate", "--noinput")
    manage(url, "createcachetable")
    expected = Expected.for_size(size)
    if not reseed and synthetic_counts(url) == expected:
        return url, expected, False
    print(f"  seeding {name}: {size:,} products (once; later runs reuse it)", flush=True)
    manage(url, "load_reference_data")
    manage(
        url,
        "seed_bulk",
        f"--products={size}",
        f"--organisations={bench_settings.ORGANISATIONS}",
        f"--seed={bench_settings.SEED}",
    )
    with _connect(url, autocommit=True) as connection:
        # As autovacuum would have by the time anyone reads: statistics and visibility maps.
        connection.execute("VACUUM ANALYZE")
    counts = synthetic_counts(url)
    if counts != expected:
        raise RuntimeError(f"{name}: seeded {counts}, expected {expected}")
    return url, counts, True
