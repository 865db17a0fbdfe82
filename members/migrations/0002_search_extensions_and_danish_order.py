from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from os2portal.db import SORT_KEY_FUNCTION_DROP_SQL, SORT_KEY_FUNCTION_SQL


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(SORT_KEY_FUNCTION_SQL, SORT_KEY_FUNCTION_DROP_SQL),
    ]
