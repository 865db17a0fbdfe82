"""Load generators: Debian's wrk, or a Python closed loop where wrk cannot be had.

Both run a closed loop: each connection sends its next request as soon as the previous
answer arrives, for a fixed time, and both report the same figures (LoadResult). The
Python generator competes with the app server for the same two cores and for its own
GIL, so its throughput figures are lower than wrk's; it exists so that the benchmark
runs anywhere, and a flag forces it so that it stays tested.
"""

import http.client
import json
import math
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

LUA_SCRIPT = Path(__file__).resolve().parents[1] / "wrk_report.lua"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    # Bytes received, headers included.
    bytes: int = 0
    # socket: connect, read and write errors and timeouts; status: answers of 400 or more.
    errors: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def kb_per_response(self) -> float:
        return self.bytes / self.requests / 1024 if self.requests else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        figures = {key: round(value, 2) for key, value in asdict(self).items() if key != "errors"}
        return {
            **figures,
            "errors": self.errors,
            "rps": round(self.rps, 1),
            "kb_per_response": round(self.kb_per_response, 1),
        }


class WrkGenerator:
    name = "wrk"

    def __init__(self, executable: str, *, threads: int, timeout: int):
        self.executable = executable
        self.threads = threads
        self.timeout = timeout

    def run(self, port: int, paths: list[str], *, connections: int, seconds: float):
        command = [
            self.executable,
            "--threads",
            str(min(self.threads, connections)),
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            f"{self.timeout}s",
            "--script",
            str(LUA_SCRIPT),
            f"http://127.0.0.1:{port}{paths[0]}",
        ]
        if len(paths) > 1:
            command += ["--", *paths]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return _parse_wrk(output)


def _parse_wrk(output: str) -> LoadResult:
    line = next((line for line in output.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{output}")
    figures = json.loads(line.removeprefix("WRK_JSON "))
    errors = figures["errors"]
    latency = figures["latency_us"]
    return LoadResult(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        bytes=figures["bytes"],
        errors={
            "socket": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
            "status": errors["status"],
        },
    )


class PythonGenerator:
    name = "python"

    def __init__(self, *, timeout: int):
        self.timeout = timeout

    def run(self, port: int, paths: list[str], *, connections: int, seconds: float):
        workers = [_Connection(port, paths, offset, self.timeout) for offset in range(connections)]
        start = threading.Barrier(connections + 1)
        stop_at = []
        threads = [
            threading.Thread(target=worker.loop, args=(start, stop_at), daemon=True)
            for worker in workers
        ]
        for thread in threads:
            thread.start()
        began = time.perf_counter()
        stop_at.append(began + seconds)
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        latencies = sorted(latency for worker in workers for latency in worker.latencies)
        return LoadResult(
            requests=len(latencies),
            seconds=elapsed,
            p50_ms=_percentile(latencies, 50),
            p95_ms=_percentile(latencies, 95),
            p99_ms=_percentile(latencies, 99),
            max_ms=latencies[-1] if latencies else 0.0,
            bytes=sum(worker.bytes for worker in workers),
            errors={
                "socket": sum(worker.socket_errors for worker in workers),
                "status": sum(worker.status_errors for worker in workers),
            },
        )


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest rank, as wrk reports it."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(len(ordered) * percent / 100) - 1)]


class _Connection:
    """One keep-alive connection (http.client reconnects when the server closes it)."""

    def __init__(self, port: int, paths: list[str], offset: int, timeout: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.paths = paths
        self.turn = offset
        self.latencies: list[float] = []
        self.socket_errors = 0
        self.status_errors = 0
        self.bytes = 0

    def loop(self, start: threading.Barrier, stop_at: list[float]):
        start.wait()
        while time.perf_counter() < stop_at[0]:
            path = self.paths[self.turn % len(self.paths)]
            self.turn += 1
            began = time.perf_counter()
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                self.socket_errors += 1
                self.connection.close()
                continue
            self.latencies.append((time.perf_counter() - began) * 1000)
            # The body and an estimate of the headers, comparable with wrk's byte count.
            self.bytes += len(body) + len(str(response.headers)) + 17
            if response.status >= 400:
                self.status_errors += 1
        self.connection.close()
