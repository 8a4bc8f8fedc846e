"""A synthetic programme at a named scale, written with bulk inserts on top of what the migrations load
(368 regions, the founding document's catalogue and its 8 pairings).

Deterministic: the same scale gives the same rows. Every generated row passes its model's field
validators and ``clean()`` (no per-row uniqueness queries: the database constraints check those)."""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from duikou.accounts.models import Organisation, RoleGrant, User
from duikou.accounts.validators import uscc_check_character
from duikou.core.roles import REGIONAL_ROLES, Role
from duikou.regions.models import Agreement, KeyTask, Pairing, PolicyDocument, Region

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


SCALES = {
    "small": Scale(name="small", pairings=10, organisations=100, users=250, agreements_per_pairing=2),
    "national": Scale(name="national", pairings=40, organisations=2000, users=5000, agreements_per_pairing=3),
}


def generate(*, scale: Scale, seed: int = 2017) -> dict[str, int]:
    """Fill a freshly migrated database; return how many rows each table now holds."""
    rng = random.Random(seed)
    regions = {region.code: region for region in Region.objects.all()}
    document = PolicyDocument.objects.get(number=FOUNDING_DOCUMENT)
    with transaction.atomic():
        pairings = _add_pairings(scale=scale, regions=regions, document=document)
        organisations = _add_organisations(scale=scale, rng=rng, regions=regions, pairings=pairings)
        _add_users(scale=scale, rng=rng, organisations=organisations)
        _add_agreements(scale=scale, rng=rng, pairings=pairings, tasks=list(KeyTask.objects.all()))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner statistics autovacuum would gather in production
    return {model._meta.model_name: model.objects.count()
            for model in (Region, Pairing, Organisation, User, RoleGrant, Agreement, KeyTask)}


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


def _add_users(*, scale: Scale, rng: random.Random, organisations: list[Organisation]) -> None:
    """The two timing accounts, one of each separated administrator, and regional staff (a third of them
    coordinators) in the organisations of the regions, with a few national reviewers and administrators."""
    password = make_password(BENCH_PASSWORD)  # hashed once: every benchmark account shares it
    now = timezone.now()
    central = [org for org in organisations if org.region_id is None]
    regional = [org for org in organisations if org.region_id is not None]
    liaoning = next(org for org in regional if org.region_id == "210000" and org.kind == Organisation.Kind.GOVERNMENT)
    accounts = [(NATIONAL_ADMIN, central[0], Role.NATIONAL_ADMIN), (LIAONING_COORDINATOR, liaoning, Role.COORDINATOR),
                ("bench-security", central[0], Role.SECURITY_ADMIN), ("bench-audit", central[0], Role.AUDIT_ADMIN),
                ("bench-system", central[0], Role.SYSTEM_ADMIN)]
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
