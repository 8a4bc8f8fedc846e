"""The project library, the co-built parks and the funding ledger of the synthetic programme (issue #4), added by
``bench/generate.py`` after the plans.

Rows are decided in memory, checked with their model's field validators and ``clean()``, then written in batches
with explicit primary keys: through ``COPY … FROM STDIN`` on PostgreSQL (1.2 million monthly reports take
about a minute that way), an ``INSERT`` per batch elsewhere. Writing the columns directly also keeps the dates a
real history would have (a project's ``created_at`` is the day it was registered, a report's the day it came in)
instead of the moment of generation that ``auto_now_add`` would give. The sequences are reset afterwards.

Deterministic: its own random generator, seeded from the run's seed, so the plans are the same rows as before.
Everything happens as of ``AS_OF`` (31 October 2026): nothing is registered, reported or paid later."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from duikou.accounts.models import Organisation, User
from duikou.funding.models import FundingEntry, FundingStage, Source
from duikou.parks.models import BenefitAgreement, Park, ParkFigure
from duikou.projects.models import (
    CoordinationRequest,
    Industry,
    Project,
    ProjectReport,
    ProjectStageChange,
    Stage,
)
from duikou.projects.validators import validate_project_code
from duikou.regions.models import KeyTask, Pairing, Region

# --- the fixed points the scenarios find again ------------------------------------------------------------------

LIBRARY_PAIRING = ("210000", "320000")  # 辽宁–江苏: the filtered lists, the 60-report project (both timing accounts)
LIST_STAGE = Stage.BUILDING  # the stage the lists are filtered by: at least LIST_MINIMUM projects of LIBRARY_PAIRING
LIST_MINIMUM = 51  # more than a page of 50
LIBRARY_SHARE = 0.08  # of the projects, on LIBRARY_PAIRING
BIG_PROJECT_TITLE = "基准：60期月报项目"  # under construction, reported monthly from 2021-10 to 2026-09
BIG_PROJECT_REPORTS = 60
BIG_PROJECT_FUNDING = 12  # funding entries of the big project
BIG_PROJECT_REQUESTS = 3  # coordination requests raised on it
BIG_PROJECT_INVESTORS = 2
BIG_PROJECT_LOCATION = "210100"  # 沈阳, where the first park generated is too
SEARCH_TERM = "汽车"  # in the names of 23 industry classes (汽车制造业, 汽车整车制造 …): in ~1 % of the titles

AS_OF = datetime.date(2026, 10, 31)  # = generate.AS_OF (not imported: generate.py imports this module)
LAST_PERIOD = "2026-09"  # the last month reported by AS_OF (its report is due by 10 October)
FIRST_PERIOD = "2017-12"  # no construction started before the programme (国办发〔2017〕22号, March 2017)
FIRST_DAY = datetime.date(2017, 6, 1)  # no project registered earlier
REPORT_DUE_DAY = 10  # settings.DUIKOU_PROJECT_REPORT_DUE_DAY's default: a month's report is due by the 10th
ON_TIME_SHARE = 0.85  # of the reports, in by their due day
GAP_SHARE = 0.04  # of the projects under way, without a report for LAST_PERIOD (shown as missing)

# The stage a project ends in (as of AS_OF), and how many months a project in it has reported: a range drawn from,
# then scaled so the reports add up to the scale's number, and a cap. Projects still in started, building or
# operating report up to LAST_PERIOD; a completed one up to the month it was completed; the others never started.
STAGE_WEIGHTS = {Stage.INTENTION: 10, Stage.SIGNED: 14, Stage.STARTED: 8, Stage.BUILDING: 38, Stage.OPERATING: 18,
                 Stage.COMPLETED: 7, Stage.TERMINATED: 5}
REPORT_MONTHS = {Stage.STARTED: ((1, 10), 1, 18), Stage.BUILDING: ((3, 45), 1, 104),
                 Stage.OPERATING: ((15, 80), 1, 104), Stage.COMPLETED: ((12, 60), 3, 100)}
AFTER_START = {Stage.STARTED: [], Stage.BUILDING: [Stage.BUILDING], Stage.OPERATING: [Stage.BUILDING, Stage.OPERATING],
               Stage.COMPLETED: [Stage.BUILDING, Stage.OPERATING]}
TERMINATION_REASON = "投资方调整投资计划，经双方协商终止合作（基准）"
KEY_SHARE, LANDMARK_SHARE, CODE_SHARE, PARK_SHARE = 0.10, 0.05, 0.6, 0.3  # of the projects
FUNDING_PARK_SHARE = 0.15  # of the funding entries, for parks (the others for projects)
REQUEST_PARK_SHARE = 0.15  # of the coordination requests, on parks
KEY_PARK_SHARE = 0.2
PROJECT_WORDS = ("项目", "基地", "产业园", "生产线", "示范项目", "合作项目")
PARK_KINDS = list(Park.Kind)
PARK_MODELS = list(Park.Model)
SOURCES = list(Source)
REQUEST_KINDS = {CoordinationRequest.Kind.LAND: "用地", CoordinationRequest.Kind.ENERGY: "用能",
                 CoordinationRequest.Kind.FINANCING: "融资", CoordinationRequest.Kind.APPROVALS: "审批",
                 CoordinationRequest.Kind.OTHER: "其他"}
WRITE_BATCH = 20_000


@dataclass
class Library:
    """What later steps need from earlier ones."""

    pairings: list[Pairing]  # with two sides, by primary key
    coordinators: dict[str, User]  # side code -> the coordinator of its coordination office
    organisations: dict[int, list[Organisation]]  # pairing id -> organisations of either side (cities included)
    parks: list[Park] = field(default_factory=list)
    projects: list[_ProjectDraft] = field(default_factory=list)
    big_project: _ProjectDraft | None = None


@dataclass
class _ProjectDraft:
    project: Project
    changes: list[tuple[str, str, datetime.date, str]]  # from, to, on, reason
    first_period: str | None = None  # the month construction started (None: never started)
    last_period: str | None = None  # the last month reported
    registered: datetime.date | None = None


# --- helpers -------------------------------------------------------------------------------------------------


def _month_index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _first_day(period: str) -> datetime.date:
    return datetime.date(int(period[:4]), int(period[5:7]), 1)


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment of office hours on ``day`` (09:00–17:00 in Beijing, written in UTC)."""
    return datetime.datetime.combine(day, datetime.time(1), tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randrange(8 * 60))


