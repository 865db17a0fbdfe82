from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from members.population import PopulationFileError, parse_population_csv
from members.reference import population_import


def _number(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Update the municipalities' population figures from a Statistics Denmark CSV export "
        "(FOLK1A from statistikbanken.dk, exported with codes: 'kode og tekst'). "
        "Semicolon-separated, UTF-8 (with or without BOM) or Latin-1. Accepted rows: "
        '"101 København";"2025K1";"653664" (area, period, count), or 101;København;2025K1;'
        "653664 (code, name, period, count), with or without a header line such as "
        "OMRÅDE;TID;INDHOLD; or a table with one column per period (the latest is used). "
        "Rows for the whole country, the regions and Christiansø are skipped. A malformed "
        "file is rejected with the line number and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="The CSV file exported from statistikbanken.dk."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, file: Path, dry_run=False, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Kan ikke læse %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            rows = parse_population_csv(data)
            changes = population_import(rows=rows, dry_run=dry_run)
        except PopulationFileError as error:
            raise CommandError(
                _("%(file)s blev afvist, intet er ændret. %(error)s")
                % {"file": file.name, "error": error}
            ) from error
        for change in changes:
            self.stdout.write(
                f"{change.organisation.municipality_code} {change.organisation.name}: "
                f"{_number(change.old_population)} ({change.old_year or '–'}) → "
                f"{_number(change.new_population)} ({change.new_year})"
            )
        summary = _("%(changed)s af %(total)s kommuner fik nye befolkningstal.") % {
            "changed": len(changes),
            "total": len(rows),
        }
        if dry_run:
            summary += " " + _("Prøvekørsel: intet er gemt.")
        self.stdout.write(self.style.SUCCESS(summary))
