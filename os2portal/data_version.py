"""The data version: one number that changes whenever the portal's data changes.

A statement-level trigger on every table of the portal's apps calls
``os2portal_bump_data_version()`` (created by migration os2portal 0003), which raises
the version with every writing statement. Triggers rather than Django signals, because
signals miss ``QuerySet.update()``, ``bulk_create()``, raw SQL and other processes'
writes, and a version raised after the commit would leave a moment in which a cache
could store old data under the new version. Raised inside the transaction, the new
version and the new data become visible together, on every app server at once.

The triggers are (re)installed after every ``migrate``, for every model the apps have
then, so a model added later is covered without a migration of its own.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

# Apps whose data the public pages show.
TRACKED_APPS = ("catalogue", "members", "governance", "os2portal")
# Tables no public page shows, and that change often: every sign-in sets a user's
# last_login, which would otherwise empty the page cache. Track them again if a public
# page ever shows a user.
UNTRACKED_MODELS = {"members.user", "members.user_groups", "members.user_user_permissions"}
TRIGGER_NAME = "os2portal_data_version"


def tracked_tables() -> list[str]:
    """Every table of the tracked apps, auto-created many-to-many tables included."""
    from os2portal.models import DataVersion

    tables = set()
    for app_label in TRACKED_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if (
                model is DataVersion
                or not model._meta.managed
                or model._meta.proxy
                or model._meta.label_lower in UNTRACKED_MODELS
            ):
                continue
            tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> int:
    """Attach the version trigger to every tracked table, and only to those; returns how many."""
    connection = connections[using]
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    tables = [table for table in tracked_tables() if table in existing]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('os2portal_bump_data_version()')")
        if cursor.fetchone()[0] is None:
            # Migrated back before the function existed: nothing to attach.
            return 0
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER_NAME],
        )
        for (table,) in cursor.fetchall():
            if table not in tables:
                cursor.execute(f"DROP TRIGGER {TRIGGER_NAME} ON {quote(table)}")
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                "FOR EACH STATEMENT EXECUTE FUNCTION os2portal_bump_data_version()"
            )
    return len(tables)


def install_triggers_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Connected for the os2portal app only; post_migrate comes after every migration ran.
    install_triggers(using)


def current_data_version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The current version (0 before the first change)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT version FROM os2portal_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0