def _day_between(rng: random.Random, lo: datetime.date, hi: datetime.date) -> datetime.date:
    return lo + datetime.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _pairing_name(pairing: Pairing) -> str:
    return f"{pairing.northeast.name}–{pairing.east.name}"


def _checked(objects: list[Model], *, exclude: Iterable[str] = ()) -> list[Model]:
    """Field validators and ``clean()`` of each object (foreign keys are instances: not looked up)."""
    for obj in objects:
        skip = [f.name for f in obj._meta.concrete_fields if f.is_relation] + list(exclude)
        obj.clean_fields(exclude=skip)
        obj.clean()
    return objects


def _chunks(objects: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(model: type[Model], objects: Iterable[Model], *, exclude: Iterable[str] = (), check: bool = True) -> int:
    """Check and write ``objects`` (primary keys set) in batches, every concrete column as it is on the object
    (``auto_now`` fields included): COPY on PostgreSQL, one multi-row INSERT per batch elsewhere."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    written = 0
    for batch in _chunks(objects, WRITE_BATCH):
        if check:
            _checked(batch, exclude=exclude)
        rows = [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields) for obj in batch]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        written += len(batch)
    return written


def _next_ids(model: type[Model]) -> Iterator[int]:
    start = (model._default_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
    return iter(range(start, 1 << 62))


def reset_sequences(models: list[type[Model]]) -> None:
    """After explicit primary keys: the next row the platform adds gets the next free key."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


_code_checked: dict[tuple, None] = {}


def _check_code(code: str) -> None:
    """``validate_project_code``, asked once per kind of code: its verdict depends only on the year, the region's
    province, the industry and the procedure (the serial number is six digits in every generated code)."""
    key = (code[:4], code[5:7], code[12:14], code[15:17])
    if key not in _code_checked:
        validate_project_code(code)
        _code_checked[key] = None


# --- the shared context ------------------------------------------------------------------------------------------


def library_context(*, pairings: list[Pairing], organisations: list[Organisation], users: dict[str, User],
                    coordinator_name: Callable[[str], str]) -> Library:
    eligible = sorted((p for p in pairings if p.east_id), key=lambda p: p.pk)
    sides = {code for p in eligible for code in p.sides}
    orgs = {p.pk: [o for o in organisations if o.region_id and (o.region_id in p.sides or o.region.parent_id in p.sides)]
            for p in eligible}
    return Library(pairings=eligible, coordinators={code: users[coordinator_name(code)] for code in sides},
                   organisations=orgs)


def _side_regions(regions: dict[str, Region]) -> Callable[[str], list[Region]]:
    children: dict[str, list[Region]] = defaultdict(list)
    for region in regions.values():
        if region.parent_id:
            children[region.parent_id].append(region)

    def of(code: str) -> list[Region]:
        """The side's own region and, for a province, its cities."""
        return [regions[code], *sorted(children.get(code, []), key=lambda r: r.code)]

    return of


def _on_side(orgs: list[Organisation], side: str) -> list[Organisation]:
    return [o for o in orgs if o.region_id == side or o.region.parent_id == side]


# --- parks, their figures and benefit-sharing agreements ---------------------------------------------------------


def add_parks(*, scale, rng: random.Random, library: Library, regions: dict[str, Region]) -> int:
    """Parks spread over the pairings (the first one on LIBRARY_PAIRING), hosted mostly on the northeastern side;
    an operator and settled enterprises of either side; a fifth are key parks with a green-channel officer. Each
    has ``scale.park_months`` months of figures up to LAST_PERIOD and one benefit-sharing agreement (three in
    ten a second one, after the first ended)."""
    side_regions = _side_regions(regions)
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    ids = _next_ids(Park)
    parks = []
    for n in range(1, scale.parks + 1):
        pairing = by_sides[LIBRARY_PAIRING] if n == 1 else library.pairings[rng.randrange(len(library.pairings))]
        host_side, partner_side = ((pairing.northeast_id, pairing.east_id) if n == 1 or rng.random() < 0.85
                                   else (pairing.east_id, pairing.northeast_id))
        host = regions[BIG_PROJECT_LOCATION] if n == 1 else rng.choice(side_regions(host_side))
        partner = rng.choice(side_regions(partner_side))
        orgs = library.organisations[pairing.pk]
        host_orgs = _on_side(orgs, host_side) or orgs
        operators = [o for o in host_orgs if o.kind == Organisation.Kind.PARK] or host_orgs
        key = rng.random() < KEY_PARK_SHARE
        established = _day_between(rng, datetime.date(2017, 9, 1), datetime.date(2024, 6, 30))
        registered = max(established, FIRST_DAY)
        park = Park(
            id=next(ids), pairing=pairing, name=f"{host.name}–{partner.name}合作产业园（基准{n:04d}）",
            kind=rng.choice(PARK_KINDS), host_region=host, partner_region=partner,
            partner_park=f"{partner.name}经济技术开发区" if rng.random() < 0.6 else "",
            area=_cents(rng.randint(100, 5000)), established_on=established, management_model=rng.choice(PARK_MODELS),
            operator=rng.choice(operators), is_key=key, green_channel_officer=library.coordinators[host_side] if key else None,
            description=f"{_pairing_name(pairing)}共建园区，重点发展先进制造和现代服务业。（基准测试数据）",
        )
        park.created_at = park.updated_at = _at(registered, rng)
        parks.append(park)
    written = _write(Park, parks)
    library.parks = parks

    Through = Park.enterprises.through
    links = _next_ids(Through)
    rows = []
    for park in parks:
        enterprises = [o for o in library.organisations[park.pairing_id] if o.kind == Organisation.Kind.ENTERPRISE]
        for org in rng.sample(enterprises, k=min(len(enterprises), rng.randint(0, 5))):
            rows.append(Through(id=next(links), park_id=park.pk, organisation_id=org.pk))
    _write(Through, rows, check=False)

    agreements, figures = [], []
    agreement_ids, figure_ids = _next_ids(BenefitAgreement), _next_ids(ParkFigure)
    first = _month_index(LAST_PERIOD) - scale.park_months + 1
    for park in parks:
        two = park.established_on < datetime.date(2019, 1, 1) and rng.random() < 0.3
        for start, end in ([(datetime.date(2019, 1, 1), datetime.date(2023, 12, 31)), (datetime.date(2024, 1, 1), None)]
                           if two else [(max(park.established_on, datetime.date(2018, 1, 1)), None)]):
            tax, gdp = Decimal(5 * rng.randint(8, 20)), Decimal(5 * rng.randint(8, 20))  # 40 % to 100 % to the host
            signed = start - datetime.timedelta(days=rng.randint(10, 120))
            agreements.append(BenefitAgreement(
                id=next(agreement_ids), park=park, title=f"{park.name}税收分成和统计分算协议（{start.year}年起）",
                document_number=f"基准合〔{signed.year}〕{park.pk}号", signed_on=signed, effective_from=start,
                effective_to=end, tax_host=tax, tax_partner=100 - tax, gdp_host=gdp, gdp_partner=100 - gdp,
                notes="基准测试数据", created_at=_at(signed, rng), updated_at=_at(signed, rng)))
        size = rng.uniform(0.3, 3)
        reporter = library.coordinators[park.pairing.side_of(park.host_region)]
        for k, index in enumerate(range(first, first + scale.park_months)):
            period = _period(index)
            output = int(size * rng.randint(800_000, 1_600_000) * (1 + k / 48))
            in_at = _at(_first_day(_period(index + 1)) + datetime.timedelta(days=rng.randint(2, 14)), rng)
            figures.append(ParkFigure(
                id=next(figure_ids), park=park, period=period, output_value=_cents(output),
                tax_revenue=_cents(output // rng.randint(12, 25)), gdp=_cents(output // rng.randint(3, 5)),
                employment=int(size * rng.randint(800, 1500)), basis="园区管委会统计月报，税务部门入库数（基准）",
                reported_by=reporter, created_at=in_at, updated_at=in_at))
    _write(BenefitAgreement, agreements)
    _write(ParkFigure, figures)
    return written


# --- projects and their stage history --------------------------------------------------------------------------


def _report_months(rng: random.Random, stages: list[str], total: int) -> list[int]:
    """How many months each project of ``stages`` has reported (0 for a stage that does not report): drawn from
    its stage's range, then scaled and adjusted one by one so they add up to ``total``, each within 1 and its
    stage's cap."""
    drawn = [rng.randint(*REPORT_MONTHS[s][0]) if s in REPORT_MONTHS else 0 for s in stages]
    reporting = [i for i, s in enumerate(stages) if s in REPORT_MONTHS]
    floor = {i: REPORT_MONTHS[stages[i]][1] for i in reporting}
    cap = {i: REPORT_MONTHS[stages[i]][2] for i in reporting}
    if not sum(floor.values()) <= total <= sum(cap.values()):
        raise ValueError(f"{total} reports cannot be shared among {len(reporting)} reporting projects.")
    factor = total / sum(drawn)
    months = [0] * len(stages)
    for i in reporting:
        months[i] = max(floor[i], min(cap[i], round(drawn[i] * factor)))
    left = total - sum(months)
    while left:
        i = reporting[rng.randrange(len(reporting))]
        if left > 0 and months[i] < cap[i]:
            months[i] += 1
            left -= 1
        elif left < 0 and months[i] > floor[i]:
            months[i] -= 1
            left += 1
    return months


def _history(rng: random.Random, *, stage: str, months: int) -> tuple[list, str | None, str | None]:
    """The stage changes (from, to, on, reason) leading to ``stage`` as of AS_OF, and the first and last months
    reported. A project that reports started construction in its first month; one still under way reports up to
    LAST_PERIOD (a few miss that month), a completed one up to the month it was completed. Registered as an
    intention (or directly as signed) before."""
    if stage in REPORT_MONTHS:
        if stage == Stage.COMPLETED:
            last = rng.randint(_month_index(FIRST_PERIOD) + months - 1, _month_index(LAST_PERIOD))
        else:
            last = _month_index(LAST_PERIOD) - (1 if rng.random() < GAP_SHARE and months < 100 else 0)
        first = last - months + 1
        started = _first_day(_period(first)) + datetime.timedelta(days=rng.randint(0, 27))
        if stage == Stage.COMPLETED:
            end = _first_day(_period(last)) + datetime.timedelta(days=rng.randint(0, 27))
            end = max(end, started + datetime.timedelta(days=len(AFTER_START[stage]) + 1))
        else:
            end = AS_OF
        steps = AFTER_START[stage]
        span = (end - started).days
        offsets = sorted(rng.sample(range(1, span), k=len(steps))) if steps else []
        after = [(to, started + datetime.timedelta(days=d)) for to, d in zip(steps, offsets, strict=True)]
        if stage == Stage.COMPLETED:
            after.append((Stage.COMPLETED, end))
        signed = started - datetime.timedelta(days=rng.randint(20, 400))
        registered = signed - datetime.timedelta(days=rng.randint(10, 300))
        before = _registration(rng, registered=max(registered, FIRST_DAY), signed=max(signed, FIRST_DAY + datetime.timedelta(days=1)))
        changes, current = before, before[-1][1]
        for to, on in [(Stage.STARTED, started), *after]:
            changes.append((current, to, on, ""))
            current = to
        return changes, _period(first), _period(last)
    registered = _day_between(rng, datetime.date(2018, 1, 1), AS_OF - datetime.timedelta(days=90))
    signed = _day_between(rng, registered + datetime.timedelta(days=1),
                          min(AS_OF - datetime.timedelta(days=30), registered + datetime.timedelta(days=400)))
    if stage == Stage.INTENTION:
        return [("", Stage.INTENTION, registered, "")], None, None
    changes = _registration(rng, registered=registered, signed=signed)
    if stage == Stage.TERMINATED:
        ended = _day_between(rng, changes[-1][2] + datetime.timedelta(days=1), AS_OF)
        changes.append((changes[-1][1], Stage.TERMINATED, ended, TERMINATION_REASON))
    return changes, None, None


def _registration(rng: random.Random, *, registered: datetime.date, signed: datetime.date) -> list:
    if rng.random() < 0.3 or registered >= signed:
        return [("", Stage.SIGNED, signed, "")]
    return [("", Stage.INTENTION, registered, ""), (Stage.INTENTION, Stage.SIGNED, signed, "")]


def add_projects(*, scale, rng: random.Random, library: Library, regions: dict[str, Region],
                 tasks: list[KeyTask]) -> int:
    """``scale.projects`` projects: LIBRARY_SHARE of them on LIBRARY_PAIRING, the others spread over the pairings
    (the eight province pairings weigh three times a city pairing), with their stage history, investors and
    report months (``scale.project_reports`` in all); then BIG_PROJECT_TITLE, under construction with exactly
    BIG_PROJECT_REPORTS months."""
    side_regions = _side_regions(regions)
    industries = list(Industry.objects.exclude(level=Industry.Level.SECTION).select_related("parent"))
    by_level = defaultdict(list)
    for industry in industries:
        by_level[industry.level].append(industry)
    division_of = {i.code: (i.code if i.level == Industry.Level.DIVISION else
                            i.parent_id if i.level == Industry.Level.GROUP else i.parent.parent_id) for i in industries}
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    library_pairing = by_sides[LIBRARY_PAIRING]
    others = [p for p in library.pairings if p is not library_pairing]
    weights = [3 if p.tier == Pairing.Tier.PROVINCE else 1 for p in others]
    parks_of = defaultdict(list)
    for park in library.parks:
        parks_of[park.pairing_id].append(park)

    count = scale.projects - 1  # the big project is added at the end
    stages = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()), k=count)
    months = _report_months(rng, stages, scale.project_reports - BIG_PROJECT_REPORTS)
    ids = _next_ids(Project)
    drafts = []
    for n, (stage, reported) in enumerate(zip(stages, months, strict=True), start=1):
        pairing = library_pairing if rng.random() < LIBRARY_SHARE else rng.choices(others, weights=weights)[0]
        changes, first, last = _history(rng, stage=stage, months=reported)
        drafts.append(_project(rng, n=n, pk=next(ids), pairing=pairing, changes=changes, first=first, last=last,
                               library=library, side_regions=side_regions, by_level=by_level, division_of=division_of,
                               parks=parks_of[pairing.pk], tasks=tasks))
    shown = sum(1 for d in drafts if d.project.pairing_id == library_pairing.pk and d.project.stage == LIST_STAGE)
    if shown < LIST_MINIMUM:
        raise ValueError(f"Only {shown} projects of 辽宁–江苏 are at stage {LIST_STAGE}: raise LIBRARY_SHARE or the "
                         f"number of projects (at least {LIST_MINIMUM} are needed for the filtered lists).")
    big = _big_project(rng, pk=next(ids), pairing=library_pairing, library=library, regions=regions,
                       division_of=division_of, tasks=tasks, parks=parks_of[library_pairing.pk])
    drafts.append(big)
    library.projects, library.big_project = drafts, big

    written = _write(Project, (d.project for d in drafts), exclude=["national_code"])
    change_ids, through_ids = _next_ids(ProjectStageChange), _next_ids(Project.investors.through)
    user_of = {p.pk: library.coordinators[p.northeast_id] for p in library.pairings}

    def stage_changes():
        for draft in drafts:
            for from_stage, to_stage, on, reason in draft.changes:
                yield ProjectStageChange(id=next(change_ids), project=draft.project, from_stage=from_stage,
                                         to_stage=to_stage, on=on, reason=reason,
                                         user=user_of[draft.project.pairing_id], recorded_at=_at(on, rng))

    _write(ProjectStageChange, stage_changes())
    Through = Project.investors.through

    def investors():
        for draft in drafts:
            orgs = library.organisations[draft.project.pairing_id]
            enterprises = [o for o in orgs if o.kind == Organisation.Kind.ENTERPRISE and o.pk != draft.project.host_organisation_id]
            k = BIG_PROJECT_INVESTORS if draft is big else rng.choice((0, 0, 1, 1, 1, 2, 3))
            for org in rng.sample(enterprises, k=min(k, len(enterprises))):
                yield Through(id=next(through_ids), project_id=draft.project.pk, organisation_id=org.pk)

    _write(Through, investors(), check=False)
    return written


