"""A synthetic programme at a named scale, written with bulk inserts on top of what the migrations load
(368 regions, the founding document's catalogue and its 8 pairings).

Deterministic: the same scale gives the same rows. Every generated row passes its model's field
validators and ``clean()`` (no per-row uniqueness queries: the database constraints check those)."""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from duikou.accounts.models import Organisation, RoleGrant, User
from duikou.accounts.validators import uscc_check_character
from duikou.core.roles import REGIONAL_ROLES, Role
from duikou.plans import lights
from duikou.plans.models import Indicator, IndicatorActual, Plan, PlanEvent, PlanItem, PlanKind, TimeNode
from duikou.regions.models import Agreement, KeyTask, Pairing, PolicyDocument, Region

from . import generate_evaluation as evaluation
from . import generate_exchanges as exchanges
from . import generate_projects as projects
from . import generate_supervision as supervision

FOUNDING_DOCUMENT = "国办发〔2017〕22号"
NATIONAL_ADMIN = "bench-ndrc"  # the national administrator the scenarios log in as
LIAONING_COORDINATOR = "bench-liaoning"  # a coordinator of 辽宁 (210000): a scoped user
BENCH_PASSWORD = "Bench-Password-2017!"
# Eastern provinces whose cities pair with 内蒙古's cities (no province pairing arranges these).
OTHER_EASTERN_PROVINCES = ("130000", "370000", "350000")
KIND_WEIGHTS = {
    Organisation.Kind.ENTERPRISE: 50, Organisation.Kind.PARK: 10, Organisation.Kind.DEPARTMENT: 10,
    Organisation.Kind.UNIVERSITY: 8, Organisation.Kind.TRAINING: 7, Organisation.Kind.ASSOCIATION: 10,
    Organisation.Kind.OTHER: 5,
}
KIND_NAMES = {
    Organisation.Kind.ENTERPRISE: "{region}基准制造{n:05d}有限公司",
    Organisation.Kind.PARK: "{region}基准合作产业园{n:05d}",
    Organisation.Kind.DEPARTMENT: "{region}基准工作部门{n:05d}",
    Organisation.Kind.UNIVERSITY: "{region}基准研究院{n:05d}",
    Organisation.Kind.TRAINING: "{region}基准培训中心{n:05d}",
    Organisation.Kind.ASSOCIATION: "{region}基准商会{n:05d}",
    Organisation.Kind.OTHER: "{region}基准单位{n:05d}",
}


@dataclass(frozen=True)
class Scale:
    name: str
    pairings: int  # in total, the 8 of the founding document included
    organisations: int  # in total
    users: int  # in total, the timing accounts included
    agreements_per_pairing: int
    plans: int  # in total: an annual plan of each pairing for each of PLAN_YEARS, the 500-item plan, the rest
    #             phased (one per period) and special plans
    plan_items: int  # in total, the 500 of the 500-item plan and the summary pairing's plan included
    # The project library, parks and funding (bench/generate_projects.py):
    projects: int  # in total, the 60-report project included
    project_reports: int  # monthly progress reports in total, its 60 included
    parks: int
    park_months: int  # months of figures of each park, up to September 2026
    funding_entries: int  # in total (15 % for parks)
    coordination_requests: int  # in total (15 % on parks)
    # People and exchanges (bench/generate_exchanges.py); reform practices are one per 20 experts:
    secondments: int
    trainings: int
    events: int
    experts: int
    # Supervision (bench/generate_supervision.py): items in total, from plan items, requests and by hand
    supervision_items: int


SCALES = {
    "small": Scale(name="small", pairings=10, organisations=100, users=250, agreements_per_pairing=2,
                   plans=60, plan_items=1500, projects=2000, project_reports=24_000, parks=20, park_months=24,
                   funding_entries=6000, coordination_requests=200, secondments=800, trainings=200, events=2000,
                   experts=400, supervision_items=1000),
    "national": Scale(name="national", pairings=40, organisations=2000, users=5000, agreements_per_pairing=3,
                      plans=5000, plan_items=100_000, projects=100_000, project_reports=1_200_000, parks=1000,
                      park_months=24, funding_entries=300_000, coordination_requests=10_000, secondments=20_000,
                      trainings=5000, events=50_000, experts=10_000, supervision_items=40_000),
}

# --- plans: the fixed points the scenarios find again -------------------------------------------------------

