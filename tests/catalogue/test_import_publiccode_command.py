import http.server
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import Product

FIXTURES = Path(__file__).parent / "fixtures" / "publiccode"

pytestmark = pytest.mark.django_db


def run(*sources):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_publiccode", *sources, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_files_and_says_what_it_did():
    out, _err = run(
        str(FIXTURES / "os2mo.publiccode.yml"), str(FIXTURES / "publiccode-editor.publiccode.yml")
    )

    assert sorted(Product.objects.values_list("name", flat=True)) == ["OS2mo", "publiccode editor"]
    assert f"{FIXTURES / 'os2mo.publiccode.yml'}: Created OS2mo (os2mo)" in out


def test_command_updates_on_a_second_run():
    run(str(FIXTURES / "os2mo.publiccode.yml"))

    out, _err = run(str(FIXTURES / "os2mo.publiccode.yml"))

    assert "Updated OS2mo (os2mo)" in out
    assert Product.objects.count() == 1


def test_command_reports_every_problem_with_file_and_line_and_imports_nothing(tmp_path):
    bad = tmp_path / "forkert.yml"
    bad.write_text("publiccodeYmlVersion: '0.4'\nname: OS2x\nplatforms: 42\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run(str(FIXTURES / "os2mo.publiccode.yml"), str(bad))

    assert str(error.value).startswith("Nothing was imported: ")
    assert Product.objects.count() == 0


def test_command_prints_problems_as_file_colon_line(tmp_path, capsys):
    from io import StringIO

    bad = tmp_path / "forkert.yml"
    bad.write_text("name: [\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_publiccode", str(bad), stderr=err)

    assert err.getvalue().startswith(f"{bad}:2: Ugyldig YAML")


def test_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as error:
        run(str(tmp_path / "findes-ikke.yml"))

    assert (
        str(error.value)
        == f"{tmp_path / 'findes-ikke.yml'}: could not read it: No such file or directory"
    )


@pytest.fixture
def local_server():
    """A local HTTP server over the fixtures folder (the tests never reach the internet)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(FIXTURES), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_command_imports_from_a_url(local_server):
    out, _err = run(f"{local_server}/os2mo.publiccode.yml")

    assert "Created OS2mo" in out


def test_command_fails_clearly_on_a_url_that_answers_404(local_server):
    with pytest.raises(CommandError) as error:
        run(f"{local_server}/findes-ikke.yml")

    assert "could not fetch it: HTTP Error 404" in str(error.value)
    assert Product.objects.count() == 0