def _project(rng: random.Random, *, n: int, pk: int, pairing: Pairing, changes: list, first: str | None,
             last: str | None, library: Library, side_regions, by_level, division_of, parks: list[Park],
             tasks: list[KeyTask]) -> _ProjectDraft:
    park = rng.choice(parks) if parks and rng.random() < PARK_SHARE else None
    if park is not None:
        location = park.host_region
    else:
        side = pairing.northeast_id if rng.random() < 0.7 else pairing.east_id
        location = rng.choice(side_regions(side))
    level = rng.choices((Industry.Level.DIVISION, Industry.Level.GROUP, Industry.Level.CLASS), weights=(3, 2, 5))[0]
    industry = rng.choice(by_level[level])
    orgs = library.organisations[pairing.pk]
    side = pairing.side_of(location)
    host = rng.choice((park.operator,) if park is not None and park.operator else _on_side(orgs, side) or orgs)
    registered = changes[0][2]
    code = ""
    if rng.random() < CODE_SHARE:
        year = max(2015, registered.year)
        code = f"{year}-{location.code}-{division_of[industry.code]}-{rng.choice(('01', '02', '03'))}-{n:06d}"
        _check_code(code)
    key = rng.random() < KEY_SHARE
    planned = rng.randint(50_000, 50_000_000)  # cents of 万元: 500 to 500,000 万元
    stage, since = changes[-1][1], changes[-1][2]
    project = Project(
        id=pk, pairing=pairing, title=f"{location.name}{industry.name}{rng.choice(PROJECT_WORDS)}（基准{n:06d}）",
        key_task=rng.choice(tasks), industry=industry, location=location, host_organisation=host, national_code=code,
        planned_investment=_cents(planned), stage=stage, stage_since=since, is_landmark=rng.random() < LANDMARK_SHARE,
        is_key=key, green_channel_officer=library.coordinators[side] if key else None, park=park,
        description=f"{_pairing_name(pairing)}对口合作项目，所属行业{industry.name}，建设地点{location.name}。（基准测试数据）",
        created_at=_at(registered, rng), version=len(changes))
    project.updated_at = _at(since, rng) if since > registered else project.created_at
    return _ProjectDraft(project=project, changes=changes, first_period=first, last_period=last, registered=registered)