PLAN_YEARS = range(2022, 2027)  # every pairing with two sides has an annual plan for each of these years
AS_OF = datetime.date(2026, 10, 31)  # the programme's "today": nothing is completed, confirmed or reported later
BIG_PLAN_TITLE = "基准：500项工作计划"  # a special plan of 辽宁–江苏 (seen by bench-ndrc and bench-liaoning)
BIG_PLAN_PAIRING = ("210000", "320000")
BIG_PLAN_ITEMS = 500
SUMMARY_PAIRING = ("210100", "320100")  # 沈阳–南京, the first generated city pairing (at every scale)
SUMMARY_YEAR = 2025  # its annual plan of that year has SUMMARY_LEAVES items without sub-items, and no other
SUMMARY_LEAVES = 300  # plan of the pairing covers the year: the summary counts exactly these
OFFICE_COORDINATOR = "bench-coord-{code}"  # a coordinator in the coordination office of each side (辽宁: bench-liaoning)

PHASED_PERIODS = {0: (2021, 2025), 2: (2018, 2020), 3: (2026, 2030)}  # round of extra plans -> phased period
PARENT_SHARE = 0.12  # of top-level items that have 2 to 5 sub-items
NODE_SHARE, INDICATOR_SHARE, SUPPORTING_SHARE = 0.3, 0.15, 0.3  # of items without sub-items
ITEM_ACTIONS = ("推动", "深化", "共建", "组织开展", "加快推进", "支持", "探索", "落实")
NODE_TITLES = ("完成前期对接", "形成阶段成果", "完成年度目标")
INDICATORS = (  # name, unit, baseline range, target range, direction, counting basis
    ("新签约合作项目", "个", (5, 20), (20, 60), Indicator.Direction.INCREASE, "以正式签订合作协议为准"),
    ("合作项目完成投资", "亿元", (10, 50), (50, 200), Indicator.Direction.INCREASE, "以项目单位报送的统计数据为准"),
    ("互派挂职干部", "人次", (2, 10), (10, 40), Indicator.Direction.INCREASE, "以组织部门备案为准"),
    ("举办对接活动", "场", (1, 5), (5, 20), Indicator.Direction.INCREASE, "以活动通知和新闻报道为准"),
    ("企业开办时间", "天", (5, 10), (1, 4), Indicator.Direction.DECREASE, "以政务服务平台统计为准"),
)
PLAN_TEXT = {
    "goals": "<p>围绕国办发〔2017〕22号确定的重点任务，推动两地合作取得新进展（基准测试数据）。</p>",
    "scope": "<p>两地发展改革部门牵头，有关部门、园区和企业共同参与。</p>",
    "key_tasks_text": "<ol><li>深化体制机制改革合作；</li><li>推进产业务实合作；</li><li>加强创新创业合作。</li></ol>",
    "schedule": "<p>一季度完成计划编制和联合确认，二、三季度集中推进，四季度总结评估。</p>",
    "safeguards": "<p>建立工作协调机制，实行定期督查评估。</p>",
}


@dataclass(frozen=True)
class Generated:
    rows: dict[str, int]  # rows of each table once generated
    seconds: dict[str, float]  # duration of each step


