"""People and exchanges of the synthetic programme (issue #5), added by ``bench/generate.py`` after the project
library: cadre secondments, trainings, events with their pairings, organisations and outcomes (some linked to
projects), experts and their engagements, reform practices and their replications with a dated history.

Written as ``generate_projects`` writes: rows decided in memory, checked with their field validators and
``clean()``, then written in batches with explicit primary keys (COPY on PostgreSQL). Deterministic (its own
random generator), and as of ``AS_OF``: nothing starts or changes later, except planned secondments and
trainings and announced events, up to four months ahead."""

from __future__ import annotations

import datetime
import random

from duikou.events.models import Event, EventKind, EventOutcome
from duikou.exchanges.models import Secondment, Training
from duikou.reforms.models import ReformPractice, Replication, ReplicationStatus, ReplicationStatusChange
from duikou.regions.models import KeyTask, Pairing, Region
from duikou.talent.models import Engagement, Expert, SupportForm

from .generate_projects import (
    AS_OF,
    LIBRARY_PAIRING,
    Library,
    _at,
    _cents,
    _day_between,
    _next_ids,
    _on_side,
    _pairing_name,
    _side_regions,
    _write,
)

EXCHANGE_MODELS = [Secondment, Training, Event, Event.pairings.through, Event.organisations.through, EventOutcome,
                   Expert, Engagement, ReformPractice, Replication, ReplicationStatusChange]
COUNTED_MODELS = [Secondment, Training, Event, EventOutcome, Expert, Engagement, ReformPractice, Replication]
FIRST_DAY = datetime.date(2017, 6, 1)
AHEAD = datetime.timedelta(days=120)  # planned secondments and trainings, announced events: up to four months on
LIBRARY_SHARE = 0.08  # of the secondments, trainings and events: on LIBRARY_PAIRING (辽宁–江苏), as the projects
RANKS = [Secondment.Rank.BUREAU, Secondment.Rank.DIVISION, Secondment.Rank.DIVISION, Secondment.Rank.SECTION]
KIND_WEIGHTS = {EventKind.LEADERS_VISIT: 8, EventKind.JOINT_MEETING: 10, EventKind.FORUM: 12, EventKind.EXPO: 4,
                EventKind.NORTHEAST_TOUR: 6, EventKind.INVESTMENT_PROMOTION: 25, EventKind.TECHNOLOGY_MATCHMAKING: 20,
                EventKind.THEME_DAY: 5, EventKind.TRAINING: 10}
KIND_WORDS = {EventKind.LEADERS_VISIT: "党政代表团考察交流", EventKind.JOINT_MEETING: "对口合作联席会议",
              EventKind.FORUM: "对口合作发展论坛", EventKind.EXPO: "博览会对口合作专场", EventKind.NORTHEAST_TOUR: "东北行活动",
              EventKind.INVESTMENT_PROMOTION: "招商推介会", EventKind.TECHNOLOGY_MATCHMAKING: "科技成果对接会",
              EventKind.THEME_DAY: "城市主题日", EventKind.TRAINING: "专题培训交流"}
OUTCOME_SHARE = 0.3  # of the events, with one to three outcomes
FIELDS = ("新材料", "智能制造", "寒地农业", "生物医药", "数字经济", "装备制造", "冰雪经济", "现代物流", "新能源", "人工智能")
PRACTICES_PER_EXPERT = 20  # one reform practice per 20 experts
REPLICATIONS_PER_PRACTICE = 4


def _pick_pairing(rng: random.Random, library: Library, by_sides: dict) -> Pairing:
    if rng.random() < LIBRARY_SHARE:
        return by_sides[LIBRARY_PAIRING]
    return library.pairings[rng.randrange(len(library.pairings))]


def _end_of(start: datetime.date, months: int) -> datetime.date:
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)


