"""``make bench``: the portal served as in production, under load, at several sizes.

For each catalogue size (1,000 and 10,000 products; 100,000 with --large) on its own
seeded database: gunicorn with production settings, once per page cache mode; each
endpoint loaded by wrk (or the Python generator) for a fixed time; its SQL queries
counted. Then two app servers sharing one Redis (a change through one shows through the
other at once) and a soak with the mixed read load (no errors, bounded worker memory).
Writes bench/results/latest.json and prints a table; exits 1 when a check fails.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import settings as bench_settings
from bench.load import databases, report
from bench.load.generators import PythonGenerator, WrkGenerator
from bench.load.servers import REPO, AppServer, Redis, http_get, production_env, run_python
from bench.load.twoservers import run_check

RESULTS = REPO / "bench" / "results" / "latest.json"


def parse_args(argv: list[str]) -> argparse.Namespace:
    s = bench_settings
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    add = parser.add_argument
    add("--large", action="store_true", help=f"also measure {s.LARGE_SIZE:,} products")
    add("--sizes", type=_ints, default=s.SIZES, help="comma-separated product counts")
    add("--modes", type=_words, default=s.MODES, help="page cache modes: off,on,redis")
    add("--duration", type=float, default=s.DURATION_SECONDS, help="seconds per round")
    add("--rounds", type=int, default=s.ROUNDS, help="rounds per endpoint; the best counts")
    add("--warmup", type=float, default=s.WARMUP_SECONDS, help="seconds before each")
    add("--connections", type=int, default=s.CONNECTIONS)
    add("--threads", type=int, default=s.THREADS, help="wrk threads")
    add("--workers", type=int, default=s.WORKERS, help="gunicorn workers per app server")
    add("--soak-seconds", type=float, default=s.SOAK_SECONDS, help="0 skips the soak")
    add("--soak-warmup", type=float, default=s.SOAK_WARMUP_SECONDS)
    add("--soak-connections", type=int, default=s.SOAK_CONNECTIONS)
    add("--soak-mode", choices=("off", "on"), default=s.SOAK_MODE, help="page cache")
    add("--rss-limit-mb", type=float, default=s.SOAK_RSS_GROWTH_LIMIT_MB)
    add("--python-load", action="store_true", help="use the Python generator, not wrk")
    add("--reseed", action="store_true", help="seed the databases again")
    add("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.large and s.LARGE_SIZE not in args.sizes:
        args.sizes = (*args.sizes, s.LARGE_SIZE)
    return args


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(item) for item in text.split(",") if item)


def _words(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def choose_generator(args):
    """wrk when installed (make bench installs it as root), else the Python generator."""
    executable = shutil.which("wrk")
    if executable and not args.python_load:
        version = subprocess.run([executable, "-v"], capture_output=True, text=True).stdout
        generator = WrkGenerator(
            executable, threads=args.threads, timeout=bench_settings.TIMEOUT_SECONDS
        )
        return generator, version.split(" [")[0].strip() or "wrk"
    if not args.python_load:
        print("wrk is not installed: the slower Python load generator stands in.")
    return PythonGenerator(timeout=bench_settings.TIMEOUT_SECONDS), "python (http.client threads)"


def probe(url: str, mode: str, redis_url: str) -> dict:
    """URLs and query counts from a Django process in this mode's environment."""
    env = production_env(database_url=url, mode=mode, redis_url=redis_url)
    output = run_python(["-m", "bench.load.probe", bench_settings.SEARCH_WORD], env)
    line = next(line for line in output.splitlines() if line.startswith("PROBE_JSON "))
    return json.loads(line.removeprefix("PROBE_JSON "))


def warm_up(server: AppServer, generator, path: str, args) -> str:
    """Load the path briefly (which also fills the page cache); its X-Page-Cache then."""
    generator.run(server.port, [path], connections=args.connections, seconds=args.warmup)
    _status, headers, _body = http_get(server.port, path)
    return headers.get("X-Page-Cache", "-")


def best_round(path: str, rounds: list) -> dict:
    """The round with the most requests per second, with every round's errors.

    The machine is shared, and whatever else runs on it only ever slows a round down, so
    the best round is the closest to what the portal itself costs; the other rounds'
    throughput is kept to show how noisy the run was.
    """
    best = max(rounds, key=lambda result: result.rps)
    errors = {kind: sum(result.errors[kind] for result in rounds) for kind in best.errors}
    return {
        "url": path,
        **best.as_dict(),
        "errors": errors,
        "rounds_rps": [round(result.rps, 1) for result in rounds],
    }


