"""Time one scenario: its page (through Django's test client, logged in beforehand) against the bare SQL
that fetches the same rows, both repeated and reduced to their median; count the page's SQL queries."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duikou.accounts.models import User

from . import BenchError
from .scenarios import Scenario, Statement

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


def measure(*, scenario: Scenario, repeat: int) -> Result:
    user = User.objects.get(username=scenario.username)
    client = Client()
    client.force_login(user)  # outside the timing: a logged-in user opening the page
    statements = scenario.bare(user=user)

    ids, count = _run_bare(statements)  # warm-up of both sides, and the check that they agree
    scenario.check(response=_get(client, scenario), ids=ids, count=count)
    with CaptureQueriesContext(connection) as captured:
        _get(client, scenario)
    queries = len(captured)  # read now: the next request empties the connection's query log

    page, page_sql, bare = [], [], []
    for _ in range(repeat):  # alternate page and bare SQL, so a busy machine slows both alike
        sql_time = _SqlTimer()
        with connection.execute_wrapper(sql_time):
            page.append(_timed(lambda: _get(client, scenario)))
        page_sql.append(sql_time.total)
        bare.append(_timed(lambda: _run_bare(statements)))

    page_ms, page_sql_ms, bare_ms = (_ms(statistics.median(times)) for times in (page, page_sql, bare))
    return Result(
        scenario=scenario.name, url=scenario.url, username=scenario.username,
        rows_in_db=scenario.model._default_manager.count(), rows_visible=count, queries=queries,
        page_ms=page_ms, page_sql_ms=page_sql_ms, bare_ms=bare_ms,
        ratio=_ratio(page_ms, bare_ms), sql_ratio=_ratio(page_sql_ms, bare_ms),
        page_ms_min=_ms(min(page)), page_ms_max=_ms(max(page)), bare_ms_min=_ms(min(bare)), bare_ms_max=_ms(max(bare)),
    )


def _get(client: Client, scenario: Scenario) -> HttpResponse:
    response = client.get(scenario.url, headers=scenario.headers)
    if response.status_code != 200:
        raise PageFailed(f"{scenario.name}: GET {scenario.url} as {scenario.username} answered "
                         f"{response.status_code}, not 200.")
    return response


def _run_bare(statements: list[Statement]) -> tuple[list, int]:
    """Execute and fetch every statement; the first one's ids, and the count (the last one's value)."""
    with connection.cursor() as cursor:
        results = []
        for statement in statements:
            cursor.execute(statement.sql, statement.params)
            results.append(cursor.fetchall())
    return [row[0] for row in results[0]], results[-1][0][0]


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
