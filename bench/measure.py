"""Time one scenario: its page (through Django's test client, logged in beforehand) against the bare SQL
that fetches the same rows, both repeated and reduced to their median; count the page's SQL queries.

Time one export (a document made on request) alone: its median time, its queries, and its peak memory
(Python allocations by tracemalloc; the resident set's growth, which also counts C libraries such as lxml)."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duikou.accounts.models import User

from . import BenchError
from .scenarios import Export, ExportUnavailable, Scenario, ScenarioUnavailable, Statement, Workload

GOAL_RATIO = 3.0  # a page may take at most three times its bare SQL (on PostgreSQL)


class PageFailed(BenchError):
    pass


@dataclass(frozen=True)
class Result:
    scenario: str
    url: str
    username: str
    rows_in_db: int  # rows of the scenario's model in the database
    rows_visible: int  # rows the user may see (the paginator's count)
    queries: int  # SQL queries of one request, session and user included
    page_ms: float  # median time of the whole request
    page_sql_ms: float  # median time the request spent executing SQL
    bare_ms: float  # median time of the bare SQL (execute and fetch every statement)
    ratio: float  # page_ms / bare_ms: the goal is at most GOAL_RATIO
    sql_ratio: float  # page_sql_ms / bare_ms: how much more SQL work the page does than the bare query
    page_ms_min: float
    page_ms_max: float
    bare_ms_min: float
    bare_ms_max: float

    @property
    def meets_goal(self) -> bool:
        return self.ratio <= GOAL_RATIO


@dataclass(frozen=True)
class Skipped:
    """A scenario that could not be measured: the page or the code it needs is not there (yet)."""

    scenario: str
    url: str
    username: str
    skipped: str


def measure(*, scenario: Scenario, repeat: int) -> Result | Skipped:
    user = User.objects.get(username=scenario.username)
    client = Client()
    client.force_login(user)  # outside the timing: a logged-in user opening the page
    try:
        model = _model(scenario.model)
        url, found = scenario.resolve()
        statements = scenario.bare(user=user, **found)
    except ScenarioUnavailable as exc:
        return Skipped(scenario=scenario.name, url=scenario.url, username=scenario.username, skipped=str(exc))

    def run_bare():
        return _run_bare(statements, checked=scenario.checked, counted=scenario.counted)

    def get():
        return _get(client, scenario, url)

    ids, count = run_bare()  # warm-up of both sides, and the check that they agree
    scenario.check(response=get(), ids=ids, count=count)
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured)  # read now: the next request empties the connection's query log

    page, page_sql, bare = [], [], []
    for _ in range(repeat):  # alternate page and bare SQL, so a busy machine slows both alike
        sql_time = _SqlTimer()
        with connection.execute_wrapper(sql_time):
            page.append(_timed(get))
        page_sql.append(sql_time.total)
        bare.append(_timed(run_bare))

    page_ms, page_sql_ms, bare_ms = (_ms(statistics.median(times)) for times in (page, page_sql, bare))
    return Result(
        scenario=scenario.name, url=url, username=scenario.username,
        rows_in_db=model._default_manager.count(), rows_visible=count, queries=queries,
        page_ms=page_ms, page_sql_ms=page_sql_ms, bare_ms=bare_ms,
        ratio=_ratio(page_ms, bare_ms), sql_ratio=_ratio(page_sql_ms, bare_ms),
        page_ms_min=_ms(min(page)), page_ms_max=_ms(max(page)), bare_ms_min=_ms(min(bare)), bare_ms_max=_ms(max(bare)),
    )


def _model(model):
    """The scenario's model; named "app.Model", looked up now (an app written later may not be installed)."""
    if not isinstance(model, str):
        return model
    from django.apps import apps

    try:
        return apps.get_model(model)
    except LookupError as exc:
        raise ScenarioUnavailable(f"{model} is not installed ({exc}).") from exc


def _get(client: Client, scenario: Scenario, url: str) -> HttpResponse:
    response = client.get(url, headers=scenario.headers)
    if response.status_code != 200:
        raise PageFailed(f"{scenario.name}: GET {url} as {scenario.username} answered "
                         f"{response.status_code}, not 200.")
    return response


def _run_bare(statements: list[Statement], *, checked: int = 0, counted: bool = True) -> tuple[list, int]:
    """Execute and fetch every statement; the checked one's ids, and the count (the last one's value, or the
    number of checked rows when no statement counts)."""
    with connection.cursor() as cursor:
        results = []
        for statement in statements:
            cursor.execute(statement.sql, statement.params)
            results.append(cursor.fetchall())
    ids = [row[0] for row in results[checked]]
    return ids, results[-1][0][0] if counted else len(ids)


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 2) if whole else float("inf")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