def measure_endpoint(servers: dict, paths: dict, generator, args) -> dict:
    """One endpoint at every size: {size: figures}, the sizes taking turns each round."""
    page_cache = {
        size: warm_up(server, generator, paths[size], args) for size, server in servers.items()
    }
    rounds = {size: [] for size in servers}
    for _round in range(args.rounds):
        for size, server in servers.items():
            load = generator.run(
                server.port, [paths[size]], connections=args.connections, seconds=args.duration
            )
            rounds[size].append(load)
    return {
        size: {**best_round(paths[size], rounds[size]), "page_cache": page_cache[size]}
        for size in servers
    }


def measure_mode(databases_by_size: dict, mode: str, generator, redis: Redis, args) -> dict:
    """Every endpoint at every size in one page cache mode: {size: figures}.

    One app server per size runs for the whole mode, and the sizes take turns at each
    endpoint, so that the growth between sizes compares measurements taken seconds
    apart, under the same load from whatever else runs on the machine.
    """
    redis.flush()
    # One Redis database per size, so that the sizes' pages never meet.
    redis_urls = {size: redis.url_for(index) for index, size in enumerate(databases_by_size)}
    probes = {size: probe(url, mode, redis_urls[size]) for size, url in databases_by_size.items()}
    endpoints = {size: {} for size in databases_by_size}
    with contextlib.ExitStack() as stack:
        servers = {
            size: stack.enter_context(
                AppServer(
                    f"{size}-{mode}",
                    production_env(database_url=url, mode=mode, redis_url=redis_urls[size]),
                    args.workers,
                )
            )
            for size, url in databases_by_size.items()
        }
        for name in next(iter(probes.values()))["urls"]:
            paths = {size: probes[size]["urls"][name] for size in servers}
            print(f"  {mode:<5} {name:<10} {paths[max(paths)]}", flush=True)
            for size, figures in measure_endpoint(servers, paths, generator, args).items():
                queries = probes[size]["counts"][name]["queries"]
                endpoints[size][name] = {**figures, "queries": queries}
    for figures in endpoints.values():
        report.add_floor_ratios(figures)
    return {
        size: {"endpoints": endpoints[size], "search_matches": probes[size]["search_matches"]}
        for size in databases_by_size
    }


def prepare_databases(base_url: str, args) -> dict:
    prepared = {}
    for size in args.sizes:
        print(f"Database for {size:,} products", flush=True)
        url, counts, seeded = databases.prepare(base_url, size, reseed=args.reseed)
        prepared[size] = {
            "database": databases.database_name(size),
            "url": url,
            "seeded_now": seeded,
            "counts": vars(counts),
            "modes": {},
        }
    return prepared


def two_servers(url: str, product_path: str, redis: Redis, args) -> dict:
    """Servers A and B on one database and one Redis, the page cache on."""
    redis.flush()
    env = production_env(database_url=url, mode="redis", redis_url=redis.url)
    print("Two app servers sharing one Redis: the change check", flush=True)
    with (
        AppServer("two-servers-a", env, args.workers) as server_a,
        AppServer("two-servers-b", env, args.workers) as server_b,
    ):
        return run_check(server_a=server_a, server_b=server_b, product_path=product_path, env=env)


def soak(url: str, paths: list[str], generator, args) -> dict:
    """The mixed read load on one server: no errors, bounded memory."""
    env = production_env(database_url=url, mode=args.soak_mode, redis_url=None)
    print(
        f"Soak: {args.soak_seconds:.0f} s, {args.soak_connections} connections, "
        f"page cache {args.soak_mode}",
        flush=True,
    )
    with AppServer("soak", env, args.workers) as server:
        connections = args.soak_connections
        generator.run(server.port, paths, connections=connections, seconds=args.soak_warmup)
        before = server.worker_rss_kb()
        result = generator.run(
            server.port, paths, connections=connections, seconds=args.soak_seconds
        )
        after = server.worker_rss_kb()
    return {**judge_soak(result, before, after, args), "paths": paths}