def add_secondments(*, scale, rng: random.Random, library: Library) -> int:
    """Each way across a pairing, between two of its organisations; one person each (so none overlap); status
    from the dates as of AS_OF (a twentieth of the finished ones ended early)."""
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    ids = _next_ids(Secondment)
    rows = []
    for n in range(1, scale.secondments + 1):
        pairing = _pick_pairing(rng, library, by_sides)
        orgs = library.organisations[pairing.pk]
        northeast, east = _on_side(orgs, pairing.northeast_id), _on_side(orgs, pairing.east_id)
        if not northeast or not east:
            continue
        outward = rng.random() < 0.6
        home, host = (rng.choice(northeast), rng.choice(east)) if outward else (rng.choice(east), rng.choice(northeast))
        start = _day_between(rng, datetime.date(2018, 1, 1), AS_OF + AHEAD).replace(day=1)
        end = _end_of(start, rng.choice((6, 12, 12, 24)))
        if start > AS_OF:
            status = Secondment.Status.PLANNED
        elif end >= AS_OF:
            status = Secondment.Status.ONGOING
        else:
            status = Secondment.Status.ENDED_EARLY if rng.random() < 0.05 else Secondment.Status.COMPLETED
        record = Secondment(
            id=next(ids), pairing=pairing, person_name=f"基准挂职{n:06d}", sex=rng.choice(("male", "female")),
            birth_year=rng.randint(1965, 1995), rank=rng.choice(RANKS), home_organisation=home,
            home_post="处长（基准）", host_organisation=host, host_post="副处长（挂职，基准）", start=start, end=end,
            status=status)
        record.created_at = record.updated_at = _at(min(start, AS_OF) - datetime.timedelta(days=20), rng)
        rows.append(record)
    return _write(Secondment, rows)


def add_trainings(*, scale, rng: random.Random, library: Library) -> int:
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    ids = _next_ids(Training)
    rows = []
    for n in range(1, scale.trainings + 1):
        pairing = _pick_pairing(rng, library, by_sides)
        start = _day_between(rng, FIRST_DAY, AS_OF + AHEAD)
        end = start + datetime.timedelta(days=rng.randint(2, 14))
        leaders, managers, technical = rng.choice((
            (rng.randint(20, 60), 0, 0), (0, rng.randint(20, 80), rng.randint(0, 10)),
            (rng.randint(0, 5), rng.randint(0, 20), rng.randint(20, 60))))
        if end >= AS_OF:
            status = Training.Status.PLANNED
        else:
            status = Training.Status.CANCELLED if rng.random() < 0.03 else Training.Status.HELD
        record = Training(
            id=next(ids), pairing=pairing, title=f"{_pairing_name(pairing)}专题培训班（基准{n:05d}）",
            host_institution=f"{pairing.east.name}基准干部学院", place=pairing.east.name, start=start, end=end,
            status=status, leaders=leaders, managers=managers, technical=technical,
            total=leaders + managers + technical)
        record.created_at = record.updated_at = _at(min(start, AS_OF) - datetime.timedelta(days=30), rng)
        rows.append(record)
    return _write(Training, rows)


def add_events(*, scale, rng: random.Random, library: Library) -> int:
    """Events of one pairing (nine in ten) or of two to four (expos, forums); up to three participating
    organisations of their sides; three in ten with outcomes, half of those linked to a project of the pairing."""
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    projects_of: dict[int, list[int]] = {}
    for draft in library.projects:
        projects_of.setdefault(draft.project.pairing_id, []).append(draft.project.pk)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    ids, pairing_links, org_links, outcome_ids = (_next_ids(Event), _next_ids(Event.pairings.through),
                                                  _next_ids(Event.organisations.through), _next_ids(EventOutcome))
    events, pairing_rows, org_rows, outcomes = [], [], [], []
    for n in range(1, scale.events + 1):
        kind = rng.choices(kinds, weights=weights)[0]
        pairing = _pick_pairing(rng, library, by_sides)
        pairings = [pairing]
        if kind in (EventKind.EXPO, EventKind.FORUM) and rng.random() < 0.5:
            pairings += [p for p in rng.sample(library.pairings, k=rng.randint(1, 3)) if p.pk != pairing.pk]
        start = _day_between(rng, FIRST_DAY, AS_OF + AHEAD)
        event = Event(id=next(ids), kind=kind, title=f"{_pairing_name(pairing)}{KIND_WORDS[kind]}（基准{n:06d}）",
                      start=start, end=start + datetime.timedelta(days=rng.choice((0, 0, 1, 2))),
                      place=rng.choice((pairing.northeast.name, pairing.east.name)),
                      leaders="两地有关负责同志（基准）", description="基准测试数据")
        event.created_at = event.updated_at = _at(min(start, AS_OF) - datetime.timedelta(days=7), rng)
        events.append(event)
        for p in pairings:
            pairing_rows.append(Event.pairings.through(id=next(pairing_links), event_id=event.pk, pairing_id=p.pk))
        orgs = library.organisations[pairing.pk]
        for org in rng.sample(orgs, k=min(len(orgs), rng.randint(0, 3))):
            org_rows.append(Event.organisations.through(id=next(org_links), event_id=event.pk, organisation_id=org.pk))
        if start <= AS_OF and rng.random() < OUTCOME_SHARE:
            for k in range(rng.randint(1, 3)):
                linked = projects_of.get(pairing.pk) if rng.random() < 0.5 else None
                outcomes.append(EventOutcome(
                    id=next(outcome_ids), event_id=event.pk, title=f"合作协议（基准{n:06d}-{k + 1}）",
                    agreements=rng.randint(1, 12), amount=_cents(rng.randint(1_000, 5_000_000)) if rng.random() < 0.8
                    else None, pairing=pairing, project_id=rng.choice(linked) if linked else None,
                    created_at=event.created_at, updated_at=event.created_at))
    written = _write(Event, events)
    _write(Event.pairings.through, pairing_rows, check=False)
    _write(Event.organisations.through, org_rows, check=False)
    _write(EventOutcome, outcomes, check=False)  # clean() asks the event's pairings: built from them above
    return written


