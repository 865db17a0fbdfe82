"""The processes under test: gunicorn app servers and a Redis, each on a free port.

Every process is started by the benchmark and stopped by it (context managers), logs to
a file under bench/results/logs/, and is waited for until it answers, so a failure to
start shows as an error with the end of its log rather than as a failed measurement.
"""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import settings as bench_settings

REPO = Path(__file__).resolve().parents[2]
LOG_DIR = REPO / "bench" / "results" / "logs"
GUNICORN = Path(sys.executable).parent / "gunicorn"
# One secret key per benchmark run, as a deployment would have one.
SECRET_KEY = secrets.token_urlsafe(50)


class StartError(RuntimeError):
    """A process did not come up; the message ends with its log."""


class CommandFailed(RuntimeError):
    """A Python command failed; the message ends with what it wrote to stderr."""


def run_python(args: list[str], env: dict) -> str:
    """Run ``python ARGS`` in the repository with env; its standard output."""
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-15:])
        raise CommandFailed(f"python {' '.join(args)} failed ({done.returncode}):\n{tail}")
    return done.stdout


def free_port() -> int:
    """A port nobody listens on now (never 8000: the kernel hands out ephemeral ports)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(*, database_url: str, mode: str, redis_url: str | None) -> dict:
    """The environment of a production deployment, on plain HTTP over loopback.

    SMTP_HOST is required with debug off; nothing sends mail while the benchmark reads.
    PAGE_CACHE_SECONDS and CACHE_URL are the page cache's whole interface to us.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "SMTP_HOST": "localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PAGE_CACHE_SECONDS": "0" if mode == "off" else str(bench_settings.PAGE_CACHE_SECONDS),
    }
    env.pop("CACHE_URL", None)
    if mode == "redis":
        if not redis_url:
            raise ValueError("The redis mode needs a running Redis.")
        env["CACHE_URL"] = redis_url
    return env


def _log_tail(path: Path, lines: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start(command: list[str], log_path: Path, wait_until_ready, **popen_args):
    """Start a server with its output in log_path; stop it again if it never gets ready."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen_args)
    try:
        wait_until_ready(process)
    except BaseException:
        _stop(process)
        raise
    return process


def http_get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    """One GET on a fresh connection: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class AppServer:
    """gunicorn serving os2portal.wsgi with the production environment."""

    def __init__(self, name: str, env: dict, workers: int):
        self.name = name
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = LOG_DIR / f"{name}.log"
        self.process = None

    def __enter__(self):
        command = [
            str(GUNICORN),
            "os2portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "60",
            # Its default path is shared by every gunicorn of the user (make run's too).
            "--no-control-socket",
        ]
        self.process = _start(
            command, self.log_path, self._wait_until_healthy, cwd=REPO, env=self.env
        )
        return self

    def __exit__(self, *exc_info):
        _stop(self.process)

    def _wait_until_healthy(self, process):
        deadline = time.monotonic() + bench_settings.START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            with contextlib.suppress(OSError, http.client.HTTPException):
                if http_get(self.port, "/healthz", timeout=5)[0] == 200:
                    return
            time.sleep(0.2)
        raise StartError(
            f"gunicorn {self.name} did not answer /healthz on port {self.port}:\n"
            + _log_tail(self.log_path)
        )

    def worker_rss_kb(self) -> dict[int, int]:
        """Resident memory (VmRSS, kB) of each worker: the master's child processes."""
        return {pid: _rss_kb(pid) for pid in _children(self.process.pid)}


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # The command name is in parentheses and may hold spaces: split after it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return sorted(pids)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Redis:
    """Debian's redis-server as our own process: no persistence, loopback only."""

    def __init__(self, executable: str):
        self.executable = executable
        self.port = free_port()
        self.url = self.url_for(0)
        self.log_path = LOG_DIR / "redis.log"
        self.process = None

    def __enter__(self):
        command = [
            self.executable,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(LOG_DIR),
        ]
        self.process = _start(command, self.log_path, self._wait_until_ready)
        return self

    def __exit__(self, *exc_info):
        _stop(self.process)

    def _wait_until_ready(self, process):
        deadline = time.monotonic() + bench_settings.START_TIMEOUT_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection,
            ):
                connection.sendall(b"PING\r\n")
                if connection.recv(64).startswith(b"+PONG"):
                    return
            time.sleep(0.1)
        raise StartError(
            f"redis-server did not answer on port {self.port}:\n" + _log_tail(self.log_path)
        )

    def url_for(self, database: int) -> str:
        """The address of one of Redis's numbered databases (0–15)."""
        return f"redis://127.0.0.1:{self.port}/{database}"

    def flush(self):
        """Empty the cache, so that each run starts cold as the others do."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(b"FLUSHALL\r\n")
            connection.recv(64)