def judge_soak(result, before: dict, after: dict, args) -> dict:
    workers = {
        str(pid): {
            "before_mb": round(kb / 1024, 1),
            "after_mb": round(after.get(pid, 0) / 1024, 1),
            "growth_mb": round((after.get(pid, 0) - kb) / 1024, 1),
        }
        for pid, kb in before.items()
    }
    failures = []
    if result.error_count:
        failures.append(f"{result.error_count} errors {result.errors}")
    if set(before) != set(after):
        failures.append(f"workers changed during the soak: {sorted(before)} -> {sorted(after)}")
    limit_kb = args.rss_limit_mb * 1024
    grown = [str(pid) for pid, kb in before.items() if after.get(pid, 0) - kb > limit_kb]
    if grown:
        failures.append(f"workers {', '.join(grown)} grew more than {args.rss_limit_mb} MB")
    return {
        "passed": not failures,
        "failures": failures,
        "seconds": args.soak_seconds,
        "connections": args.soak_connections,
        "page_cache": args.soak_mode,
        "load": result.as_dict(),
        "rss_growth_limit_mb": args.rss_limit_mb,
        "workers": workers,
    }


def collectstatic(base_url: str) -> None:
    """Hashed, compressed files and their manifest, as a release build would make them."""
    env = production_env(database_url=base_url, mode="off", redis_url=None)
    run_python(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)


def code_version() -> dict:
    """The commit measured, and how many files others had changed in the shared tree."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout

    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted_files": len(git("status", "--porcelain").splitlines()),
    }


def run(args, base_url: str, redis_server: str) -> dict:
    generator, generator_name = choose_generator(args)
    started = time.monotonic()
    result = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()},
        "python": platform.python_version(),
        "code": code_version(),
        "generator": generator_name,
        "settings": {key: value for key, value in vars(args).items() if key != "output"},
        "sizes": {},
    }
    collectstatic(base_url)
    sizes = prepare_databases(base_url, args)
    with Redis(redis_server) as redis:
        for mode in args.modes:
            print(f"Page cache {mode}", flush=True)
            by_size = {size: measured["url"] for size, measured in sizes.items()}
            for size, measured in measure_mode(by_size, mode, generator, redis, args).items():
                sizes[size]["modes"][mode] = measured
        # Without the database URLs, which may hold a password.
        result["sizes"] = {
            str(size): {key: value for key, value in measured.items() if key != "url"}
            for size, measured in sizes.items()
        }
        # The checks run on the largest size short of the --large one (10,000 products).
        usual = [size for size in sizes if size != bench_settings.LARGE_SIZE] or list(sizes)
        checked_size = sizes[max(usual)]
        urls = next(iter(checked_size["modes"].values()))["endpoints"]
        result["two_servers"] = two_servers(
            checked_size["url"], urls["product"]["url"], redis, args
        )
    if args.soak_seconds > 0:
        paths = [figures["url"] for figures in urls.values()]
        result["soak"] = soak(checked_size["url"], paths, generator, args)
    result["growth"] = report.growth(result["sizes"])
    result["runtime_seconds"] = round(time.monotonic() - started, 1)
    result["passed"] = passed(result)
    return result


def passed(result: dict) -> bool:
    """The checks hold and no measured request failed (errors make the figures void)."""
    errors = sum(
        sum(figures["errors"].values())
        for size in result["sizes"].values()
        for mode in size["modes"].values()
        for figures in mode["endpoints"].values()
    )
    return (
        errors == 0
        and result["two_servers"]["passed"]
        and result.get("soak", {"passed": True})["passed"]
    )


def _under_database() -> None:
    """Without DATABASE_URL, run again under the embedded cluster, kept up until the end."""
    os.chdir(REPO)
    command = [sys.executable, "-m", "bench.load", *sys.argv[1:]]
    os.execv(sys.executable, [sys.executable, "-m", "os2portal.embedded_db", "exec", *command])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # Stopped from outside, unwind as on Ctrl-C, so the servers and Redis stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        _under_database()
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        print("Missing Redis for the two-server check: install Debian's 'redis-server' package.")
        return 2
    result = run(args, base_url, redis_server)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print("\n".join(report.summary_lines(result)))
    print(f"Figures written to {args.output}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
