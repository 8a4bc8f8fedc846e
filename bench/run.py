"""python -m bench.run --scale small|national|both [--database-url URL] [--repeat N]

Creates the benchmark database afresh, migrates it, fills it with the synthetic programme of the scale,
times every scenario and prints a table; the results go to bench/results/<scale>-<vendor>.json.
``--scale both`` runs small then national (each in its own process) and compares their query counts:
it exits 1 if a page runs more queries at national scale than at small scale."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import BenchError
from .database import bench_database_url, describe, recreate_database, vendor_of

if TYPE_CHECKING:
    from .measure import ExportResult, Result, StepResult

RESULTS = Path(__file__).resolve().parent / "results"
SCALE_NAMES = ("small", "national")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[1])
    parser.add_argument("--scale", choices=[*SCALE_NAMES, "both"], default="small")
    parser.add_argument("--database-url", help="default postgres://postgres@127.0.0.1:5432/duikou_bench_{scale}; "
                                               "{scale} is replaced; the name must contain 'bench'")
    parser.add_argument("--repeat", type=int, default=20, help="timed repetitions of each scenario (median)")
    parser.add_argument("--only", metavar="TEXT", help="run only the scenarios whose name contains TEXT")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        if args.scale == "both":
            return run_both(argv=sys.argv[1:] if argv is None else argv, database_url=args.database_url)
        run_scale(scale=args.scale, database_url=args.database_url, repeat=args.repeat, only=args.only)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    return 0


def run_scale(*, scale: str, database_url: str | None, repeat: int, only: str | None) -> dict:
    url = bench_database_url(scale=scale, database_url=database_url)
    print(f"Benchmark at {scale} scale on {describe(url=url)} (dropped and created afresh)", flush=True)
    recreate_database(url=url)
    os.environ["DATABASE_URL"] = url
    os.environ["DUIKOU_DEBUG"] = "0"  # DEBUG would log every query and slow every page
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # STATIC_ROOT before collectstatic
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from .generate import SCALES, generate
    from .measure import Skipped, measure, measure_export, measure_workload
    from .scenarios import EXPORTS, SCENARIOS, WORKLOADS

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    generated_data = generate(scale=SCALES[scale])
    generated = time.perf_counter()
    print(f"  migrated in {migrated - started:.1f} s, generated in {generated - migrated:.1f} s ("
          + ", ".join(f"{name} {s:.1f} s" for name, s in generated_data.seconds.items()) + "): "
          + ", ".join(f"{n:,} {name}s" for name, n in generated_data.rows.items()), flush=True)

    measured = [measure(scenario=s, repeat=repeat) for s in SCENARIOS if not only or only in s.name]
    results = [r for r in measured if not isinstance(r, Skipped)]
    skipped = [r for r in measured if isinstance(r, Skipped)]
    print_table(results=results)
    for r in skipped:
        print(f"{r.scenario}: SKIPPED: {r.skipped}")
    exports = [measure_export(export=e, repeat=repeat) for e in EXPORTS if not only or only in e.name]
    print_exports(exports=exports)
    work = [step for w in WORKLOADS if not only or only in w.name for step in measure_workload(workload=w)]
    print_workloads(steps=work)
    report = {
        "scale": scale, "vendor": connection.vendor, "database": describe(url=url),
        "server_version": _server_version(connection), "repeat": repeat,
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
        "django": django.get_version(), "rows": generated_data.rows,
        "seconds": {"migrate": round(migrated - started, 2), "generate": round(generated - migrated, 2),
                    "generate_steps": generated_data.seconds},
        "scenarios": [asdict(result) for result in results],
        "skipped_scenarios": [asdict(result) for result in skipped],
        "exports": [asdict(result) for result in exports],
        "workloads": [asdict(result) for result in work],
    }
    path = result_path(scale=scale, url=url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  results written to {os.path.relpath(path)}")
    return report


def result_path(*, scale: str, url: str) -> Path:
    return RESULTS / f"{scale}-{vendor_of(url=url)}.json"


def print_table(*, results: list[Result]) -> None:
    header = ("scenario", "rows in DB", "visible", "queries", "page ms", "SQL in page ms", "bare SQL ms", "ratio",
              "≤3×", "SQL ratio")
    rows = [(r.scenario, r.rows_in_db, r.rows_visible, r.queries, f"{r.page_ms:.2f}", f"{r.page_sql_ms:.2f}",
             f"{r.bare_ms:.2f}", f"{r.ratio:.1f}", "yes" if r.meets_goal else "NO", f"{r.sql_ratio:.1f}")
            for r in results]
    _print_rows(header=header, rows=rows)


def print_exports(*, exports: list[ExportResult]) -> None:
    if not exports:
        return
    print()
    for skipped in (e for e in exports if e.skipped):
        print(f"{skipped.export}: SKIPPED: {skipped.skipped}")
    measured = [e for e in exports if not e.skipped]
    if not measured:
        return
    header = ("export", "rows", "queries", "prepare ms", "first ms", "median ms", "min ms", "max ms",
              "Python peak MiB", "RSS growth MiB first", "warm", "size KiB")
    rows = [(e.export, e.rows, e.queries, f"{e.prepare_ms:.0f}", f"{e.first_ms:.0f}", f"{e.ms:.0f}", f"{e.ms_min:.0f}",
             f"{e.ms_max:.0f}", f"{e.python_peak_mib:.1f}", _mib_or_dash(e.first_rss_growth_mib),
             _mib_or_dash(e.rss_growth_mib), f"{e.size_kib:.0f}") for e in measured]
    _print_rows(header=header, rows=rows)


def print_workloads(*, steps: list[StepResult]) -> None:
    if not steps:
        return
    print()
    for skipped in (s for s in steps if s.skipped):
        print(f"{skipped.workload}: SKIPPED: {skipped.skipped}")
    measured = [s for s in steps if not s.skipped]
    if not measured:
        return
    header = ("workload", "step", "rows", "size KiB", "queries", "ms", "RSS growth MiB", "Python peak MiB",
              "× bare time", "× bare memory")
    rows = [(s.workload, s.step, f"{s.rows:,}", f"{s.size_kib:.0f}" if s.size_kib else "", s.queries, f"{s.ms:.0f}",
             _mib_or_dash(s.rss_growth_mib), f"{s.python_peak_mib:.1f}",
             "" if s.time_ratio is None else f"{s.time_ratio:.1f}",
             "" if s.memory_ratio is None else f"{s.memory_ratio:.1f}") for s in measured]
    _print_rows(header=header, rows=rows)


def run_both(*, argv: list[str], database_url: str | None) -> int:
    """Each scale in a fresh process (Django is set up once per process), then the comparison."""
    reports = {}
    for scale in SCALE_NAMES:
        command = [sys.executable, "-m", "bench.run", *_without_scale(argv), "--scale", scale]
        if subprocess.run(command).returncode:
            raise BenchError(f"the {scale} run failed; no comparison.")
        url = bench_database_url(scale=scale, database_url=database_url)
        reports[scale] = json.loads(result_path(scale=scale, url=url).read_text(encoding="utf-8"))
    small, national = ({r["scenario"]: r for r in reports[s]["scenarios"]} for s in SCALE_NAMES)
    rows, grew = [], False
    for name, at_small in small.items():
        at_national = national.get(name)
        if at_national is None:  # skipped at national scale
            continue
        same = at_small["queries"] == at_national["queries"]
        grew |= not same
        rows.append((name, at_small["queries"], at_national["queries"], "same" if same else "DIFFERENT",
                     f"{at_small['ratio']:.1f}", f"{at_national['ratio']:.1f}"))
    print("\nQueries per page, small vs national scale:")
    _print_rows(header=("scenario", "queries small", "queries national", "", "ratio small", "ratio national"),
                rows=rows)
    small, national = ({e["export"]: e for e in reports[s].get("exports", []) if not e["skipped"]}
                       for s in SCALE_NAMES)
    rows = []
    for name, at_small in small.items():
        at_national = national.get(name)
        if at_national is None:
            continue
        same = at_small["queries"] == at_national["queries"]
        grew |= not same
        rows.append((name, at_small["rows"], at_national["rows"], at_small["queries"], at_national["queries"],
                     "same" if same else "DIFFERENT", f"{at_small['ms']:.0f}", f"{at_national['ms']:.0f}",
                     f"{at_small['python_peak_mib']:.1f}", f"{at_national['python_peak_mib']:.1f}",
                     _mib_or_dash(at_small.get("first_rss_growth_mib")),
                     _mib_or_dash(at_national.get("first_rss_growth_mib"))))
    if rows:
        print("\nExports, small vs national scale:")
        _print_rows(header=("export", "rows small", "rows national", "queries small", "queries national", "",
                            "ms small", "ms national", "Python peak MiB small", "national",
                            "RSS growth (first) MiB small", "national"), rows=rows)
    small, national = ({(w["workload"], w["step"]): w for w in reports[s].get("workloads", []) if not w["skipped"]}
                       for s in SCALE_NAMES)
    rows = [(f"{workload}: {step}", f"{a['rows']:,}", f"{b['rows']:,}", _per_row(a), _per_row(b), f"{a['ms']:.0f}",
             f"{b['ms']:.0f}", f"{a['python_peak_mib']:.1f}", f"{b['python_peak_mib']:.1f}",
             _mib_or_dash(a.get("rss_growth_mib")), _mib_or_dash(b.get("rss_growth_mib")))
            for (workload, step), a in small.items() if (b := national.get((workload, step))) is not None]
    if rows:
        print("\nImports and exports, small vs national scale (their queries grow with their rows: compare per row):")
        _print_rows(header=("workload: step", "rows small", "rows national", "queries/row small", "national",
                            "ms small", "ms national", "Python peak MiB small", "national", "RSS growth MiB small",
                            "national"), rows=rows)
    if grew:
        print("A page's (or an export's) query count depends on the amount of data: look for a missing "
              "select_related or prefetch_related in its view, serializer or selector.")
    return 1 if grew else 0


def _per_row(step: dict) -> str:
    return f"{step['queries'] / step['rows']:.2f}" if step["rows"] else "—"


def _mib_or_dash(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _without_scale(argv: list[str]) -> list[str]:
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--scale":
            skip = True
        elif not arg.startswith("--scale="):
            kept.append(arg)
    return kept


def _print_rows(*, header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for i, row in enumerate([header, *rows]):
        print("  ".join(str(cell).ljust(w) if j == 0 else str(cell).rjust(w) for j, (cell, w) in
                        enumerate(zip(row, widths, strict=True))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
