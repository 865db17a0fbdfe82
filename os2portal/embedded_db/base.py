"""A PostgreSQL backend that starts the embedded cluster on the first connection."""

from django.db.backends.postgresql import base

from os2portal import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if not self.settings_dict.get("HOST"):
            params.update(embedded_db.connection_params())
        return params