def generate(*, scale: Scale, seed: int = 2017) -> Generated:
    """Fill a freshly migrated database; return how many rows each table now holds, and each step's time."""
    rng = random.Random(seed)
    seconds: dict[str, float] = {}

    def step(name: str, function: Callable, **kwargs):
        started = time.perf_counter()
        result = function(**kwargs)
        seconds[name] = round(time.perf_counter() - started, 2)
        return result

    regions = {region.code: region for region in Region.objects.all()}
    document = PolicyDocument.objects.get(number=FOUNDING_DOCUMENT)
    tasks = list(KeyTask.objects.order_by("code"))
    with transaction.atomic():
        pairings = step("pairings", _add_pairings, scale=scale, regions=regions, document=document)
        organisations = step("organisations", _add_organisations, scale=scale, rng=rng, regions=regions,
                             pairings=pairings)
        users = step("users", _add_users, scale=scale, rng=rng, organisations=organisations, pairings=pairings)
        step("agreements", _add_agreements, scale=scale, rng=rng, pairings=pairings, tasks=tasks)
        step("plans", _add_plans, scale=scale, rng=rng, pairings=pairings, organisations=organisations, users=users,
             tasks=tasks)
        # The project library, parks and funding: their own random generator, so the rows above stay the same.
        library_rng = random.Random(f"{seed}-library")
        library = projects.library_context(pairings=pairings, organisations=organisations, users=users,
                                           coordinator_name=_coordinator_name)
        step("parks", projects.add_parks, scale=scale, rng=library_rng, library=library, regions=regions)
        step("projects", projects.add_projects, scale=scale, rng=library_rng, library=library, regions=regions,
             tasks=tasks)
        step("project reports", projects.add_reports, rng=library_rng, library=library)
        step("funding", projects.add_funding, scale=scale, rng=library_rng, library=library)
        step("coordination requests", projects.add_requests, scale=scale, rng=library_rng, library=library)
        projects.reset_sequences(projects.LIBRARY_MODELS)
        # People and exchanges: their own random generator too.
        exchanges_rng = random.Random(f"{seed}-exchanges")
        step("exchanges", exchanges.add_exchanges, scale=scale, rng=exchanges_rng, library=library, regions=regions)
        projects.reset_sequences(exchanges.EXCHANGE_MODELS)
        # Supervision: its own random generator too (after the plan items and coordination requests it supervises).
        supervision_rng = random.Random(f"{seed}-supervision")
        step("supervision", supervision.add_supervision, scale=scale, rng=supervision_rng, library=library,
             national=users[NATIONAL_ADMIN])
        projects.reset_sequences(supervision.SUPERVISION_MODELS)
        # An evaluation round computed over all of the above through the services (bench/generate_evaluation.py).
        step("evaluation round", evaluation.add_round, national=users[NATIONAL_ADMIN])
    indexed = step("search index", projects.fill_search_index) if projects.search_reindex_function() else None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            step("analyze", cursor.execute, sql="ANALYZE")  # the planner statistics autovacuum would gather
    rows = {model._meta.model_name: model.objects.count()
            for model in (Region, Pairing, Organisation, User, RoleGrant, Agreement, KeyTask, Plan, PlanItem,
                          TimeNode, Indicator, IndicatorActual, PlanEvent, *projects.COUNTED_MODELS,
                          *exchanges.COUNTED_MODELS, *supervision.COUNTED_MODELS,
                          *evaluation.COUNTED_MODELS)}
    if indexed is not None:
        rows["searchdocument"] = indexed
    return Generated(rows=rows, seconds=seconds)


def _coordinator_name(code: str) -> str:
    """The coordinator of a side's coordination office (辽宁's is a timing account)."""
    return LIAONING_COORDINATOR if code == "210000" else OFFICE_COORDINATOR.format(code=code)


def _validated(objects: Iterable[Model]) -> list[Model]:
    """Field validators and ``clean()`` of each object; foreign keys are skipped (they are instances)."""
    objects = list(objects)
    for obj in objects:
        obj.clean_fields(exclude=[f.name for f in obj._meta.concrete_fields if f.is_relation])
        obj.clean()
    return objects


def _round_robin(*groups: Iterable) -> Iterator:
    for row in itertools.zip_longest(*groups):
        yield from (item for item in row if item is not None)


def _add_pairings(*, scale: Scale, regions: dict[str, Region], document: PolicyDocument) -> list[Pairing]:
    """City pairs: first those the three province pairings arrange between their cities, then 内蒙古's
    cities with eastern cities; taken in turn from each group, so a small scale still has a mix."""
    existing = list(Pairing.objects.select_related("northeast", "east"))
    taken = {(p.northeast_id, p.east_id) for p in existing}
    cities: dict[str, list[Region]] = {}  # province code -> its cities, in code order
    for code in sorted(regions):
        if regions[code].parent_id:
            cities.setdefault(regions[code].parent_id, []).append(regions[code])
    groups = [list(zip(cities[parent.northeast_id], cities[parent.east_id], itertools.repeat(parent)))
              for parent in existing if parent.tier == Pairing.Tier.PROVINCE and parent.east_id]
    eastern = [city for province in OTHER_EASTERN_PROVINCES for city in cities[province]]
    groups.append(list(zip(cities["150000"], eastern, itertools.repeat(None))))
    candidates = [c for c in _round_robin(*groups) if (c[0].code, c[1].code) not in taken]
    wanted = scale.pairings - len(existing)
    if wanted > len(candidates):
        raise ValueError(f"Only {len(candidates)} more city pairs can be generated; {wanted} were asked for.")
    new = _validated(
        Pairing(northeast=ne, east=east, parent=parent, tier=Pairing.Tier.CITY, status=Pairing.Status.FORMAL,
                established_on=datetime.date(2017, 11, 1), source_document=document, note="基准测试数据")
        for ne, east, parent in candidates[:wanted]
    )
    return existing + Pairing.objects.bulk_create(new)


def _uscc(*, region_code: str, serial: int) -> str:
    body = f"91{region_code}{serial:09d}"  # 9 (industry and commerce) 1 (company), the region, a serial
    return body + uscc_check_character(body)


