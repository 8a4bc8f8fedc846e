"""The timed scenarios. Each names a page or an API endpoint, the account that opens it, and the bare SQL
that fetches the same rows: the yardstick the page is measured against.

A later issue adds its own with the decorator, next to the others::

    @scenario(name="project list page", url="/work/projects/", username=NATIONAL_ADMIN, model=Project,
              detail="projects:project_detail")
    def project_list(*, user: User) -> list[Statement]:
        return [Statement(sql=PROJECT_ROWS), Statement(sql="SELECT COUNT(*) FROM projects_project")]

The function returns the statements to time (prepared outside the timing): the first one's rows start with
the primary key, the last one is the ``COUNT(*)``. A page (``detail`` given) must link to each of those rows;
an API list must return exactly those ids, in that order, and the same count.

A page of one row (a plan with its items) names the row in its URL, ``url="/work/plans/{pk}/"``, and gives
``locate``: a function finding the row in the generated data, whose values fill the URL and are passed to the
bare SQL function. ``checked`` says which statement's rows the page must link to (the items, not the plan),
and ``counted=False`` that no statement is a ``COUNT(*)``: the page shows every checked row.

Documents made on request (a .docx) are not pages: they are registered with ``@export`` and timed alone, with
their peak memory. See bench/README.md."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse

from duikou.accounts.models import Organisation, User
from duikou.plans import lights
from duikou.plans.models import Plan, PlanItem
from duikou.regions.models import Pairing

from . import BenchError
from .generate import (
    BIG_PLAN_ITEMS,
    BIG_PLAN_TITLE,
    LIAONING_COORDINATOR,
    NATIONAL_ADMIN,
    SUMMARY_LEAVES,
    SUMMARY_PAIRING,
    SUMMARY_YEAR,
)


class ScenarioCheckFailed(BenchError):
    pass


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Sequence = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str  # may name values found by ``locate``: "/work/plans/{pk}/"
    username: str
    model: type[Model]  # its rows in the database are reported next to the timings
    bare: Callable[..., list[Statement]]
    detail: str | None = None  # URL name of a row's page: set for HTML pages, None for API lists
    headers: dict[str, str] = field(default_factory=dict)
    locate: Callable[[], dict] | None = None  # finds the values the URL names in the generated data
    checked: int = 0  # the statement whose rows the page must show (their first column is the primary key)
    counted: bool = True  # the last statement is the paginator's COUNT(*); if not, every checked row is shown

    def resolve(self) -> tuple[str, dict]:
        """The URL to request, and the values ``locate`` found (passed to the bare SQL function too)."""
        found = self.locate() if self.locate else {}
        return self.url.format(**found), found

    def check(self, *, response: HttpResponse, ids: list, count: int) -> None:
        """Fail loudly unless the response shows the rows the bare SQL fetched."""
        if self.detail is None:
            data = response.json()
            shown = [item["id"] for item in data["results"]]
            if shown != ids or data["count"] != count:
                raise ScenarioCheckFailed(
                    f"{self.name}: the API returned {data['count']} rows {shown[:5]}…, the bare SQL {count} rows "
                    f"{ids[:5]}…: the two do not fetch the same rows.")
            return
        html = response.content.decode()
        missing = [pk for pk in ids if f'href="{reverse(self.detail, args=[pk])}"' not in html]
        if missing:
            raise ScenarioCheckFailed(f"{self.name}: the page does not link to rows {missing[:5]} that the bare SQL "
                                      "fetched: the two do not fetch the same rows.")


SCENARIOS: list[Scenario] = []
JSON = {"accept": "application/json"}


def scenario(*, name: str, url: str, username: str, model: type[Model], detail: str | None = None,
             headers: dict[str, str] | None = None, locate: Callable[[], dict] | None = None, checked: int = 0,
             counted: bool = True) -> Callable:
    """Register the decorated function as the bare SQL of a new scenario."""

    def register(bare: Callable[..., list[Statement]]) -> Callable[..., list[Statement]]:
        if any(existing.name == name for existing in [*SCENARIOS, *EXPORTS]):
            raise ValueError(f"Two benchmark scenarios are called {name!r}.")
        SCENARIOS.append(Scenario(name=name, url=url, username=username, model=model, bare=bare, detail=detail,
                                  headers=headers or {}, locate=locate, checked=checked, counted=counted))
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
