from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the reference data: regions, the 98 municipalities, size tiers, the fee "
        "policy, governance levels and requirements. Safe to run again."
    )

    def handle(self, *args, **options):
        from os2portal import seeding

        for line in seeding.load_reference_data():
            self.stdout.write(line)