def _big_project(rng: random.Random, *, pk: int, pairing: Pairing, library: Library, regions: dict[str, Region],
                 division_of, tasks: list[KeyTask], parks: list[Park]) -> _ProjectDraft:
    """BIG_PROJECT_TITLE: a key project of 辽宁–江苏 in 沈阳, settled in a park, reporting since October 2021."""
    last = _month_index(LAST_PERIOD)
    first = last - BIG_PROJECT_REPORTS + 1
    started = _first_day(_period(first)) + datetime.timedelta(days=11)
    changes = [("", Stage.INTENTION, datetime.date(2020, 9, 15), ""),
               (Stage.INTENTION, Stage.SIGNED, datetime.date(2021, 3, 18), ""),
               (Stage.SIGNED, Stage.STARTED, started, ""),
               (Stage.STARTED, Stage.BUILDING, datetime.date(2022, 4, 6), "")]
    industry = Industry.objects.get(code="3612")  # 新能源车整车制造
    location = regions[BIG_PROJECT_LOCATION]
    orgs = library.organisations[pairing.pk]
    park = parks[0]  # the first park generated: on LIBRARY_PAIRING, in 沈阳
    project = Project(
        id=pk, pairing=pairing, title=BIG_PROJECT_TITLE, industry=industry, location=location,
        host_organisation=park.operator or rng.choice(_on_side(orgs, "210000")),
        national_code=f"2021-{location.code}-{division_of[industry.code]}-02-{pk:06d}",
        planned_investment=Decimal("1250000.00"), stage=Stage.BUILDING, stage_since=changes[-1][2], is_landmark=True,
        is_key=True, green_channel_officer=library.coordinators["210000"], park=park,
        description="辽宁–江苏对口合作重点项目：新能源汽车整车及关键零部件生产基地，分三期建设。（基准测试数据）",
        created_at=_at(changes[0][2], rng), updated_at=_at(changes[-1][2], rng), version=len(changes))
    project.key_task = next(t for t in tasks if t.code.startswith("2"))  # an industry task
    _check_code(project.national_code)
    return _ProjectDraft(project=project, changes=changes, first_period=_period(first), last_period=LAST_PERIOD,
                         registered=changes[0][2])


