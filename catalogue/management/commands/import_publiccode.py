"""Import publiccode.yml files or URLs: every one, or none when any has a problem."""

import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.publiccode import PubliccodeError
from catalogue.publiccode_import import Document, publiccode_import

FETCH_TIMEOUT_SECONDS = 15
MAX_BYTES = 1_000_000


def read_source(source: str) -> str:
    """The text of a file or of an http(s) URL; CommandError with the reason on failure."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "OS2-portalen"})
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
                body = response.read(MAX_BYTES + 1)
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise CommandError(f"{source}: could not fetch it: {error}") from error
        if len(body) > MAX_BYTES:
            raise CommandError(f"{source}: larger than {MAX_BYTES} bytes")
    else:
        try:
            body = Path(source).read_bytes()
        except OSError as error:
            raise CommandError(f"{source}: could not read it: {error.strerror}") from error
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(f"{source}: not UTF-8 text") from error


class Command(BaseCommand):
    help = (
        "Create or update products from publiccode.yml files or URLs (versions 0.2 to 0.5). "
        "A product is matched by its repository URL. All are imported, or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")

    def handle(self, *args, sources, **options):
        documents = [Document(source=source, text=read_source(source)) for source in sources]
        try:
            results = publiccode_import(documents=documents)
        except PubliccodeError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(error.problems)} problem(s)."
            ) from error
        for result in results:
            verb = "Created" if result.created else "Updated"
            self.stdout.write(
                f"{result.source}: {verb} {result.product.name} ({result.product.slug})"
            )
            for note in result.notes:
                self.stdout.write(f"  {note}")
