"""The timed scenarios. Each names a page or an API endpoint, the account that opens it, and the bare SQL
that fetches the same rows: the yardstick the page is measured against.

A later issue adds its own with the decorator, next to the others::

    @scenario(name="park list page", url="/work/parks/", username=NATIONAL_ADMIN, model=Park,
              detail="parks:park_detail")
    def park_list_page(*, user: User) -> list[Statement]:
        return [Statement(sql=PARK_ROWS), Statement(sql="SELECT COUNT(*) FROM parks_park")]

The function returns the statements to time (prepared outside the timing): the first one's rows start with
the primary key, the last one is the ``COUNT(*)``. A page (``detail`` given) must link to each of those rows;
an API list must return exactly those ids, in that order, and the same count.

A page of one row (a plan with its items) names the row in its URL, ``url="/work/plans/{pk}/"``, and gives
``locate``: a function finding the row in the generated data, whose values fill the URL and are passed to the
bare SQL function. ``checked`` says which statement's rows the page must link to (the items, not the plan),
and ``counted=False`` that no statement is a ``COUNT(*)``: the page shows every checked row. A row without a
page of its own (a month's report) is found on the page by ``marker`` instead of a link. A scenario whose code
is not there yet raises ``ScenarioUnavailable`` and is reported as skipped.

Documents made on request (a .docx) are not pages: they are registered with ``@export`` and timed alone, with
their peak memory. Work on a whole file or list (an Excel import, an .xlsx export) is a ``@workload`` of steps,
each timed once with its queries and memory. See bench/README.md."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from urllib.parse import quote

from django.db import connection
from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse

from duikou.accounts.models import Organisation, User
from duikou.core.scoping import ALL
from duikou.funding.models import FundingEntry, FundingStage
from duikou.parks.models import Park
from duikou.plans import lights
from duikou.plans.models import Plan, PlanItem
from duikou.projects.models import Project, ProjectReport
from duikou.regions.models import Pairing

from . import BenchError, generate_evaluation
from .generate import (
    BIG_PLAN_ITEMS,
    BIG_PLAN_TITLE,
    LIAONING_COORDINATOR,
    NATIONAL_ADMIN,
    SUMMARY_LEAVES,
    SUMMARY_PAIRING,
    SUMMARY_YEAR,
)
from .generate_projects import (
    BIG_PROJECT_REPORTS,
    BIG_PROJECT_TITLE,
    LIBRARY_PAIRING,
    LIST_STAGE,
    SEARCH_TERM,
)


class ScenarioCheckFailed(BenchError):
    pass


class ScenarioUnavailable(BenchError):
    """The page or the code it needs is not there (yet): the scenario is reported as skipped, with the reason."""


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Sequence = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str  # may name values found by ``locate``: "/work/plans/{pk}/"
    username: str
    model: type[Model] | str  # its rows in the database are reported next to the timings ("app.Model": looked up
    #                           when measured, for an app that may not be there yet)
    bare: Callable[..., list[Statement]]
    detail: str | None = None  # URL name of a row's page: set for HTML pages, None for API lists
    headers: dict[str, str] = field(default_factory=dict)
    locate: Callable[[], dict] | None = None  # finds the values the URL names in the generated data
    checked: int = 0  # the statement whose rows the page must show (their first column is the primary key)
    counted: bool = True  # the last statement is the paginator's COUNT(*); if not, every checked row is shown
    marker: str | Callable[[object], str] | None = None  # what the page shows for each checked row instead of a
    #   link to ``detail``: a format string filled with the row's first column ('data-period="{}"'), or a function
    #   of it

    def resolve(self) -> tuple[str, dict]:
        """The URL to request, and the values ``locate`` found (passed to the bare SQL function too)."""
        found = self.locate() if self.locate else {}
        return self.url.format(**found), found

    def check(self, *, response: HttpResponse, ids: list, count: int) -> None:
        """Fail loudly unless the response shows the rows the bare SQL fetched."""
        if self.detail is None and self.marker is None:
            data = response.json()
            shown = [item["id"] for item in data["results"]]
            if shown != ids or data["count"] != count:
                raise ScenarioCheckFailed(
                    f"{self.name}: the API returned {data['count']} rows {shown[:5]}…, the bare SQL {count} rows "
                    f"{ids[:5]}…: the two do not fetch the same rows.")
            return
        html = response.content.decode()
        if self.marker is not None:
            shows = self.marker if callable(self.marker) else self.marker.format
            missing = [pk for pk in ids if shows(pk) not in html]
        else:
            missing = [pk for pk in ids if f'href="{reverse(self.detail, args=[pk])}"' not in html]
        if missing:
            raise ScenarioCheckFailed(f"{self.name}: the page does not link to rows {missing[:5]} that the bare SQL "
                                      "fetched: the two do not fetch the same rows.")


SCENARIOS: list[Scenario] = []
JSON = {"accept": "application/json"}


def scenario(*, name: str, url: str, username: str, model: type[Model] | str, detail: str | None = None,
             headers: dict[str, str] | None = None, locate: Callable[[], dict] | None = None, checked: int = 0,
             counted: bool = True, marker: str | Callable[[object], str] | None = None) -> Callable:
    """Register the decorated function as the bare SQL of a new scenario."""

    def register(bare: Callable[..., list[Statement]]) -> Callable[..., list[Statement]]:
        if any(existing.name == name for existing in [*SCENARIOS, *EXPORTS]):
            raise ValueError(f"Two benchmark scenarios are called {name!r}.")
        SCENARIOS.append(Scenario(name=name, url=url, username=username, model=model, bare=bare, detail=detail,
                                  headers=headers or {}, locate=locate, checked=checked, counted=counted,
                                  marker=marker))
        return bare

    return register


class ExportUnavailable(BenchError):
    """The code that makes the document is not there (yet): the export is reported as skipped."""


@dataclass(frozen=True)
class Prepared:
    """An export ready to time: ``produce`` makes the document (the timed part)."""

    produce: Callable[[], bytes]
    rows: int  # the rows behind the document (e.g. the work items its figures count)
    check: Callable[[bytes], None]  # fails loudly unless the document is what was asked for


@dataclass(frozen=True)
class Export:
    """A document made on request: timed alone (no bare SQL), with its peak memory and its queries. ``prepare``
    runs first, in a transaction rolled back once measured, so the database is left as generated."""

    name: str
    username: str
    prepare: Callable[..., Prepared]


EXPORTS: list[Export] = []


def export(*, name: str, username: str) -> Callable:
    """Register the decorated function (``user`` -> ``Prepared``) as a new export."""

    def register(prepare: Callable[..., Prepared]) -> Callable[..., Prepared]:
        if any(existing.name == name for existing in [*SCENARIOS, *EXPORTS]):
            raise ValueError(f"Two benchmark scenarios are called {name!r}.")
        EXPORTS.append(Export(name=name, username=username, prepare=prepare))
        return prepare

    return register


@dataclass(frozen=True)
class Step:
    """One timed step of a workload (read a file bare, upload and preview it, commit it, export a list)."""

    name: str
    run: Callable[[], object]  # the timed part; its database writes are rolled back after each run
    rows: int  # the rows it reads or writes
    size: int = 0  # the file's bytes
    check: Callable[[object], None] = lambda result: None  # fails loudly unless the first run did what it should
    repeat: int = 1  # timed runs (a step of a minute: one)
    keep: bool = False  # keep the first run's writes (a later step needs them: the previewed import it commits)
    versus: str | None = None  # the step it is compared with (time and memory ratios): the bare read of the file
    dispose: Callable[[object], None] = lambda result: None  # after every run (e.g. delete the file it wrote)


@dataclass(frozen=True)
class Workload:
    """Work on a whole file or list, not a page: an Excel import (its file read bare, then previewed and committed
    by the app) or an .xlsx export. Each step is timed, its queries counted, its memory measured (the resident set's
    growth in one run, ``tracemalloc``'s peak in another); everything is rolled back afterwards."""

    name: str
    username: str
    prepare: Callable[..., list[Step]]


WORKLOADS: list[Workload] = []


def workload(*, name: str, username: str) -> Callable:
    """Register the decorated function (``user`` -> its ``Step``s) as a new workload; it raises
    ``ExportUnavailable`` when the code it measures is not there (yet)."""

    def register(prepare: Callable[..., list[Step]]) -> Callable[..., list[Step]]:
        if any(existing.name == name for existing in [*SCENARIOS, *EXPORTS, *WORKLOADS]):
            raise ValueError(f"Two benchmark scenarios are called {name!r}.")
        WORKLOADS.append(Workload(name=name, username=username, prepare=prepare))
        return prepare

    return register


# --- pairings ------------------------------------------------------------------------------------------

PAIRING_FROM = """
FROM regions_pairing p
JOIN regions_region ne ON ne.code = p.northeast_id
LEFT JOIN regions_region e ON e.code = p.east_id
JOIN regions_policydocument d ON d.id = p.source_document_id"""
PAIRING_ORDER = "ORDER BY p.tier DESC, p.northeast_id, p.east_id LIMIT 50"
PAIRING_COUNT = Statement(sql="SELECT COUNT(*) FROM regions_pairing")


@scenario(name="pairing list page", url="/work/pairings/", username=NATIONAL_ADMIN, model=Pairing,
          detail="regions:pairing_detail")
def pairing_list_page(*, user: User) -> list[Statement]:
    rows = f"""
SELECT p.id, p.tier, p.status, p.established_on, ne.code, ne.name, e.code, e.name, d.number, pne.name, pe.name
{PAIRING_FROM}
LEFT JOIN regions_pairing pp ON pp.id = p.parent_id
LEFT JOIN regions_region pne ON pne.code = pp.northeast_id
LEFT JOIN regions_region pe ON pe.code = pp.east_id
{PAIRING_ORDER}"""
    return [Statement(sql=rows), PAIRING_COUNT]


@scenario(name="api pairings", url="/api/v1/pairings/", username=NATIONAL_ADMIN, model=Pairing, headers=JSON)
def pairing_list_api(*, user: User) -> list[Statement]:
    rows = f"""
SELECT p.id, p.northeast_id, ne.name, p.east_id, e.name, p.tier, p.status, p.established_on, p.source_document_id,
       d.number, p.parent_id, p.note, p.version
{PAIRING_FROM}
{PAIRING_ORDER}"""
    return [Statement(sql=rows), PAIRING_COUNT]


# --- organisations -------------------------------------------------------------------------------------

ORGANISATION_PAGE_COLUMNS = "o.id, o.name, o.kind, o.uscc, o.contact_name, r.name, r.name_en"
ORGANISATION_API_COLUMNS = ("o.id, o.name, o.name_en, o.kind, o.region_id, r.name, o.uscc, o.parent_id, o.address, "
                            "o.contact_name, o.contact_phone, o.created_at, o.updated_at, o.version")


def organisation_statements(*, columns: str, region_codes: Sequence[str] | None) -> list[Statement]:
    """The first 50 organisations in the model's order, and their count; only those of ``region_codes``
    when given (the regions a scoped user sees)."""
    where, params = "", ()
    if region_codes is not None:
        where, params = f"WHERE o.region_id IN ({', '.join(['%s'] * len(region_codes))})", tuple(region_codes)
    rows = f"""
SELECT {columns}
FROM accounts_organisation o LEFT JOIN regions_region r ON r.code = o.region_id
{where}
ORDER BY o.region_id, o.name, o.id LIMIT 50"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT COUNT(*) FROM accounts_organisation o {where}", params=params)]


def visible_region_codes(*, user: User) -> list[str]:
    """A coordinator sees its own regions' organisations and those of its pairings' partner regions."""
    return sorted(user.scope.region_codes | user.scope.partner_codes)


@scenario(name="organisation list page", url="/work/organisations/", username=NATIONAL_ADMIN,
          model=Organisation, detail="accounts:organisation_detail")
def organisation_list_page(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_PAGE_COLUMNS, region_codes=None)


@scenario(name="organisation list page (liaoning)", url="/work/organisations/", username=LIAONING_COORDINATOR,
          model=Organisation, detail="accounts:organisation_detail")
def organisation_list_page_scoped(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_PAGE_COLUMNS, region_codes=visible_region_codes(user=user))


@scenario(name="api organisations", url="/api/v1/organisations/", username=NATIONAL_ADMIN, model=Organisation,
          headers=JSON)
def organisation_list_api(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_API_COLUMNS, region_codes=None)


@scenario(name="api organisations (liaoning)", url="/api/v1/organisations/", username=LIAONING_COORDINATOR,
          model=Organisation, headers=JSON)
def organisation_list_api_scoped(*, user: User) -> list[Statement]:
    return organisation_statements(columns=ORGANISATION_API_COLUMNS, region_codes=visible_region_codes(user=user))


# --- plans ---------------------------------------------------------------------------------------------------

PLAN_FROM = """
FROM plans_plan p
JOIN regions_pairing pr ON pr.id = p.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id"""
PLAN_ORDER = "ORDER BY p.period_start DESC, p.pairing_id, p.kind, p.id"


def item_light(alias: str) -> tuple[str, tuple]:
    """The light of an item as an SQL CASE, and its parameters: the rules of duikou/plans/lights.py written
    out by hand."""
    today, soon = lights.window()
    sql = (f"CASE WHEN {alias}.completed_on IS NOT NULL THEN 'done' WHEN {alias}.due_date < %s THEN 'red' "
           f"WHEN {alias}.due_date <= %s OR {alias}.on_track_until < %s THEN 'yellow' ELSE 'green' END")
    return sql, (today, soon, today)


def node_light(alias: str) -> tuple[str, tuple]:
    today, soon = lights.window()
    sql = (f"CASE WHEN {alias}.completed_on IS NOT NULL THEN 'done' WHEN {alias}.due_date < %s THEN 'red' "
           f"WHEN {alias}.due_date <= %s THEN 'yellow' ELSE 'green' END")
    return sql, (today, soon)


def _in(column: str, values: Sequence) -> tuple[str, tuple]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", tuple(values)


def plan_statements(*, columns: str, pairing_ids: Sequence[int] | None) -> list[Statement]:
    """The first 50 plans in the model's order, and their count; only those of ``pairing_ids`` when given
    (the pairings a scoped user's plans belong to)."""
    where, params = "", ()
    if pairing_ids is not None:
        condition, params = _in("p.pairing_id", pairing_ids)
        where = f"WHERE {condition}"
    rows = f"SELECT {columns}{PLAN_FROM}\n{where}\n{PLAN_ORDER} LIMIT 50"
    return [Statement(sql=rows, params=params), Statement(sql=f"SELECT COUNT(*) FROM plans_plan p {where}", params=params)]


PLAN_PAGE_COLUMNS = """p.id, p.title, ne.name, e.name, p.kind, p.period_start, p.period_end, p.status, p.revision,
       (SELECT COUNT(*) FROM plans_planitem i WHERE i.plan_id = p.id)"""
PLAN_API_COLUMNS = """p.id, p.pairing_id, ne.name, e.name, p.kind, p.title, p.period_start, p.period_end, p.status,
       p.document_number, p.goals, p.scope, p.key_tasks_text, p.major_projects, p.schedule, p.safeguards,
       p.revision, p.northeast_confirmed_revision, p.east_confirmed_revision, p.submitted_at, p.acknowledged_at,
       (SELECT ev.comment FROM plans_planevent ev WHERE ev.plan_id = p.id AND ev.action = 'returned'
        ORDER BY ev.at DESC, ev.id DESC LIMIT 1),
       p.created_at, p.updated_at, p.version"""


@scenario(name="plan list page", url="/work/plans/", username=NATIONAL_ADMIN, model=Plan, detail="plans:plan_detail")
def plan_list_page(*, user: User) -> list[Statement]:
    return plan_statements(columns=PLAN_PAGE_COLUMNS, pairing_ids=None)


@scenario(name="plan list page (liaoning)", url="/work/plans/", username=LIAONING_COORDINATOR, model=Plan,
          detail="plans:plan_detail")
def plan_list_page_scoped(*, user: User) -> list[Statement]:
    return plan_statements(columns=PLAN_PAGE_COLUMNS, pairing_ids=sorted(user.scope.pairing_ids))


@scenario(name="api plans", url="/api/v1/plans/", username=NATIONAL_ADMIN, model=Plan, headers=JSON)
def plan_list_api(*, user: User) -> list[Statement]:
    return plan_statements(columns=PLAN_API_COLUMNS, pairing_ids=None)


def big_plan() -> dict:
    """The generated plan with BIG_PLAN_ITEMS items (bench/generate.py), by its fixed title."""
    return {"pk": Plan.objects.get(title=BIG_PLAN_TITLE).pk}


@scenario(name=f"plan detail page ({BIG_PLAN_ITEMS} items)", url="/work/plans/{pk}/", username=NATIONAL_ADMIN,
          model=PlanItem, detail="plans:item_detail", locate=big_plan, checked=1, counted=False)
def plan_detail_page(*, user: User, pk: int) -> list[Statement]:
    """What the page shows: the plan with its pairing and the people who confirmed, submitted and acknowledged
    it; every item (light, key task, lead organisation) with its supporting organisations and time nodes;
    its last 50 events, its kept versions and its attachments. (Not the indicators: the page does not show
    them.)"""
    plan = f"""
SELECT p.id, p.title, p.kind, p.period_start, p.period_end, p.document_number, p.status, p.revision,
       p.goals, p.scope, p.key_tasks_text, p.major_projects, p.schedule, p.safeguards,
       p.northeast_confirmed_revision, p.northeast_confirmed_at, nu.full_name, nu.username,
       p.east_confirmed_revision, p.east_confirmed_at, eu.full_name, eu.username,
       p.submitted_at, su.full_name, su.username, p.acknowledged_at, au.full_name, au.username, ne.name, e.name
{PLAN_FROM}
LEFT JOIN accounts_user nu ON nu.id = p.northeast_confirmed_by_id
LEFT JOIN accounts_user eu ON eu.id = p.east_confirmed_by_id
LEFT JOIN accounts_user su ON su.id = p.submitted_by_id
LEFT JOIN accounts_user au ON au.id = p.acknowledged_by_id
WHERE p.id = %s"""
    light, light_params = item_light("i")
    items = f"""
SELECT i.id, i.number, i.title, i.parent_id, k.code, k.title, o.name, i.due_date, i.progress, {light}
FROM plans_planitem i
JOIN regions_keytask k ON k.id = i.key_task_id
JOIN accounts_organisation o ON o.id = i.lead_organisation_id
WHERE i.plan_id = %s
ORDER BY i.number, i.id"""
    supporting = """
SELECT s.planitem_id, o.name
FROM plans_planitem_supporting_organisations s
JOIN plans_planitem i ON i.id = s.planitem_id
JOIN accounts_organisation o ON o.id = s.organisation_id
WHERE i.plan_id = %s"""
    n_light, n_light_params = node_light("n")
    nodes = f"""
SELECT n.item_id, n.title, n.due_date, {n_light}
FROM plans_timenode n JOIN plans_planitem i ON i.id = n.item_id
WHERE i.plan_id = %s
ORDER BY n.item_id, n.due_date, n.id"""
    events = """
SELECT ev.id, ev.action, ev.side, ev.revision, ev.at, ev.comment, ev.changes, u.full_name, u.username
FROM plans_planevent ev LEFT JOIN accounts_user u ON u.id = ev.user_id
WHERE ev.plan_id = %s
ORDER BY ev.at DESC, ev.id DESC LIMIT 50"""
    versions = """
SELECT v.revision, v.reason, v.created_at, u.full_name, u.username
FROM plans_planversion v LEFT JOIN accounts_user u ON u.id = v.created_by_id
WHERE v.plan_id = %s ORDER BY v.revision"""
    attachments = """
SELECT a.id, a.original_name, a.size, a.uploaded_at, a.description, a.sha256
FROM plans_planattachment a WHERE a.plan_id = %s ORDER BY a.uploaded_at DESC, a.id DESC"""
    return [Statement(sql=plan, params=(pk,)), Statement(sql=items, params=(*light_params, pk)),
            Statement(sql=supporting, params=(pk,)), Statement(sql=nodes, params=(*n_light_params, pk)),
            Statement(sql=events, params=(pk,)), Statement(sql=versions, params=(pk,)),
            Statement(sql=attachments, params=(pk,))]


def item_statements(*, where: str = "", params: tuple = ()) -> list[Statement]:
    """The first 50 items in the model's order (by plan, in the plan's order, then number), and their count."""
    light, light_params = item_light("i")
    rows = f"""
SELECT i.id, i.number, i.title, p.title, ne.name, e.name, k.code, k.title, o.name, i.due_date, i.progress, {light}
FROM plans_planitem i
JOIN plans_plan p ON p.id = i.plan_id
JOIN regions_pairing pr ON pr.id = p.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
JOIN regions_keytask k ON k.id = i.key_task_id
JOIN accounts_organisation o ON o.id = i.lead_organisation_id
{where}
ORDER BY p.period_start DESC, p.pairing_id, p.kind, p.id, i.number, i.id LIMIT 50"""
    return [Statement(sql=rows, params=(*light_params, *params)),
            Statement(sql=f"SELECT COUNT(*) FROM plans_planitem i {where}", params=params)]


@scenario(name="plan item list page", url="/work/plan-items/", username=NATIONAL_ADMIN, model=PlanItem,
          detail="plans:item_detail")
def plan_item_list_page(*, user: User) -> list[Statement]:
    return item_statements()


@scenario(name="plan item list page (red)", url="/work/plan-items/?light=red", username=NATIONAL_ADMIN,
          model=PlanItem, detail="plans:item_detail")
def plan_item_list_page_red(*, user: User) -> list[Statement]:
    today, _ = lights.window()
    return item_statements(where="WHERE i.completed_on IS NULL AND i.due_date < %s", params=(today,))


# --- the project library, parks and funding ---------------------------------------------------------------------

PROJECT_FROM = """
FROM projects_project p
JOIN regions_pairing pr ON pr.id = p.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
JOIN regions_keytask k ON k.id = p.key_task_id
JOIN projects_industry i ON i.code = p.industry_id
JOIN regions_region l ON l.code = p.location_id
JOIN accounts_organisation h ON h.id = p.host_organisation_id"""
LIST_ORDER = "ORDER BY {alias}.created_at DESC, {alias}.id DESC LIMIT 50"  # Project's, Park's (their list indexes)


def library_pairing() -> dict:
    """The pairing the project lists are filtered by (辽宁–江苏: both timing accounts see it)."""
    return {"pairing": Pairing.objects.get(northeast_id=LIBRARY_PAIRING[0], east_id=LIBRARY_PAIRING[1]).pk}


def _scoped(alias: str, pairing_ids: Sequence[int] | None) -> tuple[str, tuple]:
    """`` AND <alias>.pairing_id IN (…)`` for a scoped user's pairings (nothing for a national role)."""
    if pairing_ids is None:
        return "", ()
    condition, params = _in(f"{alias}.pairing_id", sorted(pairing_ids))
    return f" AND {condition}", params


def _pairing_ids(user: User) -> Sequence[int] | None:
    """The pairings whose projects, parks and funding a coordinator sees (None: a national role sees all)."""
    return None if Project.objects.reach(user, "view") == ALL else sorted(user.scope.pairing_ids)


def _first_column(statement: Statement) -> list:
    """The page's primary keys, fetched while the statements are prepared (outside the timing): the ids a
    hand-written second query (investors, stage changes of the page's projects) would be given."""
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return [row[0] for row in cursor.fetchall()]


def project_list_statements(*, user: User, pairing: int) -> list[Statement]:
    scope, scope_params = _scoped("p", _pairing_ids(user))
    where = f"WHERE p.pairing_id = %s AND p.stage = %s{scope}"
    params = (pairing, LIST_STAGE, *scope_params)
    rows = f"""
SELECT p.id, p.title, p.is_key, p.is_landmark, h.name, ne.name, ne.name_en, e.name, e.name_en, p.stage, k.code,
       k.title, k.title_en, i.code, i.name, l.name, l.name_en, p.planned_investment
{PROJECT_FROM}
{where}
{LIST_ORDER.format(alias="p")}"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT COUNT(*) FROM projects_project p {where}", params=params)]


PROJECT_LIST_URL = f"/work/projects/?pairing={{pairing}}&stage={LIST_STAGE}"


@scenario(name="project list page (pairing, stage)", url=PROJECT_LIST_URL, username=NATIONAL_ADMIN, model=Project,
          detail="projects:project_detail", locate=library_pairing)
def project_list_page(*, user: User, pairing: int) -> list[Statement]:
    """辽宁–江苏's projects under construction, newest first: title, host, pairing, stage, key task, industry,
    location and planned investment."""
    return project_list_statements(user=user, pairing=pairing)


@scenario(name="project list page (pairing, stage; liaoning)", url=PROJECT_LIST_URL, username=LIAONING_COORDINATOR,
          model=Project, detail="projects:project_detail", locate=library_pairing)
def project_list_page_scoped(*, user: User, pairing: int) -> list[Statement]:
    return project_list_statements(user=user, pairing=pairing)


@scenario(name="api projects (pairing, stage)", url=f"/api/v1/projects/?pairing={{pairing}}&stage={LIST_STAGE}",
          username=NATIONAL_ADMIN, model=Project, headers=JSON, locate=library_pairing)
def project_list_api(*, user: User, pairing: int) -> list[Statement]:
    """The serializer's fields (key task by code, the others by key), with each project's investors and stage
    history (the user's name): the second and third statements are given the page's ids."""
    where = "WHERE p.pairing_id = %s AND p.stage = %s"
    params = (pairing, LIST_STAGE)
    rows = Statement(sql=f"""
SELECT p.id, p.pairing_id, p.title, k.code, p.industry_id, p.location_id, p.park_id, p.host_organisation_id,
       p.national_code, p.planned_investment, p.stage, p.stage_since, p.is_landmark, p.is_key,
       p.green_channel_officer_id, p.description, p.created_at, p.updated_at, p.version
FROM projects_project p JOIN regions_keytask k ON k.id = p.key_task_id
{where}
{LIST_ORDER.format(alias="p")}""", params=params)
    ids = _first_column(rows)
    in_page, page_params = _in("project_id", ids or [0])
    investors = Statement(sql=f"SELECT project_id, organisation_id FROM projects_project_investors WHERE {in_page}",
                          params=page_params)
    changes = Statement(sql=f"""
SELECT c.project_id, c.from_stage, c.to_stage, c.on, c.reason, u.username, c.recorded_at
FROM projects_projectstagechange c LEFT JOIN accounts_user u ON u.id = c.user_id
WHERE c.{in_page}
ORDER BY c.project_id, c.on, c.id""", params=page_params)
    return [rows, investors, changes, Statement(sql=f"SELECT COUNT(*) FROM projects_project p {where}", params=params)]


def big_project() -> dict:
    """The generated project with BIG_PROJECT_REPORTS monthly reports (bench/generate_projects.py)."""
    return {"pk": Project.objects.get(title=BIG_PROJECT_TITLE).pk}


def _stage_sums(alias: str) -> str:
    """Planned, committed and in-place totals of funding entries (as funding/selectors.py adds them up)."""
    return ", ".join(f"COALESCE(SUM(CASE WHEN {alias}.stage = '{stage}' THEN {alias}.amount END), 0)"
                     for stage in FundingStage.values)


def funding_panel_statements(*, target: str, pk: int, user: User) -> list[Statement]:
    """A project's or park's funding panel: its totals by stage, the same by source, its last 20 entries."""
    scope, scope_params = _scoped("f", _pairing_ids(user))
    where, params = f"WHERE f.{target}_id = %s{scope}", (pk, *scope_params)
    return [
        Statement(sql=f"SELECT {_stage_sums('f')} FROM funding_fundingentry f {where}", params=params),
        Statement(sql=f"SELECT f.source, {_stage_sums('f')}, COUNT(*) FROM funding_fundingentry f {where} "
                      "GROUP BY f.source ORDER BY f.source", params=params),
        Statement(sql=f"SELECT f.id, f.on, f.source, f.stage, f.amount, f.document_number FROM funding_fundingentry f "
                      f"{where} ORDER BY f.on DESC, f.id DESC LIMIT 20", params=params),
    ]


def project_detail_statements(*, user: User, pk: int) -> list[Statement]:
    scope, scope_params = _scoped("p", _pairing_ids(user))
    project = f"""
SELECT p.id, p.title, p.is_key, p.is_landmark, p.stage, p.stage_since, p.national_code, p.planned_investment,
       p.description, ne.name, ne.name_en, e.name, e.name_en, k.code, k.title, k.title_en, i.code, i.name, sec.code,
       sec.name, l.name, l.name_en, h.id, h.name, u.username, u.full_name, pk.id, pk.name
{PROJECT_FROM}
LEFT JOIN projects_industry sec ON sec.code = i.section_id
LEFT JOIN accounts_user u ON u.id = p.green_channel_officer_id
LEFT JOIN parks_park pk ON pk.id = p.park_id
WHERE p.id = %s{scope}"""
    investors = """
SELECT o.id, o.name, o.uscc
FROM projects_project_investors pi JOIN accounts_organisation o ON o.id = pi.organisation_id
WHERE pi.project_id = %s
ORDER BY o.region_id, o.name, o.id"""
    changes = """
SELECT c.on, c.from_stage, c.to_stage, c.reason, u.username, u.full_name
FROM projects_projectstagechange c LEFT JOIN accounts_user u ON u.id = c.user_id
WHERE c.project_id = %s
ORDER BY c.on DESC, c.id DESC"""
    reports = """
SELECT r.period, r.investment_in_period, r.investment_cumulative, r.confirmed_warnings, r.narrative, r.problems,
       r.created_at, u.username, u.full_name
FROM projects_projectreport r LEFT JOIN accounts_user u ON u.id = r.reported_by_id
WHERE r.project_id = %s
ORDER BY r.period DESC"""
    requests = """
SELECT q.id, q.title, q.status, q.kind, q.due_on, u.username, u.full_name
FROM projects_coordinationrequest q LEFT JOIN accounts_user u ON u.id = q.officer_id
WHERE q.project_id = %s
ORDER BY q.created_at DESC, q.id DESC"""
    return [Statement(sql=project, params=(pk, *scope_params)), Statement(sql=investors, params=(pk,)),
            Statement(sql=changes, params=(pk,)), Statement(sql=reports, params=(pk,)),
            Statement(sql=requests, params=(pk,)), *funding_panel_statements(target="project", pk=pk, user=user)]


@scenario(name=f"project detail page ({BIG_PROJECT_REPORTS} reports)", url="/work/projects/{pk}/",
          username=NATIONAL_ADMIN, model=ProjectReport, locate=big_project, checked=3, counted=False,
          marker='data-period="{}"')
def project_detail_page(*, user: User, pk: int) -> list[Statement]:
    """What the page shows: the project with its pairing, key task, industry and its section, location, host,
    green-channel officer and park; its investors; its stage history (newest first, with who); its monthly
    reports with who reported them (the months without one are computed, not read); its coordination requests
    with their officer; its funding panel (totals by stage, by source, the last 20 entries). The check: a row of
    the report table for every report's month."""
    return project_detail_statements(user=user, pk=pk)


@scenario(name=f"project detail page ({BIG_PROJECT_REPORTS} reports; liaoning)", url="/work/projects/{pk}/",
          username=LIAONING_COORDINATOR, model=ProjectReport, locate=big_project, checked=3, counted=False,
          marker='data-period="{}"')
def project_detail_page_scoped(*, user: User, pk: int) -> list[Statement]:
    return project_detail_statements(user=user, pk=pk)


def park_list_statements(*, user: User) -> list[Statement]:
    scope, params = _scoped("k", _pairing_ids(user))
    where = f"WHERE TRUE{scope}" if scope else ""
    rows = f"""
SELECT k.id, k.name, k.is_key, op.name, k.kind, ne.name, ne.name_en, e.name, e.name_en, hr.name, hr.name_en,
       ptr.name, ptr.name_en, k.partner_park, k.area, k.established_on
FROM parks_park k
JOIN regions_pairing pr ON pr.id = k.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
JOIN regions_region hr ON hr.code = k.host_region_id
JOIN regions_region ptr ON ptr.code = k.partner_region_id
LEFT JOIN accounts_organisation op ON op.id = k.operator_id
{where}
{LIST_ORDER.format(alias="k")}"""
    return [Statement(sql=rows, params=params), Statement(sql=f"SELECT COUNT(*) FROM parks_park k {where}", params=params)]


@scenario(name="park list page", url="/work/parks/", username=NATIONAL_ADMIN, model=Park, detail="parks:park_detail")
def park_list_page(*, user: User) -> list[Statement]:
    """The newest 50 parks: name, operator, kind, pairing, host and partner regions, partner park, area, date."""
    return park_list_statements(user=user)


@scenario(name="park list page (liaoning)", url="/work/parks/", username=LIAONING_COORDINATOR, model=Park,
          detail="parks:park_detail")
def park_list_page_scoped(*, user: User) -> list[Statement]:
    return park_list_statements(user=user)


def funding_list_statements(*, user: User) -> list[Statement]:
    """The newest 50 entries (date, project or park, pairing, source, stage, amount, document number), the totals
    of every entry the user sees by stage and by source (the page's summary), and their count."""
    scope, params = _scoped("f", _pairing_ids(user))
    where = f"WHERE TRUE{scope}" if scope else ""
    rows = f"""
SELECT f.id, f.on, p.id, p.title, k.id, k.name, ne.name, ne.name_en, e.name, e.name_en, f.source, f.stage, f.amount,
       f.document_number
FROM funding_fundingentry f
LEFT JOIN projects_project p ON p.id = f.project_id
LEFT JOIN parks_park k ON k.id = f.park_id
JOIN regions_pairing pr ON pr.id = f.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
{where}
ORDER BY f.on DESC, f.id DESC LIMIT 50"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT {_stage_sums('f')} FROM funding_fundingentry f {where}", params=params),
            Statement(sql=f"SELECT f.source, {_stage_sums('f')}, COUNT(*) FROM funding_fundingentry f {where} "
                          "GROUP BY f.source ORDER BY f.source", params=params),
            Statement(sql=f"SELECT COUNT(*) FROM funding_fundingentry f {where}", params=params)]


@scenario(name="funding list page", url="/work/funding/", username=NATIONAL_ADMIN, model=FundingEntry,
          detail="funding:entry_detail")
def funding_list_page(*, user: User) -> list[Statement]:
    return funding_list_statements(user=user)


@scenario(name="funding list page (liaoning)", url="/work/funding/", username=LIAONING_COORDINATOR,
          model=FundingEntry, detail="funding:entry_detail")
def funding_list_page_scoped(*, user: User) -> list[Statement]:
    return funding_list_statements(user=user)


def funding_rates_statements(*, user: User) -> list[Statement]:
    """Per pairing: its planned, committed and in-place totals and its entries; then the totals of all (the
    table's footer). The check: a row for every pairing (``data-key``)."""
    scope, params = _scoped("f", _pairing_ids(user))
    where = f"WHERE TRUE{scope}" if scope else ""
    rows = f"""
SELECT f.pairing_id, ne.name, e.name, {_stage_sums('f')}, COUNT(*)
FROM funding_fundingentry f
JOIN regions_pairing pr ON pr.id = f.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
{where}
GROUP BY f.pairing_id, ne.name, e.name
ORDER BY f.pairing_id"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT {_stage_sums('f')} FROM funding_fundingentry f {where}", params=params)]


@scenario(name="funding rates page (by pairing)", url="/work/funding/rates/?by=pairing", username=NATIONAL_ADMIN,
          model=FundingEntry, counted=False, marker='data-key="{}"')
def funding_rates_page(*, user: User) -> list[Statement]:
    return funding_rates_statements(user=user)


@scenario(name="funding rates page (by pairing; liaoning)", url="/work/funding/rates/?by=pairing",
          username=LIAONING_COORDINATOR, model=FundingEntry, counted=False, marker='data-key="{}"')
def funding_rates_page_scoped(*, user: User) -> list[Statement]:
    return funding_rates_statements(user=user)



# --- full-text search ------------------------------------------------------------------------------------------

SEARCH_URL = f"?q={quote(SEARCH_TERM)}"


def _search_terms() -> str:
    """The query as the search app sends it to the database (its own tokenizer: jieba and bigrams), prepared
    outside the timing: a tsquery on PostgreSQL, an FTS5 query on SQLite."""
    try:
        from duikou.search import text
    except ImportError as exc:
        raise ScenarioUnavailable(f"duikou.search is not there yet ({exc}).") from exc
    terms = text.query_terms(SEARCH_TERM)
    return text.tsquery(terms) if connection.vendor == "postgresql" else text.fts5_query(terms)


def search_statements(*, user: User, first: str, columns: str, page: int) -> list[Statement]:
    """The documents of the records the user may see that contain SEARCH_TERM, best first (the index's rank,
    then the newest document), a page of them, with their pairing; and their count. A scoped user's documents
    are those of its pairings (the document keeps its record's pairing)."""
    query = _search_terms()
    scope, scope_params = _scoped("d", _pairing_ids(user))
    if connection.vendor == "postgresql":
        match, match_params = "d.vector @@ to_tsquery('simple', %s)", (query,)
        rank = "ts_rank('{0.1, 0.1, 0.1, 1.0}', d.vector, to_tsquery('simple', %s), 1)"
        tables = "search_document d"
    else:
        match, match_params = "search_document_fts MATCH %s", (query,)
        rank, tables = "-bm25(search_document_fts, 10.0, 1.0)", "search_document d JOIN search_document_fts f ON f.rowid = d.id"
    rank_params = (query,) if "%s" in rank else ()
    rows = f"""
SELECT {first}, {columns}, {rank} AS search_rank
FROM {tables}
LEFT JOIN regions_pairing pr ON pr.id = d.pairing_id
LEFT JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
WHERE {match}{scope}
ORDER BY search_rank DESC, d.id DESC LIMIT {page}"""
    count = f"SELECT COUNT(*) FROM {tables} WHERE {match}{scope}"
    return [Statement(sql=rows, params=(*rank_params, *match_params, *scope_params)),
            Statement(sql=count, params=(*match_params, *scope_params))]


def search_hit_link(key: str) -> str:
    """A hit's link on the search page, from ``content type:record id`` (the record's page)."""
    from duikou.search.registry import kind_for_content_type_id

    content_type, object_id = (int(part) for part in key.split(":"))
    return f'href="{kind_for_content_type_id(content_type).url(object_id)}"'


SEARCH_PAGE_FIRST = "CAST(d.content_type_id AS TEXT) || ':' || CAST(d.object_id AS TEXT)"
SEARCH_PAGE_COLUMNS = "d.title, d.text, ne.name, ne.name_en, e.name, e.name_en"
SEARCH_API_COLUMNS = "d.content_type_id, d.title, d.text, d.pairing_id, ne.name, ne.name_en, e.name, e.name_en"


@scenario(name=f"search page (“{SEARCH_TERM}”)", url=f"/work/search/{SEARCH_URL}", username=NATIONAL_ADMIN,
          model="search.SearchDocument", marker=search_hit_link)
def search_page(*, user: User) -> list[Statement]:
    """The first 20 hits (title and text, for the snippet) with their pairing, and their count."""
    return search_statements(user=user, first=SEARCH_PAGE_FIRST, columns=SEARCH_PAGE_COLUMNS, page=20)


@scenario(name=f"search page (“{SEARCH_TERM}”; liaoning)", url=f"/work/search/{SEARCH_URL}",
          username=LIAONING_COORDINATOR, model="search.SearchDocument", marker=search_hit_link)
def search_page_scoped(*, user: User) -> list[Statement]:
    return search_statements(user=user, first=SEARCH_PAGE_FIRST, columns=SEARCH_PAGE_COLUMNS, page=20)


@scenario(name=f"api search (“{SEARCH_TERM}”)", url=f"/api/v1/search/{SEARCH_URL}", username=NATIONAL_ADMIN,
          model="search.SearchDocument", headers=JSON)
def search_api(*, user: User) -> list[Statement]:
    """The first 50 hits: kind, record id, title, pairing and its name, rank, and the text the snippet is cut
    from."""
    return search_statements(user=user, first="d.object_id", columns=SEARCH_API_COLUMNS, page=50)


@scenario(name=f"api search (“{SEARCH_TERM}”; liaoning)", url=f"/api/v1/search/{SEARCH_URL}",
          username=LIAONING_COORDINATOR, model="search.SearchDocument", headers=JSON)
def search_api_scoped(*, user: User) -> list[Statement]:
    return search_statements(user=user, first="d.object_id", columns=SEARCH_API_COLUMNS, page=50)


# --- documents -----------------------------------------------------------------------------------------------


@export(name=f"plan summary docx ({SUMMARY_LEAVES} items)", username=LIAONING_COORDINATOR)
def summary_docx(*, user: User) -> Prepared:
    """The annual summary of 沈阳–南京 for SUMMARY_YEAR, drafted from its figures by ``summary_draft`` (outside
    the timing), then made into a .docx by ``plan_docx``: the timed part."""
    try:
        from duikou.plans.documents import plan_docx, summary_draft
    except ImportError as exc:
        raise ExportUnavailable(f"duikou.plans.documents has no plan_docx or summary_draft yet ({exc}).") from exc
    from duikou.plans.selectors import summary_figures

    pairing = Pairing.objects.select_related("northeast", "east").get(
        northeast_id=SUMMARY_PAIRING[0], east_id=SUMMARY_PAIRING[1])
    figures = summary_figures(pairing=pairing, year=SUMMARY_YEAR)
    if figures.items_total != SUMMARY_LEAVES:
        raise ScenarioCheckFailed(f"the {SUMMARY_YEAR} figures of {pairing} count {figures.items_total} items, not "
                                  f"the {SUMMARY_LEAVES} generated.")
    drafted = summary_draft(user=user, pairing=pairing, year=SUMMARY_YEAR)
    # As PlanDocumentView reads it: the visible plan with its pairing's regions.
    plan = (Plan.objects.for_user(user, "view").select_related("pairing__northeast", "pairing__east")
            .get(pk=drafted.pk))

    def check(content: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as docx:
                body = docx.read("word/document.xml").decode()
        except (zipfile.BadZipFile, KeyError) as exc:
            raise ScenarioCheckFailed(f"plan_docx did not return a .docx ({exc}).") from exc
        if pairing.east.name not in body:
            raise ScenarioCheckFailed(f"the .docx does not name {pairing.east.name}: not the summary of {pairing}.")

    return Prepared(produce=lambda: plan_docx(plan=plan, user=user), rows=figures.items_total, check=check)


# --- Excel import and export -----------------------------------------------------------------------------------

IMPORT_ROWS = 10_000  # rows of the import file (fewer at small scale: one a month per project under way)
EXPORT_SHARE = 10  # the smaller export: a tenth of the projects (10,000 of 100,000 at national scale)


def _imports():
    try:
        from duikou.imports.kinds import get_kind
        from duikou.imports.models import ImportBatch
        from duikou.imports.services import import_batch_commit, import_batch_create
    except ImportError as exc:
        raise ExportUnavailable(f"duikou.imports has no import_batch_create, import_batch_commit or kinds yet ({exc}).") \
            from exc
    return get_kind, ImportBatch, import_batch_create, import_batch_commit


def report_rows(*, user: User, limit: int) -> list[list]:
    """The next months' reports of the projects under way that the user may see and that reported LAST_PERIOD:
    October 2026 for each (in id order), then November (a month may be reported once it has begun), up to
    ``limit`` rows; each month's investment a small share of what is left of the plan, the total the last total
    plus the month: rows the checks do not question. National code (when the project has one), pairing and title
    as the project export writes them."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from duikou.projects.selectors import REPORTING_STAGES

    from .generate_projects import LAST_PERIOD, _month_index, _period

    latest = ProjectReport.objects.filter(project=OuterRef("pk")).order_by("-period")
    projects = list(Project.objects.for_user(user, "view").filter(stage__in=REPORTING_STAGES)
                    .annotate(last_period=Subquery(latest.values("period")[:1]),
                              last_total=Subquery(latest.values("investment_cumulative")[:1]))
                    .filter(last_period=LAST_PERIOD).select_related("pairing__northeast", "pairing__east").order_by("pk"))
    months = [_period(i) for i in range(_month_index(LAST_PERIOD) + 1,
                                        _month_index(timezone.localdate().strftime("%Y-%m")) + 1)]
    totals = {project.pk: project.last_total for project in projects}
    rows = []
    for period in months:
        for project in projects:
            if len(rows) == limit:
                return rows
            left = project.planned_investment - totals[project.pk]
            amount = (left / 50).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
            totals[project.pk] += amount
            rows.append([project.national_code or None, str(project.pairing), project.title, period, amount,
                         totals[project.pk], f"{period}完成投资{amount}万元，主体工程按计划推进。（基准导入）", None])
    return rows


def report_workbook(*, headers: list[str], rows: list[list]) -> bytes:
    """The import file as a person fills the template in: the sheet 月度进展, the template's headers, one row per
    report (codes as text)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("月度进展")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_bare(content: bytes) -> tuple[int, int]:
    """The file read the cheapest way openpyxl can: read-only, every cell of every row visited; the rows and the
    cells (an empty cell at a row's end is not in the file)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            rows += 1
            for _cell in row:
                cells += 1
    workbook.close()
    return rows, cells


@workload(name="import of monthly reports (.xlsx)", username=LIAONING_COORDINATOR)
def report_import(*, user: User) -> list[Step]:
    """IMPORT_ROWS monthly reports (at most) in a workbook, read bare with openpyxl; then through the app: upload
    (the file checked and read, the batch saved) and preview (every row through the report service in a
    transaction rolled back), then commit (the same, kept). The preview's batch is the one committed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    get_kind, ImportBatch, import_batch_create, import_batch_commit = _imports()
    kind = get_kind("project_reports")
    keys = ["national_code", "pairing", "title", "period", "investment_in_period", "investment_cumulative",
            "narrative", "problems"]
    headers = [kind.column(key).header for key in keys]
    rows = report_rows(user=user, limit=IMPORT_ROWS)
    if not rows:
        raise ScenarioCheckFailed("no project under way reported the last generated month: nothing to import.")
    content = report_workbook(headers=headers, rows=rows)
    state: dict = {}

    def upload_and_preview():
        upload = SimpleUploadedFile("月度进展导入.xlsx", content, content_type=XLSX)
        batch = import_batch_create(user=user, kind="project_reports", upload=upload)
        state.setdefault("batch", batch)
        return batch

    def check_preview(batch) -> None:
        if batch.status != ImportBatch.Status.PREVIEWED or batch.errors or batch.warnings or \
                batch.summary.get("created") != len(rows):
            raise ScenarioCheckFailed(f"the preview of {len(rows)} new reports found {batch.errors[:3]} errors, "
                                      f"{batch.warnings[:3]} warnings, {batch.summary}: the rows are not all new and "
                                      "valid.")

    def commit():
        return import_batch_commit(user=user, batch=state["batch"])

    def check_commit(batch) -> None:
        if batch.status != ImportBatch.Status.COMMITTED or batch.summary.get("created") != len(rows):
            raise ScenarioCheckFailed(f"the commit left the batch {batch.status} with {batch.summary} "
                                      f"({batch.errors[:3]}).")

    def check_bare(read: tuple[int, int]) -> None:
        if read[0] != len(rows) + 1:
            raise ScenarioCheckFailed(f"openpyxl read {read[0]} rows, not the {len(rows) + 1} written.")

    bare = "read bare (openpyxl read-only)"
    return [Step(name=bare, run=lambda: read_bare(content), rows=len(rows), size=len(content), check=check_bare,
                 repeat=3),
            Step(name="upload + preview", run=upload_and_preview, rows=len(rows), size=len(content),
                 check=check_preview, keep=True, versus=bare),
            Step(name="commit", run=commit, rows=len(rows), check=check_commit, versus=bare)]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project_export(*, user: User, limit: int | None) -> tuple[Callable[[], tuple[int, str]], int]:
    """The project list's .xlsx export as the list view makes it (its scoped queryset, the import template's
    columns, ``xlsx_file_response``: chunked reads, a write-only workbook in a temporary file), of every project
    or the first ``limit``. The response is read in 64 KiB pieces into a temporary file, as a server sends it."""
    try:
        from django.test import RequestFactory

        from duikou.core.exports import xlsx_file_response
        from duikou.projects.views import ProjectListView
    except ImportError as exc:
        raise ExportUnavailable(f"the project list has no .xlsx export yet ({exc}).") from exc
    if not hasattr(ProjectListView, "get_export_columns"):
        raise ExportUnavailable("ProjectListView has no export columns yet.")
    import tempfile

    request = RequestFactory().get("/work/projects/", {"export": "xlsx"})
    request.user = user
    view = ProjectListView()
    view.setup(request)
    queryset = view.export_queryset(view.get_queryset())
    if limit is not None:
        queryset = queryset[:limit]
    rows = queryset.count()

    def produce() -> tuple[int, str]:
        response = xlsx_file_response(queryset=queryset, columns=view.get_export_columns(),
                                      title=view.get_export_title(), filename="bench.xlsx", user=user)
        size = 0
        with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as sink:
            for chunk in response.streaming_content:
                sink.write(chunk)
                size += len(chunk)
        response.file_to_stream.close()  # not response.close(): its request_finished signal would close the
        return size, sink.name  # database connection, and with it the transaction the run is rolled back in

    return produce, rows


def _export_steps(*, user: User) -> list[Step]:
    steps = []
    total = Project.objects.for_user(user, "view").count()
    for limit in (total // EXPORT_SHARE, None):
        produce, rows = _project_export(user=user, limit=limit)

        def check(result, rows=rows) -> None:
            from openpyxl import load_workbook

            workbook = load_workbook(result[1], read_only=True)
            written = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
            workbook.close()
            if written != rows:
                raise ScenarioCheckFailed(f"the export has {written} rows, not the {rows} projects exported.")

        steps.append(Step(name="every project" if limit is None else "a tenth of them", run=produce, rows=rows,
                          check=check,
                          dispose=lambda result: os.unlink(result[1])))
    return steps


@workload(name="project list export (.xlsx)", username=NATIONAL_ADMIN)
def project_export(*, user: User) -> list[Step]:
    """Every project the national administrator sees, and a tenth of them: the memory should be the same."""
    return _export_steps(user=user)


# --- people and exchanges (issue #5) -----------------------------------------------------------------------------

def _exchange_pairing_ids(user: User) -> Sequence[int] | None:
    from duikou.exchanges.models import Secondment

    return None if Secondment.objects.reach(user, "view") == ALL else sorted(user.scope.pairing_ids)


def secondment_list_statements(*, user: User) -> list[Statement]:
    """The newest 50 secondments (names masked on the page: it reads them to mask them) with their pairing and
    the two organisations, and their count."""
    scope, params = _scoped("s", _exchange_pairing_ids(user))
    where = f"WHERE TRUE{scope}" if scope else ""
    rows = f"""
SELECT s.id, s.person_name, s.sex, s.birth_year, s.rank, s.direction, s.start, s."end", s.status, s.anonymised_at,
       ho.name, ho.region_id, hs.name, hs.region_id, ne.name, ne.name_en, e.name, e.name_en
FROM exchanges_secondment s
JOIN regions_pairing pr ON pr.id = s.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
JOIN accounts_organisation ho ON ho.id = s.home_organisation_id
JOIN accounts_organisation hs ON hs.id = s.host_organisation_id
{where}
ORDER BY s.start DESC, s.id DESC LIMIT 50"""
    return [Statement(sql=rows, params=params),
            Statement(sql=f"SELECT COUNT(*) FROM exchanges_secondment s {where}", params=params)]


@scenario(name="secondment list page (masked)", url="/work/secondments/", username=NATIONAL_ADMIN,
          model="exchanges.Secondment", detail="exchanges:secondment_detail")
def secondment_list_page(*, user: User) -> list[Statement]:
    return secondment_list_statements(user=user)


@scenario(name="secondment list page (masked; liaoning)", url="/work/secondments/", username=LIAONING_COORDINATOR,
          model="exchanges.Secondment", detail="exchanges:secondment_detail")
def secondment_list_page_scoped(*, user: User) -> list[Statement]:
    return secondment_list_statements(user=user)


@scenario(name="API secondments (masked)", url="/api/v1/secondments/", username=NATIONAL_ADMIN,
          model="exchanges.Secondment")
def secondment_list_api(*, user: User) -> list[Statement]:
    return secondment_list_statements(user=user)


def _year(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(YEAR FROM {column})::int"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def figure_statements(*, pairing_ids: Sequence[int] | None) -> list[Statement]:
    """The six aggregates behind the figures per pairing and year, each grouped by pairing and year: secondments
    by direction (not planned ones), trainings held with their trainees by category, events by kind (an event of
    two pairings counts for each), the agreements signed at events and their amount, replications that reached
    "replicated" (the year of that change), expert engagements begun; then the pairings' names."""
    def scope(column: str) -> tuple[str, tuple]:
        if pairing_ids is None:
            return "", ()
        condition, params = _in(column, sorted(pairing_ids))
        return f" AND {condition}", params

    s_scope, s_params = scope("s.pairing_id")
    t_scope, t_params = scope("t.pairing_id")
    ep_scope, ep_params = scope("ep.pairing_id")
    o_scope, o_params = scope("o.pairing_id")
    r_scope, r_params = scope("r.pairing_id")
    g_scope, g_params = scope("g.pairing_id")
    statements = [
        Statement(sql=f"""
SELECT s.pairing_id, {_year('s.start')} AS y, s.direction, COUNT(*) FROM exchanges_secondment s
WHERE s.status <> 'planned'{s_scope} GROUP BY s.pairing_id, y, s.direction ORDER BY s.pairing_id, y""", params=s_params),
        Statement(sql=f"""
SELECT t.pairing_id, {_year('t.start')} AS y, COUNT(*), SUM(t.leaders), SUM(t.managers), SUM(t.technical), SUM(t.total)
FROM exchanges_training t WHERE t.status = 'held'{t_scope} GROUP BY t.pairing_id, y ORDER BY t.pairing_id, y""",
                  params=t_params),
        Statement(sql=f"""
SELECT ep.pairing_id, {_year('ev.start')} AS y, ev.kind, COUNT(*) FROM events_event_pairings ep
JOIN events_event ev ON ev.id = ep.event_id WHERE TRUE{ep_scope} GROUP BY ep.pairing_id, y, ev.kind
ORDER BY ep.pairing_id, y""", params=ep_params),
        Statement(sql=f"""
SELECT o.pairing_id, {_year('ev.start')} AS y, SUM(o.agreements), COALESCE(SUM(o.amount), 0) FROM events_eventoutcome o
JOIN events_event ev ON ev.id = o.event_id WHERE TRUE{o_scope} GROUP BY o.pairing_id, y ORDER BY o.pairing_id, y""",
                  params=o_params),
        Statement(sql=f"""
SELECT r.pairing_id, {_year('c."on"')} AS y, COUNT(DISTINCT c.replication_id) FROM reforms_replicationstatuschange c
JOIN reforms_replication r ON r.id = c.replication_id
WHERE c.to_status = 'replicated' AND r.pairing_id IS NOT NULL{r_scope} GROUP BY r.pairing_id, y
ORDER BY r.pairing_id, y""", params=r_params),
        Statement(sql=f"""
SELECT g.pairing_id, {_year('g.start')} AS y, COUNT(*) FROM talent_engagement g
WHERE g.pairing_id IS NOT NULL{g_scope} GROUP BY g.pairing_id, y ORDER BY g.pairing_id, y""", params=g_params),
    ]
    where, params = ("", ()) if pairing_ids is None else (f"WHERE {_in('pr.id', sorted(pairing_ids))[0]}",
                                                          tuple(sorted(pairing_ids)))
    statements.append(Statement(sql=f"""
SELECT pr.id, ne.name, ne.name_en, e.name, e.name_en FROM regions_pairing pr
JOIN regions_region ne ON ne.code = pr.northeast_id LEFT JOIN regions_region e ON e.code = pr.east_id {where}""",
                                params=params))
    return statements


@scenario(name="pairing's yearly figures (people and exchanges)", url="/work/exchange-figures/?pairing={pairing}",
          username=NATIONAL_ADMIN, model="exchanges.Secondment", locate=library_pairing, checked=0, counted=False,
          marker='data-pairing="{}"')
def pairing_figures_page(*, user: User, pairing: int) -> list[Statement]:
    """The figures of one pairing (辽宁–江苏), every year: the check is a row of its pairing on the page."""
    return figure_statements(pairing_ids=[pairing])


@scenario(name="pairing's yearly figures (people and exchanges; liaoning)",
          url="/work/exchange-figures/?pairing={pairing}", username=LIAONING_COORDINATOR, model="exchanges.Secondment",
          locate=library_pairing, checked=0, counted=False, marker='data-pairing="{}"')
def pairing_figures_page_scoped(*, user: User, pairing: int) -> list[Statement]:
    return figure_statements(pairing_ids=[pairing])


@scenario(name="yearly figures of every pairing (people and exchanges)", url="/work/exchange-figures/",
          username=NATIONAL_ADMIN, model="events.Event", checked=0, counted=False,
          marker='data-pairing="{}"')
def all_figures_page(*, user: User) -> list[Statement]:
    return figure_statements(pairing_ids=None)


# --- supervision (issue #6) ------------------------------------------------------------------------------------
#
# The lights are computed, never stored: the bare SQL writes the rule by hand (duikou/supervision/lights.py): the
# earliest time node still open decides; red if it is past due, yellow if due within the warning window, green
# otherwise; an item closed by today is done or cancelled. "Today" is the day of the run, as on the pages (the
# generated due dates spread on both sides of AS_OF, so every light occurs).

NEXT_DUE = """
WITH nd AS (SELECT n.item_id, MIN(n.due_date) AS next_due FROM supervision_supervisionnode n
            WHERE n.done_on IS NULL OR n.done_on > %s GROUP BY n.item_id)"""
LAST_URGED = "(SELECT MAX(u.sent_at) FROM supervision_urgingnotice u WHERE u.item_id = s.id)"
ITEM_PAIRING = """
JOIN regions_pairing pr ON pr.id = s.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
JOIN accounts_organisation a ON a.id = s.assignee_id"""


def _supervision_scope(user: User) -> tuple[str, tuple]:
    """`` AND (…)``: a coordinator's items are those of its pairings and those assigned to its organisation."""
    from duikou.supervision.models import SupervisionItem

    if SupervisionItem.objects.reach(user, "view") == ALL:
        return "", ()
    condition, params = _in("s.pairing_id", sorted(user.scope.pairing_ids) or [0])
    return f" AND ({condition} OR s.assignee_id = %s)", (*params, user.organisation_id)


def _pairing_choices(user: User) -> Statement:
    """The pairings of the page's pairing filter (``pairings_of``)."""
    from duikou.core.roles import NATIONAL_ROLES

    where, params = "", ()
    if not user.scope.roles & NATIONAL_ROLES:
        condition, params = _in("pr.id", sorted(user.scope.pairing_ids) or [0])
        where = f"WHERE {condition}"
    return Statement(sql=f"""
SELECT pr.id, ne.name, ne.name_en, e.name, e.name_en FROM regions_pairing pr
JOIN regions_region ne ON ne.code = pr.northeast_id LEFT JOIN regions_region e ON e.code = pr.east_id {where}
ORDER BY pr.tier DESC, pr.northeast_id, pr.east_id""", params=params)


def overdue_board_statements(*, user: User) -> list[Statement]:
    """The first 100 open red or yellow items the user sees (the board's first page), with their pairing,
    assignee, next due date and last urging, grouped (ordered) by pairing (province pairings first), then
    assignee, then due date; the open items counted by light (the board's three figures); the pairings of its
    filter; the number of red and yellow items (the paginator's count)."""
    today, soon = lights.window()
    scope, scope_params = _supervision_scope(user)
    rows = f"""{NEXT_DUE}
SELECT s.id, s.title, nd.next_due, CASE WHEN nd.next_due < %s THEN 'red' ELSE 'yellow' END, {LAST_URGED}, a.name,
       ne.name, ne.name_en, e.name, e.name_en
FROM supervision_supervisionitem s JOIN nd ON nd.item_id = s.id{ITEM_PAIRING}
WHERE s.status = 'open' AND nd.next_due <= %s{scope}
ORDER BY pr.tier DESC, pr.northeast_id, pr.east_id, a.name, a.id, nd.next_due, s.id
LIMIT 100"""
    total = f"""{NEXT_DUE}
SELECT COUNT(*) FROM supervision_supervisionitem s JOIN nd ON nd.item_id = s.id
WHERE s.status = 'open' AND nd.next_due <= %s{scope}"""
    counts = f"""{NEXT_DUE}
SELECT CASE WHEN nd.next_due IS NULL THEN 'green' WHEN nd.next_due < %s THEN 'red' WHEN nd.next_due <= %s THEN 'yellow'
            ELSE 'green' END AS light, COUNT(*)
FROM supervision_supervisionitem s LEFT JOIN nd ON nd.item_id = s.id
WHERE s.status = 'open'{scope}
GROUP BY light"""
    return [Statement(sql=rows, params=(today, today, soon, *scope_params)),
            Statement(sql=counts, params=(today, today, soon, *scope_params)), _pairing_choices(user),
            Statement(sql=total, params=(today, soon, *scope_params))]


@scenario(name="supervision overdue board", url="/work/supervision/overdue/", username=NATIONAL_ADMIN,
          model="supervision.SupervisionItem", detail="supervision:item_detail")
def overdue_board_page(*, user: User) -> list[Statement]:
    return overdue_board_statements(user=user)


@scenario(name="supervision overdue board (liaoning)", url="/work/supervision/overdue/",
          username=LIAONING_COORDINATOR, model="supervision.SupervisionItem", detail="supervision:item_detail")
def overdue_board_page_scoped(*, user: User) -> list[Statement]:
    return overdue_board_statements(user=user)


def red_item_statements(*, user: User) -> list[Statement]:
    """The newest 50 red items (``created_at DESC, id DESC``): title, pairing, assignee, source, next due date,
    last urging, status; the pairings of the filter; their count."""
    today, _soon = lights.window()
    scope, scope_params = _supervision_scope(user)
    where = f"WHERE (s.closed_on IS NULL OR s.closed_on > %s) AND nd.next_due < %s{scope}"
    params = (today, today, today, *scope_params)
    rows = f"""{NEXT_DUE}
SELECT s.id, s.title, ne.name, ne.name_en, e.name, e.name_en, a.name, s.source_kind, nd.next_due, {LAST_URGED},
       s.status
FROM supervision_supervisionitem s JOIN nd ON nd.item_id = s.id{ITEM_PAIRING}
{where}
ORDER BY s.created_at DESC, s.id DESC LIMIT 50"""
    count = f"""{NEXT_DUE}
SELECT COUNT(*) FROM supervision_supervisionitem s JOIN nd ON nd.item_id = s.id
{where}"""
    return [Statement(sql=rows, params=params), _pairing_choices(user), Statement(sql=count, params=params)]


@scenario(name="supervision item list page (red)", url="/work/supervision/?light=red", username=NATIONAL_ADMIN,
          model="supervision.SupervisionItem", detail="supervision:item_detail")
def red_item_list_page(*, user: User) -> list[Statement]:
    return red_item_statements(user=user)


@scenario(name="supervision item list page (red; liaoning)", url="/work/supervision/?light=red",
          username=LIAONING_COORDINATOR, model="supervision.SupervisionItem", detail="supervision:item_detail")
def red_item_list_page_scoped(*, user: User) -> list[Statement]:
    return red_item_statements(user=user)


def trend_statements(*, user: User) -> list[Statement]:
    """The snapshots of the last 12 months (the current one included) of every pairing the user sees, with the
    pairing's names, in the page's order. The check: a section (``data-pairing``) for every pairing."""
    from duikou.supervision.models import LightSnapshot
    from duikou.supervision.services import previous_months

    in_months, month_params = _in("s.month", previous_months(12))
    national = LightSnapshot.objects.reach(user, "view") == ALL
    scope, scope_params = ("", ()) if national else _scoped("s", sorted(user.scope.pairing_ids) or [0])
    rows = f"""
SELECT s.pairing_id, s.month, s.red, s.yellow, s.green, s.done, ne.name, ne.name_en, e.name, e.name_en
FROM supervision_lightsnapshot s
JOIN regions_pairing pr ON pr.id = s.pairing_id
JOIN regions_region ne ON ne.code = pr.northeast_id
LEFT JOIN regions_region e ON e.code = pr.east_id
WHERE {in_months}{scope}
ORDER BY pr.tier DESC, pr.northeast_id, pr.east_id, s.month"""
    return [Statement(sql=rows, params=(*month_params, *scope_params))]


@scenario(name="supervision monthly trend", url="/work/supervision/trend/", username=NATIONAL_ADMIN,
          model="supervision.LightSnapshot", counted=False, marker='data-pairing="{}"')
def trend_page(*, user: User) -> list[Statement]:
    return trend_statements(user=user)


@scenario(name="supervision monthly trend (liaoning)", url="/work/supervision/trend/", username=LIAONING_COORDINATOR,
          model="supervision.LightSnapshot", counted=False, marker='data-pairing="{}"')
def trend_page_scoped(*, user: User) -> list[Statement]:
    return trend_statements(user=user)


# --- evaluation (issue #6) ---------------------------------------------------------------------------------------

ROUND_INDICATORS = generate_evaluation.ROUND_INDICATORS


def _round_steps(*, user: User) -> list[Step]:

    from duikou.evaluation import rounds
    from duikou.evaluation.indicators import REGISTRY
    from duikou.evaluation.models import IndicatorScore

    framework = generate_evaluation.round_framework(user=user)  # the generated one
    pairings = generate_evaluation.round_pairings()
    start, end = generate_evaluation.round_period()
    round_ = rounds.round_create(user=user, data={"name": "基准评估轮次", "framework": framework,
                                                   "period_start": start, "period_end": end}, pairings=pairings)
    pairing_ids = [p.pk for p in pairings]
    indicators = list(framework.indicators.all())

    def aggregates():
        """What the round cannot do without: each indicator's registered aggregate over all the pairings."""
        return [REGISTRY[indicator.query].compute(pairing_ids=pairing_ids, start=start, end=end)
                for indicator in indicators]

    def compute():
        rounds.round_compute(user=user, round_=round_, override_reason="基准测试：未收集自评")
        return IndicatorScore.objects.filter(round=round_).count()

    def check_aggregates(result) -> None:
        if len(result) != ROUND_INDICATORS or any(len(values) < len(pairing_ids) for values in result):
            raise ScenarioCheckFailed("the aggregates did not give a value for every pairing and indicator.")

    def check_scores(count) -> None:
        if count < len(pairing_ids) * ROUND_INDICATORS:
            raise ScenarioCheckFailed(f"the round has {count} scores, fewer than {len(pairing_ids)} pairings × "
                                      f"{ROUND_INDICATORS} indicators.")

    rows = len(pairing_ids) * ROUND_INDICATORS
    return [Step(name="the indicators' aggregates", run=aggregates, rows=rows, check=check_aggregates, repeat=3),
            Step(name="compute the round", run=compute, rows=rows, check=check_scores, repeat=3,
                 versus="the indicators' aggregates")]


@workload(name=f"evaluation round ({ROUND_INDICATORS} indicators, every pairing)", username=NATIONAL_ADMIN)
def round_computation(*, user: User) -> list[Step]:
    """A round of every pairing with two sides over the twelve months up to AS_OF, against a framework of 30
    computed indicators: computing it (one registered query per indicator, scoring, writing every score in
    one transaction) against running those 30 aggregates alone."""
    return _round_steps(user=user)


# --- evaluation: the generated round's score breakdown and score records (issue #6) -----------------------------


def _breakdown_target() -> dict:
    """The generated round, the library pairing (辽宁–江苏, which bench-liaoning sees) and its indicator with
    the most records (investment completed: monthly reports)."""
    from duikou.evaluation.models import IndicatorScore

    round_ = generate_evaluation.generated_round()
    pairing = Pairing.objects.get(pk=library_pairing()["pairing"])
    biggest = (IndicatorScore.objects.filter(round=round_, pairing=pairing, side="", indicator__query="investment_completed")
               .order_by("-record_count", "indicator_id").first())
    return {"round": round_.pk, "pairing": pairing.pk, "indicator": biggest.indicator_id}


def breakdown_statements(*, round: int, pairing: int, **_found) -> list[Statement]:
    """The pairing's scores in the round (each indicator's line and its sides'), with the indicator and its
    dimension, in the framework's order; and the pairing's result. The check: a line for every indicator."""
    scores = """
SELECT i.code, s.side, s.raw, s.normalised, s.weighted, s.missing, s.record_count, i.name, i.unit, i.weight, d.name
FROM evaluation_indicatorscore s
JOIN evaluation_indicator i ON i.id = s.indicator_id
JOIN evaluation_dimension d ON d.id = i.dimension_id
WHERE s.round_id = %s AND s.pairing_id = %s
ORDER BY d."order", d.id, i."order", i.id, s.side"""
    result = "SELECT r.total, r.rank FROM evaluation_pairingresult r WHERE r.round_id = %s AND r.pairing_id = %s"
    return [Statement(sql=scores, params=(round, pairing)), Statement(sql=result, params=(round, pairing))]


@scenario(name="evaluation score breakdown", url="/work/evaluation-rounds/{round}/pairings/{pairing}/",
          username=NATIONAL_ADMIN, model="evaluation.IndicatorScore", locate=_breakdown_target, counted=False,
          marker='data-indicator="{}"')
def breakdown_page(*, user: User, **found) -> list[Statement]:
    return breakdown_statements(**found)


@scenario(name="evaluation score breakdown (liaoning)", url="/work/evaluation-rounds/{round}/pairings/{pairing}/",
          username=LIAONING_COORDINATOR, model="evaluation.IndicatorScore", locate=_breakdown_target, counted=False,
          marker='data-indicator="{}"')
def breakdown_page_scoped(*, user: User, **found) -> list[Statement]:
    return breakdown_statements(**found)


def score_records_statements(*, round: int, pairing: int, indicator: int, **_found) -> list[Statement]:
    """The score's first 100 records in the page's order, the titles of those records (one query per kind; here
    monthly reports with their project), and the paginator's count."""
    where = "r.round_id = %s AND r.pairing_id = %s AND r.indicator_id = %s AND r.side = ''"
    params = (round, pairing, indicator)
    page = Statement(sql=f"""
SELECT r.record_id, r.label FROM evaluation_scorerecord r WHERE {where}
ORDER BY r.label, r.record_id LIMIT 100""", params=params)
    ids = _first_column(page) or [0]
    in_ids, id_params = _in("pr.id", ids)
    titles = Statement(sql=f"""
SELECT pr.id, pr.period, p.title FROM projects_projectreport pr JOIN projects_project p ON p.id = pr.project_id
WHERE {in_ids}""", params=id_params)
    count = Statement(sql=f"SELECT COUNT(*) FROM evaluation_scorerecord r WHERE {where}", params=params)
    return [page, titles, count]


@scenario(name="evaluation score records (biggest indicator)",
          url="/work/evaluation-rounds/{round}/pairings/{pairing}/indicators/{indicator}/records/",
          username=NATIONAL_ADMIN, model="evaluation.ScoreRecord", locate=_breakdown_target, marker=">#{}</td>")
def score_records_page(*, user: User, **found) -> list[Statement]:
    return score_records_statements(**found)


# --- dashboards (issue #7) ---------------------------------------------------------------------------------------
#
# The dashboard reads maintained aggregates (``dashboards.Figure``, rebuilt by ``services.figures_refresh``); its
# yardstick is the bare SQL that computes the same figures FROM SCRATCH over the records, as a person would write
# them by hand for the page: every headline measure per pairing (projects by stage with their planned investment,
# investment completed, funds in place, parks, cadres each way, trainees, events, agreements and their amount,
# reform practices replicated, plan items by key task and light), projects by key task, the monthly trend, and
# the pairings' names. Period: the calendar year 2026 (whole months, as the dashboard counts), fixed so the rows do
# not depend on the day of the run; the lights are the run day's on both sides (the refresh runs that day).

DASHBOARD_PERIOD = ("2026-01-01", "2026-12-31")
DASHBOARD_URL = f"/work/dashboard/?start={DASHBOARD_PERIOD[0]}&end={DASHBOARD_PERIOD[1]}"


def dashboard_refreshed() -> dict:
    """The aggregates the dashboard reads: rebuilt once (kept) if the generated database has never been refreshed,
    as the nightly job would have done. Outside the timing."""
    try:
        from duikou.dashboards.models import Refresh
        from duikou.dashboards.services import figures_refresh
    except ImportError as exc:
        raise ScenarioUnavailable(f"the dashboards' aggregates are not there ({exc}).") from exc
    if not Refresh.objects.exists():
        figures_refresh()
    return {}


def _local_month(column: str) -> tuple[str, tuple]:
    """``YYYY-MM`` of a stored datetime in the site's time zone."""
    from django.conf import settings

    if connection.vendor == "postgresql":
        return f"TO_CHAR({column} AT TIME ZONE %s, 'YYYY-MM')", (settings.TIME_ZONE,)
    hours = _local_midnight(2026, 1, 1).utcoffset().total_seconds() / 3600  # 上海: no summer time
    return f"strftime('%%Y-%%m', {column}, %s)", (f"{hours:+.0f} hours",)


def _date_month(column: str) -> str:
    return f"TO_CHAR({column}, 'YYYY-MM')" if connection.vendor == "postgresql" else f"SUBSTR({column}, 1, 7)"


def _local_midnight(year: int, month: int, day: int):
    import datetime

    from django.utils import timezone

    return datetime.datetime(year, month, day, tzinfo=timezone.get_current_timezone())


def dashboard_statements(*, pairing_ids: Sequence[int] | None) -> list[Statement]:
    """The dashboard's figures from scratch, for every pairing or only ``pairing_ids`` (a coordinator's). The
    first statement: the pairings (the check: each on the page), in the page's order."""
    import datetime

    start, end = (datetime.date.fromisoformat(day) for day in DASHBOARD_PERIOD)
    first, last = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    begin, after = _local_midnight(start.year, start.month, start.day), _local_midnight(end.year + 1, 1, 1)

    def scope(column: str) -> tuple[str, tuple]:
        if pairing_ids is None:
            return "", ()
        condition, params = _in(column, sorted(pairing_ids) or [0])
        return f" AND {condition}", params

    pr, pr_p = scope("pr.id")
    p, p_p = scope("p.pairing_id")
    f, f_p = scope("f.pairing_id")
    k, k_p = scope("k.pairing_id")
    s, s_p = scope("s.pairing_id")
    t, t_p = scope("t.pairing_id")
    ep, ep_p = scope("ep.pairing_id")
    o, o_p = scope("o.pairing_id")
    r, r_p = scope("r.pairing_id")
    pl, pl_p = scope("pl.pairing_id")
    month, month_p = _local_month("p.created_at")
    light, light_p = item_light("i")
    return [
        Statement(sql=f"""
SELECT pr.id, pr.tier, ne.name, ne.name_en, e.name, e.name_en FROM regions_pairing pr
JOIN regions_region ne ON ne.code = pr.northeast_id LEFT JOIN regions_region e ON e.code = pr.east_id
WHERE TRUE{pr} ORDER BY pr.tier, pr.northeast_id, pr.east_id""", params=pr_p),
        Statement(sql=f"""
SELECT p.pairing_id, p.stage, COUNT(*), COALESCE(SUM(p.planned_investment), 0) FROM projects_project p
WHERE p.created_at < %s{p} GROUP BY p.pairing_id, p.stage""", params=(after, *p_p)),
        Statement(sql=f"""
SELECT kt.id, kt.code, kt.title, kt.title_en, COUNT(*), COALESCE(SUM(p.planned_investment), 0)
FROM projects_project p JOIN regions_keytask kt ON kt.id = p.key_task_id
WHERE p.created_at < %s{p} GROUP BY kt.id, kt.code, kt.title, kt.title_en ORDER BY kt.code""", params=(after, *p_p)),
        Statement(sql=f"""
SELECT {month} AS m, COUNT(*) FROM projects_project p WHERE p.created_at >= %s AND p.created_at < %s{p}
GROUP BY m ORDER BY m""", params=(*month_p, begin, after, *p_p)),
        Statement(sql=f"""
SELECT p.pairing_id, r.period, SUM(r.investment_in_period) FROM projects_projectreport r
JOIN projects_project p ON p.id = r.project_id WHERE r.period >= %s AND r.period <= %s{p}
GROUP BY p.pairing_id, r.period""", params=(first, last, *p_p)),
        Statement(sql=f"""
SELECT f.pairing_id, SUM(f.amount) FROM funding_fundingentry f
WHERE f.stage = 'in_place' AND f."on" >= %s AND f."on" <= %s{f} GROUP BY f.pairing_id""", params=(start, end, *f_p)),
        Statement(sql=f"""
SELECT k.pairing_id, COUNT(*) FROM parks_park k WHERE (k.established_on IS NULL OR k.established_on <= %s){k}
GROUP BY k.pairing_id""", params=(end, *k_p)),
        Statement(sql=f"""
SELECT s.pairing_id, s.direction, COUNT(*) FROM exchanges_secondment s
WHERE s.status <> 'planned' AND s.start >= %s AND s.start <= %s{s} GROUP BY s.pairing_id, s.direction""",
                  params=(start, end, *s_p)),
        Statement(sql=f"""
SELECT t.pairing_id, SUM(t.total) FROM exchanges_training t
WHERE t.status = 'held' AND t.start >= %s AND t.start <= %s{t} GROUP BY t.pairing_id""", params=(start, end, *t_p)),
        Statement(sql=f"""
SELECT ep.pairing_id, COUNT(*) FROM events_event_pairings ep JOIN events_event ev ON ev.id = ep.event_id
WHERE ev.start >= %s AND ev.start <= %s{ep} GROUP BY ep.pairing_id""", params=(start, end, *ep_p)),
        Statement(sql=f"""
SELECT o.pairing_id, SUM(o.agreements), COALESCE(SUM(o.amount), 0) FROM events_eventoutcome o
JOIN events_event ev ON ev.id = o.event_id WHERE ev.start >= %s AND ev.start <= %s{o} GROUP BY o.pairing_id""",
                  params=(start, end, *o_p)),
        Statement(sql=f"""
SELECT x.pairing_id, COUNT(*) FROM (
  SELECT DISTINCT r.pairing_id, c.replication_id, {_date_month('c."on"')} AS m FROM reforms_replicationstatuschange c
  JOIN reforms_replication r ON r.id = c.replication_id
  WHERE c.to_status = 'replicated' AND r.pairing_id IS NOT NULL AND c."on" >= %s AND c."on" <= %s{r}) x
GROUP BY x.pairing_id""", params=(start, end, *r_p)),
        Statement(sql=f"""
SELECT pl.pairing_id, i.key_task_id, {light} AS light, COUNT(*) FROM plans_planitem i
JOIN plans_plan pl ON pl.id = i.plan_id WHERE i.due_date >= %s AND i.due_date <= %s{pl}
GROUP BY pl.pairing_id, i.key_task_id, light""", params=(*light_p, start, end, *pl_p)),
    ]


def _cents(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _run_statements(statements: list[Statement]) -> list[list[tuple]]:
    with connection.cursor() as cursor:
        results = []
        for statement in statements:
            cursor.execute(statement.sql, statement.params)
            results.append(cursor.fetchall())
    return results


def check_dashboard(*, user: User, statements: list[Statement]) -> None:
    """Fail loudly unless the dashboard (read from the aggregates) shows the figures the bare SQL computes from
    scratch: every measure of every pairing, the stages and lights, and the monthly trend."""
    import datetime

    from duikou.dashboards.selectors import AMOUNT_KEYS, dashboard_figures

    start, end = (datetime.date.fromisoformat(day) for day in DASHBOARD_PERIOD)
    figures = dashboard_figures(user=user, start=start, end=end)
    (pairings, projects, _tasks, registered, reports, funds, parks, cadres, trainees, events, outcomes, replicated,
     items) = _run_statements(statements)
    expected = {row[0]: {"values": {}, "stages": {}, "lights": {}} for row in pairings}

    def add(pk, part, key, value):
        target = expected[pk][part]
        target[key] = target.get(key, 0) + (value or 0)

    for pk, stage, n, planned in projects:
        add(pk, "values", "projects", n)
        add(pk, "values", "planned_investment", _cents(planned))
        add(pk, "stages", stage, n)
    for pk, _period, amount in reports:
        add(pk, "values", "investment_completed", _cents(amount))
    for pk, amount in funds:
        add(pk, "values", "funds_in_place", _cents(amount))
    for pk, n in parks:
        add(pk, "values", "parks", n)
    for pk, direction, n in cadres:
        add(pk, "values", "cadres_ne_to_east" if direction == "ne_to_east" else "cadres_east_to_ne", n)
    for pk, n in trainees:
        add(pk, "values", "trainees", n)
    for pk, n in events:
        add(pk, "values", "events", n)
    for pk, n, amount in outcomes:
        add(pk, "values", "agreements", n)
        add(pk, "values", "agreement_amount", _cents(amount))
    for pk, n in replicated:
        add(pk, "values", "replicated", n)
    for pk, _task, light, n in items:
        add(pk, "values", "plan_items", n)
        add(pk, "lights", light, n)
    if [row.pairing_id for row in figures.pairings] != [row[0] for row in pairings]:
        raise ScenarioCheckFailed("dashboard: the page's pairings are not the bare SQL's.")
    for row in figures.pairings:
        want = expected[row.pairing_id]
        for key, value in row.values.items():
            wanted = want["values"].get(key, 0)
            close = abs(_cents(value) - _cents(wanted)) <= Decimal("0.02") if key in AMOUNT_KEYS else value == wanted
            if not close:
                raise ScenarioCheckFailed(f"dashboard: {key} of pairing {row.pairing_id} is {value} on the page, "
                                          f"{wanted} from scratch: the aggregates are not the records' figures.")
        for part in ("stages", "lights"):
            if {k: v for k, v in getattr(row, part).items() if v} != {k: v for k, v in want[part].items() if v}:
                raise ScenarioCheckFailed(f"dashboard: the {part} of pairing {row.pairing_id} differ from scratch.")
    trend = {month: n for month, n in registered}
    if {row["month"]: row["projects"] for row in figures.months if row["projects"]} != trend:
        raise ScenarioCheckFailed("dashboard: the projects registered by month differ from scratch.")


def dashboard_scenario_statements(*, user: User) -> list[Statement]:
    from duikou.core.roles import NATIONAL_ROLES

    national = bool(user.scope.roles & NATIONAL_ROLES)
    statements = dashboard_statements(pairing_ids=None if national else sorted(user.scope.pairing_ids))
    check_dashboard(user=user, statements=statements)  # once, outside the timing
    return statements


@scenario(name="national dashboard, ndrc", url=DASHBOARD_URL, username=NATIONAL_ADMIN, model=ProjectReport,
          locate=dashboard_refreshed, checked=0, counted=False, marker='"id": {}, "name"')
def national_dashboard_page(*, user: User) -> list[Statement]:
    """Every headline figure of every pairing in 2026, by stage, light, key task and month, from scratch."""
    return dashboard_scenario_statements(user=user)


@scenario(name="regional dashboard, liaoning", url=DASHBOARD_URL, username=LIAONING_COORDINATOR,
          model=ProjectReport, locate=dashboard_refreshed, checked=0, counted=False, marker='"id": {}, "name"')
def regional_dashboard_page(*, user: User) -> list[Statement]:
    """The same for 辽宁's pairings (``pairing_id IN (…)`` on every statement)."""
    return dashboard_scenario_statements(user=user)


REFRESH_CHANGES = {"reports": 400, "funding entries": 300, "projects": 300}  # 1,000 records changed


@workload(name="dashboard refresh after 1,000 changed records", username=NATIONAL_ADMIN)
def dashboard_refresh(*, user: User) -> list[Step]:
    """The aggregates refreshed after 1,000 records of mixed kinds changed (400 monthly reports' investment, 300
    funding entries moved to "in place", 300 projects moved a stage on), against the bare SQL of the national
    dashboard from scratch: a refresh rebuilds every fact in one transaction, one INSERT … SELECT … GROUP BY per
    measure family, so its time follows the records, not the changes, and its Python memory stays flat."""
    from django.db.models import F, Sum
    from django.db.models.functions import Mod

    try:
        from duikou.dashboards.models import Figure, Refresh
        from duikou.dashboards.services import figures_refresh
    except ImportError as exc:
        raise ExportUnavailable(f"the dashboards' aggregates are not there ({exc}).") from exc
    if not Refresh.objects.exists():
        figures_refresh()  # the facts the changes make stale (rolled back with the workload)
    step = max(1, ProjectReport.objects.count() // REFRESH_CHANGES["reports"])  # spread over the whole table
    reports = list(ProjectReport.objects.annotate(every=Mod("id", step)).filter(every=0).order_by("id")
                   .values_list("id", flat=True)[:REFRESH_CHANGES["reports"]])
    ProjectReport.objects.filter(pk__in=reports).update(investment_in_period=F("investment_in_period") + 1)
    entries = list(FundingEntry.objects.filter(stage=FundingStage.PLANNED).order_by("id")
                   .values_list("id", flat=True)[:REFRESH_CHANGES["funding entries"]])
    FundingEntry.objects.filter(pk__in=entries).update(stage=FundingStage.IN_PLACE)
    projects = list(Project.objects.filter(stage="signed").order_by("id")
                    .values_list("id", flat=True)[:REFRESH_CHANGES["projects"]])
    Project.objects.filter(pk__in=projects).update(stage="started")
    changed = len(reports) + len(entries) + len(projects)
    statements = dashboard_statements(pairing_ids=None)

    def check(refresh) -> None:
        facts = Figure.objects.filter(measure="investment_completed").aggregate(s=Sum("value"))["s"]
        records = ProjectReport.objects.aggregate(s=Sum("investment_in_period"))["s"]
        started = Figure.objects.filter(measure="projects", stage="started", month="").aggregate(  # all-time totals
            s=Sum("value"))["s"]
        if refresh.rows <= 0 or abs(_cents(facts) - _cents(records)) > Decimal("0.05") or int(started or 0) != (
                Project.objects.filter(stage="started").count()):
            raise ScenarioCheckFailed("dashboard refresh: the facts do not add up to the changed records.")

    return [
        Step(name="bare SQL of the national dashboard (from scratch)", run=lambda: _run_statements(statements),
             rows=changed, repeat=3),
        Step(name="figures_refresh (every fact rebuilt)", run=lambda: figures_refresh(), rows=changed, check=check,
             versus="bare SQL of the national dashboard (from scratch)"),
    ]