def add_talent(*, scale, rng: random.Random, library: Library, regions: dict[str, Region]) -> int:
    """Experts based on the eastern sides (and their cities), four in ten with a consented public profile; half
    as many engagements with a northeastern organisation of a pairing of the expert's side."""
    side_regions = _side_regions(regions)
    eastern = sorted({p.east_id for p in library.pairings})
    pairings_of_east: dict[str, list[Pairing]] = {}
    for pairing in library.pairings:
        pairings_of_east.setdefault(pairing.east_id, []).append(pairing)
    titles = [Expert.Title.ACADEMICIAN, *[Expert.Title.PROFESSOR] * 4, *[Expert.Title.SENIOR_ENGINEER] * 4,
              Expert.Title.OTHER]
    ids = _next_ids(Expert)
    experts, sides = [], {}
    for n in range(1, scale.experts + 1):
        side = rng.choice(eastern)
        region = rng.choice(side_regions(side))
        offers = [rng.random() < 0.6 for _ in range(4)]
        if not any(offers):
            offers[0] = True
        public = rng.random() < 0.4
        expert = Expert(
            id=next(ids), name=f"基准专家{n:06d}", title_category=rng.choice(titles),
            field_of_expertise=rng.choice(FIELDS), affiliation=f"{region.name}基准研究院", region=region,
            offers_consulting=offers[0], offers_joint_research=offers[1], offers_part_time=offers[2],
            offers_training=offers[3], contact_phone=f"0{rng.randrange(10, 99)}-{rng.randrange(10**7, 10**8)}",
            biography="基准测试数据", public_profile=public,
            consent_recorded_at=_day_between(rng, FIRST_DAY, AS_OF) if public else None,
            consent_evidence="人才办档案（基准）" if public else "")
        expert.created_at = expert.updated_at = _at(_day_between(rng, FIRST_DAY, AS_OF), rng)
        experts.append(expert)
        sides[expert.pk] = side
    written = _write(Expert, experts)

    forms = {SupportForm.CONSULTING: "offers_consulting", SupportForm.JOINT_RESEARCH: "offers_joint_research",
             SupportForm.PART_TIME: "offers_part_time", SupportForm.TRAINING: "offers_training"}
    engagement_ids = _next_ids(Engagement)
    engagements = []
    for expert in rng.sample(experts, k=len(experts) // 2):
        pairing = rng.choice(pairings_of_east[sides[expert.pk]])
        northeastern = _on_side(library.organisations[pairing.pk], pairing.northeast_id)
        if not northeastern:
            continue
        offered = [form for form, name in forms.items() if getattr(expert, name)]
        start = _day_between(rng, FIRST_DAY, AS_OF)
        end = start + datetime.timedelta(days=rng.randint(30, 720))
        engagements.append(Engagement(
            id=next(engagement_ids), expert=expert, organisation=rng.choice(northeastern),
            support_form=rng.choice(offered), start=start, end=end, outcome="基准测试数据",
            status=Engagement.Status.COMPLETED if end < AS_OF else Engagement.Status.ONGOING, pairing=pairing,
            created_at=_at(start, rng), updated_at=_at(start, rng)))
    _write(Engagement, engagements, check=False)  # clean() reads the expert's and organisation's regions
    return written


def add_reforms(*, scale, rng: random.Random, library: Library, regions: dict[str, Region]) -> int:
    """One practice per PRACTICES_PER_EXPERT experts, from an eastern side; each replicated in up to
    REPLICATIONS_PER_PRACTICE northeastern sides of its pairings, with the history of its statuses."""
    side_regions = _side_regions(regions)
    tasks = list(KeyTask.objects.order_by("code"))
    pairings_of_east: dict[str, list[Pairing]] = {}
    for pairing in library.pairings:
        pairings_of_east.setdefault(pairing.east_id, []).append(pairing)
    eastern = sorted(pairings_of_east)
    practice_ids, replication_ids, change_ids = (_next_ids(ReformPractice), _next_ids(Replication),
                                                 _next_ids(ReplicationStatusChange))
    practices, replications, changes = [], [], []
    for n in range(1, scale.experts // PRACTICES_PER_EXPERT + 1):
        side = rng.choice(eastern)
        origin = rng.choice(side_regions(side))
        introduced = _day_between(rng, datetime.date(2015, 1, 1), datetime.date(2024, 12, 31))
        practice = ReformPractice(
            id=next(practice_ids), title=f"{origin.name}改革创新举措（基准{n:05d}）", origin=origin,
            key_task=rng.choice(tasks), source_document=f"基准改〔{introduced.year}〕{n}号", description="基准测试数据",
            introduced_on=introduced, created_at=_at(max(introduced, FIRST_DAY), rng))
        practice.updated_at = practice.created_at
        practices.append(practice)
        taken = set()
        for pairing in rng.sample(pairings_of_east[side], k=min(REPLICATIONS_PER_PRACTICE, len(pairings_of_east[side]))):
            region = rng.choice(side_regions(pairing.northeast_id))
            if region.code in taken:
                continue
            taken.add(region.code)
            path = rng.choice(([ReplicationStatus.PLANNED], [ReplicationStatus.PLANNED, ReplicationStatus.PILOTING],
                               [ReplicationStatus.PLANNED, ReplicationStatus.PILOTING, ReplicationStatus.REPLICATED],
                               [ReplicationStatus.PLANNED, ReplicationStatus.REPLICATED],
                               [ReplicationStatus.PLANNED, ReplicationStatus.ABANDONED]))
            day = _day_between(rng, max(introduced, FIRST_DAY), datetime.date(2025, 6, 30))
            replication = Replication(id=next(replication_ids), practice=practice, region=region, pairing=pairing,
                                      status=path[-1], started_on=day, notes="基准测试数据")
            previous = ""
            for status in path:
                changes.append(ReplicationStatusChange(
                    id=next(change_ids), replication_id=replication.pk, from_status=previous, to_status=status, on=day,
                    evidence="基准证明材料" if status == ReplicationStatus.REPLICATED else "", user=None,
                    recorded_at=_at(day, rng)))
                replication.status_since, previous = day, status
                day = min(AS_OF, day + datetime.timedelta(days=rng.randint(60, 400)))
            replication.evidence = "基准证明材料" if replication.status == ReplicationStatus.REPLICATED else ""
            replication.created_at = replication.updated_at = _at(replication.started_on, rng)
            replications.append(replication)
    written = _write(ReformPractice, practices)
    _write(Replication, replications, check=False)  # clean() reads the regions' sides: built from them above
    _write(ReplicationStatusChange, changes, check=False)
    return written


def add_exchanges(*, scale, rng: random.Random, library: Library, regions: dict[str, Region]) -> dict[str, int]:
    return {"secondments": add_secondments(scale=scale, rng=rng, library=library),
            "trainings": add_trainings(scale=scale, rng=rng, library=library),
            "events": add_events(scale=scale, rng=rng, library=library),
            "experts": add_talent(scale=scale, rng=rng, library=library, regions=regions),
            "practices": add_reforms(scale=scale, rng=rng, library=library, regions=regions)}