def _add_organisations(*, scale: Scale, rng: random.Random, regions: dict[str, Region],
                       pairings: list[Pairing]) -> list[Organisation]:
    """A few central bodies, a coordination office in every region that is a side of a pairing, and the
    rest spread over all regions, two thirds of them in the regions that pair."""
    sides = sorted({code for p in pairings for code in p.sides})
    central = [Organisation(name=f"中央基准单位{i:02d}", kind=Organisation.Kind.CENTRAL, region=None)
               for i in range(1, max(2, scale.organisations // 200) + 1)]
    offices = [Organisation(name=f"{regions[code].name}对口合作办公室（基准）", kind=Organisation.Kind.GOVERNMENT,
                            region=regions[code], contact_name="联络员", contact_phone="010-00000000")
               for code in sides]
    everywhere = sorted(regions)
    others = []
    for serial in range(1, scale.organisations - len(central) - len(offices) + 1):
        region = regions[rng.choice(sides if rng.random() < 2 / 3 else everywhere)]
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        others.append(Organisation(
            name=KIND_NAMES[kind].format(region=region.name, n=serial), kind=kind, region=region,
            uscc=_uscc(region_code=region.code, serial=serial) if kind == Organisation.Kind.ENTERPRISE else "",
            address=f"{region.name}基准路{serial}号", contact_name=f"联系人{serial:05d}",
            contact_phone=f"0{rng.randrange(10, 99)}-{rng.randrange(10**7, 10**8)}",
        ))
    return Organisation.objects.bulk_create(_validated(central + offices + others), batch_size=500)


def _add_users(*, scale: Scale, rng: random.Random, organisations: list[Organisation],
               pairings: list[Pairing]) -> dict[str, User]:
    """The two timing accounts, one of each separated administrator, a coordinator in the coordination office
    of every side of a pairing (they confirm and submit the generated plans), and regional staff (a third
    of them coordinators) in the organisations of the regions, with a few national reviewers and
    administrators."""
    password = make_password(BENCH_PASSWORD)  # hashed once: every benchmark account shares it
    now = timezone.now()
    central = [org for org in organisations if org.region_id is None]
    regional = [org for org in organisations if org.region_id is not None]
    liaoning = next(org for org in regional if org.region_id == "210000" and org.kind == Organisation.Kind.GOVERNMENT)
    accounts = [(NATIONAL_ADMIN, central[0], Role.NATIONAL_ADMIN), (LIAONING_COORDINATOR, liaoning, Role.COORDINATOR),
                ("bench-security", central[0], Role.SECURITY_ADMIN), ("bench-audit", central[0], Role.AUDIT_ADMIN),
                ("bench-system", central[0], Role.SYSTEM_ADMIN)]
    sides = {code for p in pairings for code in p.sides}
    accounts += [(OFFICE_COORDINATOR.format(code=org.region_id), org, Role.COORDINATOR) for org in regional
                 if org.kind == Organisation.Kind.GOVERNMENT and org.region_id in sides and org is not liaoning]
    for n in range(1, scale.users - len(accounts) + 1):
        if n % 50 == 0:
            org = rng.choice(central)
            role = Role.NATIONAL_ADMIN if n % 500 == 0 else Role.NATIONAL_REVIEWER
        else:
            org = rng.choice(regional)
            role = Role.COORDINATOR if rng.random() < 1 / 3 else Role.REPORTER
        accounts.append((f"bench{n:05d}", org, role))
    users = User.objects.bulk_create([
        User(username=username, full_name=f"基准用户{i:05d}", email=f"{username}@bench.duikou.invalid",
             organisation=org, password=password, password_changed_at=now, must_change_password=False,
             is_demo=False)
        for i, (username, org, _) in enumerate(accounts)
    ], batch_size=1000)
    RoleGrant.objects.bulk_create([
        RoleGrant(user=user, role=role, region_id=org.region_id if role in REGIONAL_ROLES else None)
        for user, (_, org, role) in zip(users, accounts, strict=True)
    ], batch_size=1000)
    return {user.username: user for user in users}


def _add_agreements(*, scale: Scale, rng: random.Random, pairings: list[Pairing], tasks: list[KeyTask]) -> None:
    kinds = list(Agreement.Kind)
    agreements = Agreement.objects.bulk_create(_validated(
        Agreement(pairing=pairing, title=f"{pairing}对口合作协议（基准）第{k}号", kind=kinds[k % len(kinds)],
                  signed_on=datetime.date(2017, 6, 1) + datetime.timedelta(days=rng.randrange(6 * 365)),
                  signatories="基准测试数据", summary="基准测试数据：由 bench/generate.py 生成。")
        for pairing in pairings if pairing.east_id
        for k in range(1, scale.agreements_per_pairing + 1)
    ))
    Through = Agreement.key_tasks.through
    Through.objects.bulk_create([
        Through(agreement_id=agreement.pk, keytask_id=task.pk)
        for agreement in agreements for task in rng.sample(tasks, k=rng.randint(1, 3))
    ])


# --- plans, their items, time nodes, indicators and workflow ---------------------------------------------------


@dataclass
class _ItemDraft:
    """A work item decided in memory first: a plan's revision counts its items, nodes and indicators."""

    number: str
    title: str
    key_task: KeyTask
    lead: Organisation
    start: datetime.date
    due: datetime.date
    progress: int = 0
    completed_on: datetime.date | None = None
    supporting: list[Organisation] = field(default_factory=list)
    children: list[_ItemDraft] = field(default_factory=list)
    nodes: list[tuple[str, datetime.date, datetime.date | None]] = field(default_factory=list)
    indicators: list[tuple[tuple, Decimal, Decimal, list[tuple[str, Decimal]]]] = field(default_factory=list)
    saved: PlanItem | None = None


@dataclass
class _PlanDraft:
    pairing: Pairing
    kind: str
    start: int
    end: int
    title: str
    items: list[_ItemDraft] = field(default_factory=list)

    def all_items(self) -> Iterator[_ItemDraft]:
        for item in self.items:
            yield item
            yield from item.children


def _pairing_name(pairing: Pairing) -> str:
    return f"{pairing.northeast.name}–{pairing.east.name}"


def _add_plans(*, scale: Scale, rng: random.Random, pairings: list[Pairing], organisations: list[Organisation],
               users: dict[str, User], tasks: list[KeyTask]) -> None:
    """Every pairing with two sides: an annual plan for each of PLAN_YEARS; 辽宁–江苏: the 500-item special plan;
    then phased plans (one per period and pairing) and special plans up to ``scale.plans``, on every pairing but
    沈阳–南京, whose annual plan of SUMMARY_YEAR has SUMMARY_LEAVES items without sub-items. The other plans share
    the remaining items unevenly. Lead and supporting organisations come from either side of the pairing."""
    eligible = sorted((p for p in pairings if p.east_id), key=lambda p: p.pk)
    by_sides = {(p.northeast_id, p.east_id): p for p in eligible}
    big_pairing, summary_pairing = by_sides[BIG_PLAN_PAIRING], by_sides[SUMMARY_PAIRING]
    sides_orgs = {p.pk: [o for o in organisations if o.region_id and (o.region_id in p.sides
                                                                       or o.region.parent_id in p.sides)]
                  for p in eligible}

    drafts = [_PlanDraft(pairing=p, kind=PlanKind.ANNUAL, start=year, end=year,
                         title=f"{_pairing_name(p)}{year}年对口合作工作计划（基准）")
              for p in eligible for year in PLAN_YEARS]
    summary_plan = next(d for d in drafts if d.pairing is summary_pairing and d.start == SUMMARY_YEAR)
    big = _PlanDraft(pairing=big_pairing, kind=PlanKind.SPECIAL, start=2024, end=2026, title=BIG_PLAN_TITLE)
    drafts.append(big)
    others = [p for p in eligible if p is not summary_pairing]
    extra = scale.plans - len(drafts)
    if extra < 0:
        raise ValueError(f"{len(drafts)} plans are needed at least (an annual plan per pairing and year); "
                         f"{scale.plans} were asked for.")
    for k in range(extra):
        pairing, round_ = others[k % len(others)], k // len(others)
        if round_ in PHASED_PERIODS:
            start, end = PHASED_PERIODS[round_]
            drafts.append(_PlanDraft(pairing=pairing, kind=PlanKind.PHASED, start=start, end=end,
                                     title=f"{_pairing_name(pairing)}对口合作实施方案（{start}—{end}年）（基准）"))
        else:
            start = rng.randint(2020, 2027)
            end = start + rng.randint(0, 2)
            topic = tasks[k % len(tasks)].title
            drafts.append(_PlanDraft(pairing=pairing, kind=PlanKind.SPECIAL, start=start, end=end,
                                     title=f"{_pairing_name(pairing)}{topic}专项合作方案（{start}—{end}年）（基准{k + 1:04d}）"))

    outlines = {id(summary_plan): _outline(rng, leaves=SUMMARY_LEAVES), id(big): _outline(rng, items=BIG_PLAN_ITEMS)}
    regular = [d for d in drafts if id(d) not in outlines]
    left = scale.plan_items - sum(len(o) + sum(o) for o in outlines.values())
    for draft, size in zip(regular, _shares(rng, total=left, parts=len(regular)), strict=True):
        outlines[id(draft)] = _outline(rng, items=size)
    for draft in drafts:
        draft.items = _plan_items(rng, draft=draft, outline=outlines[id(draft)], organisations=sides_orgs[draft.pairing.pk],
                                  tasks=tasks)

    def coordinator(code: str) -> User:
        return users[_coordinator_name(code)]

    plans, events = [], []
    for serial, draft in enumerate(drafts, start=1):
        status = (Plan.Status.SUBMITTED if draft is big else Plan.Status.ACKNOWLEDGED if draft is summary_plan
                  else _status(rng, start=draft.start))
        plan, plan_events = _plan_with_workflow(
            rng, draft=draft, status=status, serial=serial, national=users[NATIONAL_ADMIN],
            northeast=coordinator(draft.pairing.northeast_id), east=coordinator(draft.pairing.east_id))
        plans.append(plan)
        events.append(plan_events)
    Plan.objects.bulk_create(_validated(plans), batch_size=1000)
    PlanEvent.objects.bulk_create([PlanEvent(plan=plan, **event) for plan, plan_events in zip(plans, events, strict=True)
                                   for event in plan_events], batch_size=2000)
    _save_items(drafts=drafts, plans=plans)


def _outline(rng: random.Random, *, items: int | None = None, leaves: int | None = None) -> list[int]:
    """The number of sub-items of each top-level item (0: none), for exactly ``items`` items in all, or
    exactly ``leaves`` items without sub-items."""
    outline, left = [], leaves if items is None else items
    while left > 0:
        children = rng.randint(2, 5) if rng.random() < PARENT_SHARE else 0
        cost = 1 + children if items is not None else max(children, 1)
        if cost > left:
            children, cost = 0, 1
        outline.append(children)
        left -= cost
    return outline


def _shares(rng: random.Random, *, total: int, parts: int) -> list[int]:
    """``total`` split unevenly into ``parts`` sizes of at least 1."""
    if total < parts:
        raise ValueError(f"{total} items cannot give each of {parts} plans one item.")
    weights = [rng.uniform(0.2, 1.8) for _ in range(parts)]
    spare, weight = total - parts, sum(weights)
    exact = [spare * w / weight for w in weights]
    sizes = [1 + int(x) for x in exact]
    for i in sorted(range(parts), key=lambda i: (int(exact[i]) - exact[i], i))[:total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _span(rng: random.Random, lo: datetime.date, hi: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A start and a due date within [lo, hi]: starting in its first 60 %, lasting a month at least if it can."""
    days = (hi - lo).days
    start = rng.randint(0, days * 3 // 5)
    due = rng.randint(start + min(30, days - start), days)
    return lo + datetime.timedelta(days=start), lo + datetime.timedelta(days=due)


def _progress(rng: random.Random, *, start: datetime.date, due: datetime.date) -> tuple[int, datetime.date | None]:
    """Progress as of AS_OF: most items due before it completed (a third of those late), the others behind;
    items under way near their straight line; items not started at 0 %."""
    if due < AS_OF:
        if rng.random() < 0.8:
            done = due + datetime.timedelta(days=rng.randint(-60, 30))
            return 100, min(max(done, start), AS_OF)
        return rng.randint(10, 95), None
    if start >= AS_OF:
        return 0, None
    if rng.random() < 0.05:
        return 100, start + datetime.timedelta(days=rng.randint(0, (AS_OF - start).days))
    expected = (AS_OF - start).days * 100 // max(1, (due - start).days)
    return max(0, min(99, expected + rng.randint(-30, 15))), None


def _plan_items(rng: random.Random, *, draft: _PlanDraft, outline: list[int], organisations: list[Organisation],
                tasks: list[KeyTask]) -> list[_ItemDraft]:
    lo, hi = datetime.date(draft.start, 1, 1), datetime.date(draft.end, 12, 31)
    items = []
    for top, children in enumerate(outline, start=1):
        task = rng.choice(tasks)
        item = _item(rng, number=str(top), task=task, span=_span(rng, lo, hi), organisations=organisations)
        for sub in range(1, children + 1):
            child = _item(rng, number=f"{top}.{sub}", task=task if rng.random() < 0.7 else rng.choice(tasks),
                          span=_span(rng, item.start, item.due), organisations=organisations)
            _leaf_facts(rng, child, plan=draft)
            item.children.append(child)
        if item.children:  # rolled up as services._rollup does
            item.progress = round(Decimal(sum(c.progress for c in item.children)) / len(item.children))
            done = [c.completed_on for c in item.children]
            item.completed_on = max(done) if all(done) else None
        else:
            _leaf_facts(rng, item, plan=draft)
        items.append(item)
    return items


def _item(rng: random.Random, *, number: str, task: KeyTask, span: tuple, organisations: list[Organisation]) -> _ItemDraft:
    lead = rng.choice(organisations)
    item = _ItemDraft(number=number, title=f"{rng.choice(ITEM_ACTIONS)}{task.title}合作（基准第{number}项）",
                      key_task=task, lead=lead, start=span[0], due=span[1])
    if rng.random() < SUPPORTING_SHARE:
        others = [o for o in organisations if o is not lead]
        item.supporting = rng.sample(others, k=min(len(others), rng.randint(1, 2)))
    return item


def _leaf_facts(rng: random.Random, item: _ItemDraft, *, plan: _PlanDraft) -> None:
    """Progress, time nodes and indicators (with actual values) of an item without sub-items."""
    item.progress, item.completed_on = _progress(rng, start=item.start, due=item.due)
    if rng.random() < NODE_SHARE:
        days = (item.due - item.start).days
        for title, offset in zip(NODE_TITLES, sorted(rng.sample(range(days + 1), k=min(days + 1, rng.randint(1, 3)))),
                                 strict=False):
            due = item.start + datetime.timedelta(days=offset)
            met = None
            if due < AS_OF and (item.completed_on or rng.random() < 0.6):
                met = min(max(due + datetime.timedelta(days=rng.randint(-15, 10)), item.start), AS_OF)
            item.nodes.append((title, due, met))
    if rng.random() < INDICATOR_SHARE:
        for kind in rng.sample(INDICATORS, k=rng.randint(1, 2)):
            baseline, target = Decimal(rng.randint(*kind[2])), Decimal(rng.randint(*kind[3]))
            actuals = []
            for year in range(item.start.year, min(item.due.year, AS_OF.year) + 1):
                period = str(year) if year < AS_OF.year else f"{year}-H1"
                if rng.random() < (0.8 if year < AS_OF.year else 0.5):
                    actuals.append((period, (target * rng.randint(50, 130) / 100).quantize(Decimal("0.01"))))
            item.indicators.append((kind, baseline, target, actuals))


def _status(rng: random.Random, *, start: int) -> str:
    """Plans of past years mostly acknowledged, of this year half under way, of coming years drafts."""
    if start > AS_OF.year:
        return Plan.Status.DRAFT
    acknowledged, submitted = (0.7, 0.8) if start < AS_OF.year else (0.4, 0.65)
    r = rng.random()
    return Plan.Status.ACKNOWLEDGED if r < acknowledged else Plan.Status.SUBMITTED if r < submitted else Plan.Status.DRAFT


def _moment(year: int, month: int, days: int, hours: int) -> datetime.datetime:
    """``days`` and ``hours`` after 9:00 on the first of ``month``; AS_OF at the latest."""
    return _until_as_of(datetime.datetime(year, month, 1, 9, tzinfo=datetime.UTC)
                        + datetime.timedelta(days=days, hours=hours))


def _until_as_of(moment: datetime.datetime) -> datetime.datetime:
    return min(moment, datetime.datetime.combine(AS_OF, datetime.time(9), tzinfo=datetime.UTC))


def _plan_with_workflow(rng: random.Random, *, draft: _PlanDraft, status: str, serial: int, national: User,
                        northeast: User, east: User) -> tuple[Plan, list[dict]]:
    """The plan with its revision and confirmation fields as the services leave them, and its events.

    Every item, time node and indicator added raised the revision, as did a few later edits. Submitted and
    acknowledged: both sides confirmed that revision. A draft: untouched, confirmed by one side, or
    returned by the NDRC office (its confirmations cleared, its submission kept)."""
    items = list(draft.all_items())
    revision = 1 + len(items) + sum(len(i.nodes) + len(i.indicators) for i in items) + rng.randint(0, 3)
    plan = Plan(pairing=draft.pairing, kind=draft.kind, title=draft.title, period_start=draft.start,
                period_end=draft.end, status=status, revision=revision, major_projects=f"<p>{draft.title}的重点项目。</p>",
                **PLAN_TEXT)
    events = [{"action": PlanEvent.Action.CREATED, "revision": 1, "user": northeast}]
    if draft.start > AS_OF.year:
        return plan, events
    draft_state = rng.random() if status == Plan.Status.DRAFT else None
    confirmed = _moment(draft.start, 3, rng.randint(0, 20), rng.randint(0, 8))
    if draft_state is not None and draft_state >= 0.25:  # never submitted
        if draft_state < 0.6:
            side, user = (PlanEvent.Side.NORTHEAST, northeast) if rng.random() < 0.5 else (PlanEvent.Side.EAST, east)
            setattr(plan, f"{side}_confirmed_revision", revision)
            setattr(plan, f"{side}_confirmed_by", user)
            setattr(plan, f"{side}_confirmed_at", confirmed)
            events.append({"action": PlanEvent.Action.CONFIRMED, "side": side, "revision": revision, "user": user})
        return plan, events
    plan.northeast_confirmed_revision, plan.northeast_confirmed_by, plan.northeast_confirmed_at = revision, northeast, confirmed
    plan.east_confirmed_at = confirmed + datetime.timedelta(days=rng.randint(1, 5))
    plan.east_confirmed_revision, plan.east_confirmed_by = revision, east
    plan.submitted_at = _moment(draft.start, 3, 20 + rng.randint(0, 20), rng.randint(0, 8))
    plan.submitted_at = max(plan.submitted_at, plan.east_confirmed_at)
    plan.submitted_by = northeast if rng.random() < 0.5 else east
    plan.document_number = f"基准对口合作〔{draft.start}〕{serial}号"
    submitter = PlanEvent.Side.NORTHEAST if plan.submitted_by is northeast else PlanEvent.Side.EAST
    events += [{"action": PlanEvent.Action.CONFIRMED, "side": PlanEvent.Side.NORTHEAST, "revision": revision, "user": northeast},
               {"action": PlanEvent.Action.CONFIRMED, "side": PlanEvent.Side.EAST, "revision": revision, "user": east},
               {"action": PlanEvent.Action.SUBMITTED, "side": submitter, "revision": revision, "user": plan.submitted_by}]
    if status == Plan.Status.ACKNOWLEDGED:
        plan.acknowledged_at = _until_as_of(plan.submitted_at + datetime.timedelta(days=rng.randint(5, 40)))
        plan.acknowledged_by = national
        events.append({"action": PlanEvent.Action.ACKNOWLEDGED, "side": PlanEvent.Side.NATIONAL, "revision": revision,
                       "user": national})
    elif status == Plan.Status.DRAFT:  # returned with comments: the confirmations are cleared
        plan.northeast_confirmed_revision = plan.east_confirmed_revision = None
        events.append({"action": PlanEvent.Action.RETURNED, "side": PlanEvent.Side.NATIONAL, "revision": revision,
                       "user": national, "comment": "请补充量化指标和完成时限，并明确牵头单位。（基准）"})
    return plan, events


def _save_items(*, drafts: list[_PlanDraft], plans: list[Plan]) -> None:
    """Top-level items, then sub-items (their parent saved), then what hangs on them."""
    tops, children = [], []
    for draft, plan in zip(drafts, plans, strict=True):
        for item in draft.items:
            item.saved = _plan_item(item, plan=plan, parent=None)
            tops.append(item)
    PlanItem.objects.bulk_create(_validated(item.saved for item in tops), batch_size=2000)
    for parent in tops:
        for child in parent.children:
            child.saved = _plan_item(child, plan=parent.saved.plan, parent=parent.saved)
            children.append(child)
    PlanItem.objects.bulk_create(_validated(item.saved for item in children), batch_size=2000)
    everything = tops + children

    Through = PlanItem.supporting_organisations.through
    Through.objects.bulk_create([Through(planitem_id=item.saved.pk, organisation_id=org.pk)
                                 for item in everything for org in item.supporting], batch_size=5000)
    TimeNode.objects.bulk_create(_validated(
        TimeNode(item=item.saved, title=title, due_date=due, completed_on=met)
        for item in everything for title, due, met in item.nodes), batch_size=5000)
    indicators = [(Indicator(item=item.saved, name=kind[0], unit=kind[1], baseline=baseline, target=target,
                             direction=kind[4], counting_basis=kind[5]), kind, actuals)
                  for item in everything for kind, baseline, target, actuals in item.indicators]
    Indicator.objects.bulk_create(_validated(indicator for indicator, _, _ in indicators), batch_size=5000)
    IndicatorActual.objects.bulk_create(_validated(
        IndicatorActual(indicator=indicator, period=period, value=value, evidence="基准测试数据：年度统计报表",
                        counting_basis=kind[5])
        for indicator, kind, actuals in indicators for period, value in actuals), batch_size=5000)


def _plan_item(item: _ItemDraft, *, plan: Plan, parent: PlanItem | None) -> PlanItem:
    return PlanItem(plan=plan, parent=parent, number=item.number, title=item.title, key_task=item.key_task,
                    lead_organisation=item.lead, description="基准测试数据：由 bench/generate.py 生成。",
                    start_date=item.start, due_date=item.due, progress=item.progress, completed_on=item.completed_on,
                    on_track_until=lights.on_track_until(start=item.start, due=item.due, progress=item.progress))
