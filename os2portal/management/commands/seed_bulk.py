import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load deterministic synthetic data at scale for benchmarks (names like "
        "'Syntetisk produkt 00001'). Replaces earlier synthetic rows; the same arguments "
        "give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=1_000)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--usages", type=int, default=None, help="Default: 10 per product.")
        parser.add_argument("--interests", type=int, default=None, help="Default: 5 per product.")
        parser.add_argument(
            "--clear", action="store_true", help="Only remove the synthetic rows, and stop."
        )
        parser.add_argument(
            "--initiatives", type=int, default=None, help="Default: one per 20 products."
        )

    def handle(self, *args, **options):
        from os2portal.seeding import bulk_delete_synthetic, seed_bulk

        if options["clear"]:
            with transaction.atomic():
                bulk_delete_synthetic()
            self.stdout.write(self.style.SUCCESS("Synthetic rows removed."))
            return
        started = time.perf_counter()
        try:
            counts = seed_bulk(
                products=options["products"],
                organisations=options["organisations"],
                seed=options["seed"],
                usages=options["usages"],
                interests=options["interests"],
                initiatives=options["initiatives"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for name, value in vars(counts).items():
            self.stdout.write(f"{name}: {value}")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