class _SqlTimer:
    """An execute wrapper adding up the time spent in the database driver's execute."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - start


# --- exports -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    export: str
    username: str
    skipped: str | None  # why it was not measured (the code that makes it is missing), else None
    rows: int = 0  # the rows behind the document
    queries: int = 0  # SQL queries of one export
    prepare_ms: float = 0.0  # preparing it, once (e.g. drafting the summary the document is made of)
    first_ms: float = 0.0  # the first export: imports, templates and caches warmed up
    ms: float = 0.0  # median of the next ones
    ms_min: float = 0.0
    ms_max: float = 0.0
    python_peak_mib: float = 0.0  # tracemalloc's peak during one export: Python allocations only
    rss_growth_mib: float | None = None  # the resident set's peak during a warm export over its size before
    first_rss_growth_mib: float | None = None  # the same during the first export (imports and templates loaded)
    size_kib: float = 0.0  # the document's size


def measure_export(*, export: Export, repeat: int) -> ExportResult:
    """Prepare, make once (warm-up, check, and the resident set's growth of a first export), count the queries
    of one export, time ``repeat`` more (10 at most), then measure the memory of one without and one with
    tracemalloc. All of it in a transaction rolled back at the end: the database is left as generated."""
    user = User.objects.get(username=export.username)
    with transaction.atomic():
        try:
            started = time.perf_counter()
            prepared = export.prepare(user=user)
            prepare_ms = _ms(time.perf_counter() - started)
        except ExportUnavailable as exc:
            transaction.set_rollback(True)
            return ExportResult(export=export.name, username=export.username, skipped=str(exc))
        started = time.perf_counter()
        content, first_rss_growth = _rss_growth(prepared.produce)
        first_ms = _ms(time.perf_counter() - started)
        prepared.check(content)
        with CaptureQueriesContext(connection) as captured:
            prepared.produce()
        queries = len(captured)
        times = [_timed(prepared.produce) for _ in range(min(repeat, 10))]
        gc.collect()
        _, rss_growth = _rss_growth(prepared.produce)
        tracemalloc.start()
        try:
            prepared.produce()
            python_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        transaction.set_rollback(True)
    return ExportResult(
        export=export.name, username=export.username, skipped=None, rows=prepared.rows, queries=queries,
        prepare_ms=prepare_ms, first_ms=first_ms, ms=_ms(statistics.median(times)), ms_min=_ms(min(times)),
        ms_max=_ms(max(times)), python_peak_mib=_mib(python_peak),
        rss_growth_mib=_mib(rss_growth), first_rss_growth_mib=_mib(first_rss_growth),
        size_kib=round(len(content) / 1024, 1),
    )


def _mib(size: int | None) -> float | None:
    return None if size is None else round(size / 2**20, 2)


def _rss_growth(function: Callable[[], object]) -> tuple[object, int | None]:
    """``function``'s result, and how far the resident set rose above its size before (bytes) while it ran.
    On Linux the peak is reset first (``/proc/self/clear_refs``), so a bigger peak earlier in the run (the
    generation) does not hide it; elsewhere, None. Memory the process already holds (freed by an earlier
    export) is reused without growing the resident set: a warm export may show little or no growth."""
    status, clear = Path("/proc/self/status"), Path("/proc/self/clear_refs")

    def read(field: str) -> int:
        line = next(line for line in status.read_text().splitlines() if line.startswith(f"{field}:"))
        return int(line.split()[1]) * 1024  # kB

    try:
        clear.write_text("5")  # resets VmHWM (the peak) to the current resident set
        before = read("VmRSS")
    except (OSError, StopIteration):
        return function(), None
    result = function()
    return result, max(0, read("VmHWM") - before)


# --- workloads: an Excel import, an .xlsx export ------------------------------------------------------------------


@dataclass(frozen=True)
class StepResult:
    workload: str
    step: str
    username: str
    skipped: str | None  # why it was not measured (the code it needs is missing), else None
    rows: int = 0
    size_kib: float = 0.0  # the file read or written
    queries: int = 0  # SQL statements executed by one run
    ms: float = 0.0  # the first run (median of ``repeat`` runs when there are more)
    ms_min: float = 0.0
    ms_max: float = 0.0
    rss_growth_mib: float | None = None  # the resident set's peak during the first run over its size before
    python_peak_mib: float = 0.0  # tracemalloc's peak during another run: Python allocations only
    versus: str | None = None  # the step it is compared with
    time_ratio: float | None = None  # ms / the other step's ms
    memory_ratio: float | None = None  # python_peak_mib / the other step's


def measure_workload(*, workload: Workload) -> list[StepResult]:
    """Each step: a first run timed, its SQL statements counted and the resident set's growth measured (its
    result checked); ``repeat - 1`` more timed runs; one more under ``tracemalloc``. Each run's writes are
    rolled back (a step marked ``keep`` keeps its first run's, for the next step), and everything at the end."""
    from .scenarios import ExportUnavailable

    user = User.objects.get(username=workload.username)
    results: list[StepResult] = []
    with transaction.atomic():
        try:
            steps = workload.prepare(user=user)
        except ExportUnavailable as exc:
            transaction.set_rollback(True)
            return [StepResult(workload=workload.name, step="", username=workload.username, skipped=str(exc))]
        for step in steps:
            times = []
            counter = _QueryCounter()
            gc.collect()
            with transaction.atomic():
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    result, rss_growth = _rss_growth(step.run)
                    times.append(time.perf_counter() - started)
                try:
                    step.check(result)
                finally:
                    step.dispose(result)
                if not step.keep:
                    transaction.set_rollback(True)
            for _ in range(step.repeat - 1):
                with transaction.atomic():
                    started = time.perf_counter()
                    step.dispose(step.run())
                    times.append(time.perf_counter() - started)
                    transaction.set_rollback(True)
            gc.collect()
            with transaction.atomic():
                tracemalloc.start()
                try:
                    result = step.run()
                    python_peak = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
                step.dispose(result)
                transaction.set_rollback(True)
            ms, peak = _ms(statistics.median(times)), _mib(python_peak)
            other = next((r for r in results if r.step == step.versus), None)
            results.append(StepResult(
                workload=workload.name, step=step.name, username=workload.username, skipped=None, rows=step.rows,
                size_kib=round(step.size / 1024, 1), queries=counter.count, ms=ms, ms_min=_ms(min(times)),
                ms_max=_ms(max(times)), rss_growth_mib=_mib(rss_growth), python_peak_mib=peak, versus=step.versus,
                time_ratio=_ratio(ms, other.ms) if other else None,
                memory_ratio=_ratio(peak, other.python_peak_mib) if other else None,
            ))
        transaction.set_rollback(True)
    return results


class _QueryCounter:
    """An execute wrapper counting the statements executed (cheaper than capturing them)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
