from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Load the reference data and the demo catalogue. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds organisations.",
        )

    def handle(self, *args, if_empty=False, **options):
        from os2portal import seeding

        if if_empty and not seeding.database_is_empty():
            self.stdout.write(_("Databasen har allerede data; demodata indlæses ikke."))
            return
        for line in seeding.seed_demo():
            self.stdout.write(line)
