"""Benchmark of synth: start-up, the scalar route, sweep throughput and peak memory, with ratios to targets.

Run from the repository with the project installed (``pip install -e .``)::

    python bench/bench.py            # about a minute on 2 cores
    python bench/bench.py --json     # the same figures as JSON

Targets (issue 6): ``synth --help`` imports neither Cantera nor pint; a cold ``synth scale ampsi --json``
costs at most 1.3 x the import floor of its dependencies (``import cantera, pint; pint.UnitRegistry()``);
10,000 sweep points in under 2 s, at least 50 x less time per point than the scalar path in a loop.
"Cold" means a new process each time (the OS file cache stays warm); each figure is the median of
several runs, so that one slow run does not decide it. This is a benchmark, never a test: it prints
figures and exits 0 (1 only if a target is missed, so that it can gate a release by hand).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
_SCRIPT = Path(PY).parent / "synth"
SYNTH = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "synth"]  # the console script, as users run it
FLOOR = "import cantera, pint; pint.UnitRegistry()"
GRID = ["--vary", "leaching.acid.excess=0..50 %:100", "--vary", "recycling.cell.voltage=3..6 V:100"]
BASIS = "AMPSi@C=1 kg"
RATE = "10 kg/day"


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time [s] of ``cmd`` run ``repeat`` times as a new process (one warm-up run first)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported(modules: tuple[str, ...], code: str) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport sys; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    return subprocess.run([PY, "-c", probe], check=True, capture_output=True, text=True).stdout.split()


def peak_rss_mb(code: str) -> float:
    """Peak resident memory [MB] of a fresh interpreter running ``code``."""
    probe = f"{code}\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([PY, "-c", probe], check=True, capture_output=True, text=True).stdout.split()[-1]
    return int(out) / 1024.0


def in_process(repeat: int) -> dict:
    """Route and sweep timings inside one warm process."""
    from synth.recipe import load
    from synth.route import run
    from synth.scaling import scale
    from synth.sweep import Range, point, sweep

    recipe = load("ampsi")
    run(recipe)  # warm the caches a session would have warmed
    route = _median(lambda: run(recipe), repeat)
    scaled = _median(lambda: scale(recipe, BASIS), repeat)
    ranges = [Range.parse(GRID[1], recipe), Range.parse(GRID[3], recipe)]
    result = sweep(recipe, ranges, BASIS)
    sweep_10k = _median(lambda: sweep(recipe, ranges, BASIS), repeat)
    samples = [{n: q[i] for n, q in result.inputs.items()} for i in range(0, result.points, result.points // 40)]
    start = time.perf_counter()
    for values in samples:
        point(recipe, values, BASIS)
    scalar_point = (time.perf_counter() - start) / len(samples)
    big = [Range.parse("leaching.acid.excess=0..50 %:1000", recipe), Range.parse(GRID[3], recipe)]
    start = time.perf_counter()
    sweep(recipe, big, BASIS)
    sweep_100k = time.perf_counter() - start
    return {**planning(recipe, repeat), "route_ms": route * 1e3, "scale_ms": scaled * 1e3, "sweep_10k_s": sweep_10k,
            "sweep_per_point_us": sweep_10k / result.points * 1e6, "scalar_per_point_ms": scalar_point * 1e3,
            "sweep_100k_s": sweep_100k, "points_per_s": result.points / sweep_10k}


def planning(recipe, repeat: int) -> dict:
    """Scheduling 1,000 batches of the five-step ampsi route on the line ``synth plan --rate 10 kg/day
    --optimize-units`` chooses, the whole plan, and a 1,000-batch campaign."""
    from synth.plant.campaign import campaign
    from synth.plant.line import plan_line
    from synth.plant.schedule import schedule

    line = plan_line(recipe, RATE, optimize=True)
    counts = {u.unit.id: u.unit.count for u in line.units}
    sched = schedule(line.ops, counts, 1000, line.cycle_time)
    big = plan_line(recipe, RATE, optimize=True, batches=1000)
    return {"schedule_1000_s": _median(lambda: schedule(line.ops, counts, 1000, line.cycle_time), repeat),
            "schedule_1000_runs": len(sched.runs), "schedule_units": sum(counts.values()),
            "plan_s": _median(lambda: plan_line(recipe, RATE, optimize=True), repeat),
            "campaign_1000_s": _median(lambda: campaign(big), max(1, repeat // 3))}


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def measure(repeat: int) -> dict:
    bare = wall([PY, "-c", "pass"], repeat)
    typer_floor = wall([PY, "-c", "import typer"], repeat)
    help_s = wall(SYNTH + ["--help"], repeat)
    floor = wall([PY, "-c", FLOOR], repeat)
    scale_s = wall(SYNTH + ["scale", "ampsi", "--json"], repeat)
    sweep_cli = wall(SYNTH + ["sweep", "ampsi", *GRID, "-b", BASIS], max(3, repeat // 2))
    inside = in_process(repeat)
    sweep_code = ("from synth.recipe import load; from synth.sweep import Range, sweep; r = load('ampsi'); "
                  f"sweep(r, [Range.parse({GRID[1]!r}, r), Range.parse({GRID[3]!r}, r)], {BASIS!r})")
    editable = any("__editable__" in p.name for p in Path(PY).parent.parent.glob("lib/python*/site-packages/*"))
    return {
        "machine": machine(), "install": "editable (pip install -e)" if editable else "regular (pip install .)",
        "python_start_s": bare, "typer_import_s": typer_floor, "help_s": help_s,
        "help_imports": imported(("cantera", "pint", "numpy"), "from synth.cli.app import app"),
        "import_floor_s": floor, "scale_json_s": scale_s, "scale_over_floor": scale_s / floor,
        "sweep_cli_10k_s": sweep_cli, **inside,
        "sweep_speedup_per_point": inside["scalar_per_point_ms"] * 1e3 / inside["sweep_per_point_us"],
        "floor_rss_mb": peak_rss_mb(FLOOR), "sweep_10k_rss_mb": peak_rss_mb(sweep_code),
    }


TARGETS = {
    "help imports neither cantera nor pint": lambda r: not {"cantera", "pint"} & set(r["help_imports"]),
    "scale --json <= 1.3 x import floor": lambda r: r["scale_over_floor"] <= 1.3,
    "10,000 sweep points < 2 s": lambda r: r["sweep_10k_s"] < 2.0,
    ">= 50 x less time per point than scalar": lambda r: r["sweep_speedup_per_point"] >= 50,
    "1,000 batches scheduled < 1 s": lambda r: r["schedule_1000_s"] < 1.0,
}


def report(r: dict) -> str:
    lines = [f"machine: {r['machine']}; synth install: {r['install']}", "",
             "| figure | value | ratio |", "|---|---|---|",
             f"| `python -c pass` | {r['python_start_s'] * 1e3:.0f} ms | |",
             f"| `synth --help` (cold) | {r['help_s'] * 1e3:.0f} ms | {r['help_s'] / r['typer_import_s']:.2f} x "
             f"`import typer` ({r['typer_import_s'] * 1e3:.0f} ms); imports {', '.join(r['help_imports']) or 'none'} "
             "of cantera, pint, numpy |",
             f"| `synth scale ampsi --json` (cold) | {r['scale_json_s'] * 1e3:.0f} ms | {r['scale_over_floor']:.2f} x "
             f"import floor ({r['import_floor_s'] * 1e3:.0f} ms; target <= 1.3) |",
             f"| scalar route, `run(ampsi)` | {r['route_ms']:.1f} ms | |",
             f"| scalar `scale(ampsi, '{BASIS}')` (2 route runs) | {r['scale_ms']:.1f} ms | |",
             f"| sweep, 10,000 points (in process) | {r['sweep_10k_s'] * 1e3:.0f} ms | target < 2 s |",
             f"| per point: sweep vs scalar `point()` | {r['sweep_per_point_us']:.1f} us vs "
             f"{r['scalar_per_point_ms']:.1f} ms | {r['sweep_speedup_per_point']:.0f} x faster (target >= 50) |",
             f"| sweep, 100,000 points | {r['sweep_100k_s']:.2f} s | {r['points_per_s']:,.0f} points/s at 10k |",
             f"| `synth sweep` 10,000 points, whole command | {r['sweep_cli_10k_s']:.2f} s | |",
             f"| schedule 1,000 batches of ampsi (5 steps, {r['schedule_1000_runs']:,} runs on "
             f"{r['schedule_units']} units) | {r['schedule_1000_s'] * 1e3:.0f} ms | target < 1 s |",
             f"| `plan_line(ampsi, '{RATE}', optimize=True)` (grid of batch sizes + schedule) | "
             f"{r['plan_s'] * 1e3:.0f} ms | |",
             f"| campaign of 1,000 batches (on its schedule) | {r['campaign_1000_s'] * 1e3:.0f} ms | |",
             f"| peak memory, 10,000-point sweep | {r['sweep_10k_rss_mb']:.0f} MB | "
             f"{r['sweep_10k_rss_mb'] / r['floor_rss_mb']:.2f} x import floor ({r['floor_rss_mb']:.0f} MB) |", ""]
    lines += [f"{'met ' if check(r) else 'MISSED'}  {name}" for name, check in TARGETS.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    r = measure(args.repeat)
    print(json.dumps(r, indent=2) if args.json else report(r))
    sys.exit(0 if all(check(r) for check in TARGETS.values()) else 1)


if __name__ == "__main__":
    main()