# --- monthly progress reports ----------------------------------------------------------------------------------


def add_reports(*, rng: random.Random, library: Library) -> int:
    """Every month from the month construction started to the last month reported; the investment of each month
    (a share of 20 % to 95 % of the planned total spread unevenly, some months nothing), the total the sum of the
    months, so it never falls, adds up and stays within the plan: nothing for the checks to question. Most came in
    by the 10th of the next month, the rest later (shown late)."""
    ids = _next_ids(ProjectReport)
    user_of = {p.pk: library.coordinators[p.northeast_id] for p in library.pairings}

    def reports():
        for draft in library.projects:
            if draft.first_period is None:
                continue
            project = draft.project
            first, last = _month_index(draft.first_period), _month_index(draft.last_period)
            months = last - first + 1
            planned = int(project.planned_investment * 100)
            share = rng.uniform(0.8, 0.98) if project.stage == Stage.COMPLETED else rng.uniform(0.2, 0.95)
            weights = [0.0 if rng.random() < 0.05 else rng.uniform(0.2, 1.8) for _ in range(months)]
            weights[-1] = weights[-1] or 1.0
            spent, scale = int(planned * share), sum(weights)
            amounts = [int(spent * w / scale) for w in weights]
            total = 0
            user = user_of[project.pairing_id]
            for index, amount in zip(range(first, last + 1), amounts, strict=True):
                total += amount
                period = _period(index)
                due = _first_day(_period(index + 1)) + datetime.timedelta(days=REPORT_DUE_DAY - 1)
                day = (_day_between(rng, due - datetime.timedelta(days=REPORT_DUE_DAY - 1), due)
                       if rng.random() < ON_TIME_SHARE else
                       min(AS_OF, due + datetime.timedelta(days=rng.randint(1, 20))))
                at = _at(day, rng)
                yield ProjectReport(
                    id=next(ids), project=project, period=period, investment_in_period=_cents(amount),
                    investment_cumulative=_cents(total), narrative=f"{period}完成投资{_cents(amount)}万元，工程按计划推进。（基准）",
                    problems="" if rng.random() < 0.9 else "用地手续和配套电力接入待协调。（基准）",
                    confirmed_warnings=[], reported_by=user, created_at=at, updated_at=at)

    return _write(ProjectReport, reports())


