"""The benchmark's figures derived from the measurements, and the table it prints.

Each endpoint's figures are those of its best round (see best_round in __main__.py);
"spread" says how far its worst round fell below that.

Ratios to a floor are throughput ratios: the floor's requests per second divided by the
endpoint's, i.e. how many of the floor's requests the server answers in the time of one
of the endpoint's (1.0 = as cheap as the floor). Growth between sizes divides the larger
size's figure by the smaller's: p50 growth above 1 means slower, rps growth below 1 means
fewer requests per second.
"""

import itertools

# The two floors: the least a request to the app can cost, with and without a Django view.
FLOORS = ("robots", "static")


def add_floor_ratios(endpoints: dict) -> None:
    for floor in FLOORS:
        floor_rps = endpoints[floor]["rps"]
        floor_p50 = endpoints[floor]["p50_ms"]
        for figures in endpoints.values():
            figures[f"rps_ratio_{floor}"] = _ratio(floor_rps, figures["rps"])
            figures[f"p50_ratio_{floor}"] = _ratio(figures["p50_ms"], floor_p50)


def growth(sizes: dict) -> dict:
    """For each pair of consecutive sizes and each mode: p50 and rps, larger ÷ smaller."""
    ordered = sorted(sizes, key=int)
    result = {}
    for smaller, larger in itertools.pairwise(ordered):
        pair = {}
        for mode, measured in sizes[larger]["modes"].items():
            before = sizes[smaller]["modes"].get(mode)
            if before is None:
                continue
            pair[mode] = {
                name: {
                    "p50_ratio": _ratio(figures["p50_ms"], before["endpoints"][name]["p50_ms"]),
                    "rps_ratio": _ratio(figures["rps"], before["endpoints"][name]["rps"]),
                }
                for name, figures in measured["endpoints"].items()
            }
        result[f"{smaller}->{larger}"] = pair
    return result


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def _spread(rounds_rps: list[float]) -> float:
    """How far the worst round fell below the best, in per cent: the run's noise."""
    best = max(rounds_rps)
    return (best - min(rounds_rps)) / best * 100 if best else 0.0


def _fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def size_table(size: str, mode: str, measured: dict) -> list[str]:
    lines = [
        f"{int(size):,} products, page cache {mode}:",
        f"  {'endpoint':<11}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'queries':>9}{'cache':>7}{'×robots':>9}{'×static':>9}{'KB':>7}{'spread':>8}"
        f"{'errors':>8}",
    ]
    for name, row in measured["endpoints"].items():
        lines.append(
            f"  {name:<11}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['queries']:>9}{row['page_cache']:>7}"
            f"{_fmt(row['rps_ratio_robots'], '.1f'):>9}{_fmt(row['rps_ratio_static'], '.1f'):>9}"
            f"{row['kb_per_response']:>7.1f}{_spread(row['rounds_rps']):>7.0f}%"
            f"{sum(row['errors'].values()):>8}"
        )
    return lines


def growth_table(pair: str, by_mode: dict) -> list[str]:
    modes = list(by_mode)
    header = "".join(f"{mode + ' p50':>12}{mode + ' rps':>12}" for mode in modes)
    lines = [f"Growth {pair} products (larger ÷ smaller):", f"  {'endpoint':<11}{header}"]
    for name in next(iter(by_mode.values()), {}):
        cells = "".join(
            f"{_fmt(by_mode[mode][name]['p50_ratio'], '.2f'):>12}"
            f"{_fmt(by_mode[mode][name]['rps_ratio'], '.2f'):>12}"
            for mode in modes
        )
        lines.append(f"  {name:<11}{cells}")
    return lines


def summary_lines(report: dict) -> list[str]:
    lines = []
    for size, measured_size in report["sizes"].items():
        for mode, measured in measured_size["modes"].items():
            lines += [*size_table(size, mode, measured), ""]
    for pair, by_mode in report["growth"].items():
        lines += [*growth_table(pair, by_mode), ""]
    check = report.get("two_servers")
    if check:
        verdict = "PASS" if check["passed"] else f"FAIL ({check.get('failure', '')})"
        lines.append(f"Two app servers, one Redis: {verdict}")
        if "b_after_change" in check:
            lines.append(
                f"  B before: page cache {check['b_before_change']['page_cache']}; "
                f"after A's change: page cache {check['b_after_change']['page_cache']}, "
                f"organisation shown: {check['b_after_change']['organisation_shown']}"
            )
    soak = report.get("soak")
    if soak:
        lines += _soak_lines(soak)
    lines.append(
        f"Generator {report['generator']}; {report['runtime_seconds']:.0f} s; "
        f"{'PASSED' if report['passed'] else 'FAILED'}"
    )
    return lines


def _soak_lines(soak: dict) -> list[str]:
    verdict = "PASS" if soak["passed"] else "FAIL (" + "; ".join(soak["failures"]) + ")"
    load = soak["load"]
    lines = [
        f"Soak {soak['seconds']:.0f} s, {soak['connections']} connections, mixed reads, "
        f"page cache {soak['page_cache']}: {verdict}",
        f"  {load['requests']:,} requests, {load['rps']:.1f}/s, p50 {load['p50_ms']:.1f} ms, "
        f"p99 {load['p99_ms']:.1f} ms, errors {load['errors']}",
    ]
    for pid, worker in soak["workers"].items():
        lines.append(
            f"  worker {pid}: {worker['before_mb']:.1f} MB -> {worker['after_mb']:.1f} MB "
            f"(+{worker['growth_mb']:.1f} MB, bound {soak['rss_growth_limit_mb']} MB)"
        )
    return lines