# --- the funding ledger ----------------------------------------------------------------------------------------


def add_funding(*, scale, rng: random.Random, library: Library) -> int:
    """``scale.funding_entries`` entries: FUNDING_PARK_SHARE for parks, the rest for projects (BIG_PROJECT_FUNDING
    for the big project), each of its target's pairing; a source, a stage (planned, committed or in place), an
    amount and a date between the target's registration and AS_OF (a planned entry may be dated up to half a year
    later), a document number for most commitments."""
    ids = _next_ids(FundingEntry)
    user_of = {p.pk: library.coordinators[p.northeast_id] for p in library.pairings}
    big = library.big_project
    projects = [d for d in library.projects if d is not big]
    for_parks = round(scale.funding_entries * FUNDING_PARK_SHARE) if library.parks else 0
    for_projects = scale.funding_entries - for_parks - BIG_PROJECT_FUNDING

    def entry(target, *, pairing_id: int, registered: datetime.date, planned: int) -> FundingEntry:
        stage = rng.choices((FundingStage.PLANNED, FundingStage.COMMITTED, FundingStage.IN_PLACE), weights=(15, 40, 45))[0]
        latest = AS_OF + datetime.timedelta(days=180) if stage == FundingStage.PLANNED else AS_OF
        on = _day_between(rng, registered, latest)
        number = next(ids)
        document = (f"基准资金〔{on.year}〕{number}号" if stage != FundingStage.PLANNED and rng.random() < 0.7 else "")
        at = _at(min(on, AS_OF), rng)
        return FundingEntry(
            id=number, pairing_id=pairing_id, **{target._meta.model_name: target}, source=rng.choice(SOURCES),
            stage=stage, amount=_cents(max(1, int(planned * rng.uniform(0.02, 0.3)))), on=on,
            document_number=document, note="" if rng.random() < 0.8 else "分期拨付（基准）",
            recorded_by=user_of[pairing_id], created_at=at, updated_at=at)

    def entries():
        for _ in range(BIG_PROJECT_FUNDING):
            yield entry(big.project, pairing_id=big.project.pairing_id, registered=big.registered,
                        planned=int(big.project.planned_investment * 100))
        for _ in range(for_projects):
            draft = projects[rng.randrange(len(projects))]
            yield entry(draft.project, pairing_id=draft.project.pairing_id, registered=draft.registered,
                        planned=int(draft.project.planned_investment * 100))
        for _ in range(for_parks):
            park = library.parks[rng.randrange(len(library.parks))]
            yield entry(park, pairing_id=park.pairing_id, registered=max(park.established_on, FIRST_DAY),
                        planned=rng.randint(5_000_000, 200_000_000))

    return _write(FundingEntry, entries())


# --- coordination requests ------------------------------------------------------------------------------------


def add_requests(*, scale, rng: random.Random, library: Library) -> int:
    """``scale.coordination_requests`` requests, REQUEST_PARK_SHARE on parks, key projects five times as likely as
    the others (BIG_PROJECT_REQUESTS on the big project): routed to the target's green-channel officer, due 15
    working days after they were raised; most of those due before AS_OF answered (and some closed), the rest
    open, the overdue ones escalated."""
    from duikou.projects.services import add_working_days

    ids = _next_ids(CoordinationRequest)
    big = library.big_project
    projects = [d for d in library.projects if d is not big]
    project_weights = [5 if d.project.is_key else 1 for d in projects]
    on_parks = round(scale.coordination_requests * REQUEST_PARK_SHARE) if library.parks else 0
    on_projects = scale.coordination_requests - on_parks - BIG_PROJECT_REQUESTS
    targets = ([(big.project, big.registered)] * BIG_PROJECT_REQUESTS
               + [(d.project, d.registered) for d in rng.choices(projects, weights=project_weights, k=on_projects)]
               + [(p, max(p.established_on, FIRST_DAY)) for p in rng.choices(library.parks, k=on_parks)])

    def requests():
        for n, (target, registered) in enumerate(targets, start=1):
            kind = rng.choice(list(REQUEST_KINDS))
            raised = _day_between(rng, max(registered, AS_OF - datetime.timedelta(days=3 * 365)), AS_OF)
            created = _at(raised, rng)
            due = add_working_days(raised, 15)
            pairing = target.pairing
            request = CoordinationRequest(
                id=next(ids), pairing=pairing, **{target._meta.model_name: target}, kind=kind,
                title=f"{REQUEST_KINDS[kind]}问题协调（基准{n:05d}）", description="请协调有关部门加快办理。（基准测试数据）",
                raised_by=library.coordinators[pairing.east_id], officer=target.green_channel_officer, due_on=due,
                status=CoordinationRequest.Status.OPEN, created_at=created, updated_at=created)
            if due < AS_OF and rng.random() < 0.85 or rng.random() < 0.3:
                answered = _day_between(rng, raised, min(AS_OF, due + datetime.timedelta(days=20)))
                request.status, request.answer = CoordinationRequest.Status.ANSWERED, "已协调有关部门办理完毕。（基准）"
                request.answered_at = max(created, _at(answered, rng))
                request.answered_by = target.green_channel_officer or library.coordinators[pairing.northeast_id]
                request.version = 2
                if rng.random() < 0.5:
                    closed = min(request.answered_at + datetime.timedelta(days=2), _at(AS_OF, rng))
                    request.status, request.closed_at, request.version = (
                        CoordinationRequest.Status.CLOSED, max(closed, request.answered_at), 3)
                request.updated_at = request.closed_at or request.answered_at
            elif due < AS_OF:
                request.escalated_at = _at(due + datetime.timedelta(days=1), rng)
            yield request

    return _write(CoordinationRequest, requests())


LIBRARY_MODELS = [Park, Park.enterprises.through, BenefitAgreement, ParkFigure, Project, ProjectStageChange,
                  Project.investors.through, ProjectReport, FundingEntry, CoordinationRequest]
COUNTED_MODELS = [Project, ProjectStageChange, ProjectReport, CoordinationRequest, Park, ParkFigure, BenefitAgreement,
                  FundingEntry]


def search_reindex_function() -> Callable[..., dict] | None:
    """The search app's own bulk rebuild of its index (``duikou.search.services.search_reindex``), or None while
    the app is not there."""
    try:
        from duikou.search.services import search_reindex
    except ImportError:
        return None
    return search_reindex


def fill_search_index() -> int:
    """Index every generated project (and park, once the search registers parks) with the search app's own bulk
    rebuild; return the documents in the index."""
    from duikou.search.models import SearchDocument

    search_reindex_function()()
    return SearchDocument.objects.count()
