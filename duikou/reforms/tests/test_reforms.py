"""Reform practices and their replication: the question the platform must answer ("which of 广东's practices
has 黑龙江 replicated, and since when"), the dated status history, the bad input refused on the field with
nothing written, the pages, the export, the API, the yearly figures and the demo."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duikou.accounts.models import User
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.services import ConflictError
from duikou.core.testing import OrganisationFactory, UserFactory, make_persona, pairing
from duikou.regions.models import KeyTask, Region

from .. import demo, services
from ..models import ReformPractice, Replication, ReplicationStatusChange
from ..selectors import replication_figures_by_pairing_year, replications_of
from .factories import practice, replication

D = datetime.date


def coordinator(username, region, role="coordinator"):
    from duikou.accounts.models import RoleGrant

    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {
        "heilongjiang": coordinator("heilongjiang", "230000"),
        "harbin": coordinator("harbin", "230100"),
        "guangdong": coordinator("guangdong", "440000"),
        "shenzhen": coordinator("shenzhen", "440300"),
        "jiangsu": coordinator("jiangsu", "320000"),
        "liaoning": coordinator("liaoning", "210000"),
        "jilin": coordinator("jilin", "220000"),
        "ndrc": coordinator("ndrc", None, role="national_admin"),
    }


def new_practice(user, origin, title, **values):
    data = {
        "title": title,
        "origin": Region.objects.get(pk=origin),
        "key_task": KeyTask.objects.get(code="1.1"),
        "source_document": "测试文件（测试）",
        "description": "测试举措说明",
        **values,
    }
    return services.practice_create(user=user, data=data)


def new_replication(user, practice_obj, region, steps, **values):
    """Record a replication at its first status and move it through the later ones, as the pages do."""
    (status, since, evidence), *later = steps
    record = services.replication_create(
        user=user,
        data={
            "practice": practice_obj,
            "region": Region.objects.get(pk=region),
            "status": status,
            "status_since": since,
            "evidence": evidence,
            **values,
        },
    )
    for status, on, evidence in later:
        record = services.replication_set_status(
            user=user, replication=record, status=status, on=on, evidence=evidence
        )
    return record


@pytest.fixture
def guangdong_in_heilongjiang(people):
    """Demo-like data: 广东 and 深圳 practices copied in 黑龙江 and 哈尔滨 at different statuses, and noise
    (a 江苏 practice in 黑龙江, a 广东 practice in 辽宁)."""
    online = new_practice(people["guangdong"], "440000", "企业开办一网通办（测试）")
    instant = new_practice(people["shenzhen"], "440300", "商事登记秒批（测试）")
    window = new_practice(people["guangdong"], "440000", "跨境贸易单一窗口（测试）")
    no_visit = new_practice(people["jiangsu"], "320000", "不见面审批（测试）")
    return {
        "online": new_replication(
            people["heilongjiang"],
            online,
            "230000",
            [
                ("planned", D(2019, 3, 1), ""),
                ("piloting", D(2019, 9, 16), ""),
                ("replicated", D(2020, 6, 30), "黑政办发〔2020〕X号（测试）"),
            ],
        ),
        "instant_harbin": new_replication(
            people["harbin"],
            instant,
            "230100",
            [
                ("planned", D(2020, 5, 11), ""),
                ("replicated", D(2021, 7, 1), "https://example.org/harbin-miaopi"),
            ],
        ),
        "instant_province": new_replication(
            people["heilongjiang"],
            instant,
            "230000",
            [("planned", D(2021, 10, 8), ""), ("piloting", D(2022, 4, 1), "")],
        ),
        "window": new_replication(people["heilongjiang"], window, "230000", [("planned", D(2024, 2, 1), "")]),
        "jiangsu_in_hlj": new_replication(
            people["heilongjiang"], no_visit, "230000", [("replicated", D(2020, 1, 2), "测试证据")]
        ),
        "gd_in_liaoning": new_replication(
            people["liaoning"], online, "210000", [("replicated", D(2020, 1, 2), "测试证据")]
        ),
    }


# --- the question ---------------------------------------------------------------------------------------------


def test_which_of_guangdongs_practices_has_heilongjiang_replicated_and_since_when(
    people, guangdong_in_heilongjiang
):
    rows = guangdong_in_heilongjiang
    answer = replications_of(
        user=people["heilongjiang"], origin_code="440000", region_code="230000", status="replicated"
    )
    # 广东 covers 深圳, 黑龙江 covers 哈尔滨: two of 广东's practices are replicated, each since its date
    assert [(r.practice.title, r.region.name, r.status_since) for r in answer] == [
        ("企业开办一网通办（测试）", "黑龙江省", D(2020, 6, 30)),
        ("商事登记秒批（测试）", "哈尔滨市", D(2021, 7, 1)),
    ]
    # "since when" for every status, from the history
    online = answer[0]
    assert [(c.from_status, c.to_status, c.on) for c in online.status_changes.all()] == [
        ("", "planned", D(2019, 3, 1)),
        ("planned", "piloting", D(2019, 9, 16)),
        ("piloting", "replicated", D(2020, 6, 30)),
    ]
    # every status: four of 广东's practices are under way in 黑龙江 or its cities, not the 江苏 one, not 辽宁
    everything = replications_of(user=people["heilongjiang"], origin_code="440000", region_code="230000")
    assert {r.pk for r in everything} == {
        rows[k].pk for k in ("online", "instant_harbin", "instant_province", "window")
    }
    # the eastern partner gets the same answer; a region outside the pairing gets none; the NDRC office all
    for name in ("guangdong", "ndrc"):
        assert [
            r.pk
            for r in replications_of(
                user=people[name], origin_code="440000", region_code="230000", status="replicated"
            )
        ] == [r.pk for r in answer]
    assert not replications_of(user=people["jilin"], origin_code="440000", region_code="230000").exists()
    # the pairing follows from the regions, the most specific first
    assert str(rows["instant_harbin"].pairing) == "哈尔滨市–深圳市"
    assert str(rows["instant_province"].pairing) == "黑龙江省–广东省"
    assert rows["jiangsu_in_hlj"].pairing is None
    # a code on the wrong side is refused, never ignored
    with pytest.raises(ValidationError):
        replications_of(user=people["ndrc"], origin_code="230000", region_code="440000")


def test_the_question_on_the_list_page_and_the_api(client, people, guangdong_in_heilongjiang):
    client.force_login(people["guangdong"])
    query = {"origin": "440000", "region": "230000", "status": "replicated"}
    page = client.get(reverse("reforms:replication_list"), query).content.decode()
    assert page.count('data-replication="') == 2
    assert "2020-06-30" in page and "2021-07-01" in page and "不见面审批" not in page
    body = client.get(reverse("api:replication-list"), query).json()
    assert [(r["practice_title"], r["region"], r["status_since"]) for r in body["results"]] == [
        ("商事登记秒批（测试）", "230100", "2021-07-01"),
        ("企业开办一网通办（测试）", "230000", "2020-06-30"),
    ]
    assert [c["to_status"] for c in body["results"][1]["status_changes"]] == [
        "planned",
        "piloting",
        "replicated",
    ]
    # year and key task
    assert len(client.get(reverse("api:replication-list"), {**query, "year": 2021}).json()["results"]) == 1
    assert (
        len(
            client.get(reverse("api:replication-list"), {"key_task": "1.1", "origin": "440000"}).json()[
                "results"
            ]
        )
        == 4
    )


# --- the status history ----------------------------------------------------------------------------------------


def test_a_status_change_is_dated_kept_in_the_history_and_audited(people):
    record = new_replication(
        people["heilongjiang"],
        new_practice(people["guangdong"], "440000", "测试举措"),
        "230000",
        [("planned", D(2024, 1, 5), "")],
    )
    record = services.replication_set_status(
        user=people["heilongjiang"],
        replication=record,
        status="piloting",
        on=D(2024, 6, 1),
        expected_version=record.version,
    )
    record = services.replication_set_status(
        user=people["heilongjiang"],
        replication=record,
        status="replicated",
        on=D(2024, 6, 1),
        evidence="黑政发〔2024〕X号（测试）",
    )
    assert (record.status, record.status_since, record.evidence, record.version) == (
        "replicated",
        D(2024, 6, 1),
        "黑政发〔2024〕X号（测试）",
        3,
    )
    changes = list(ReplicationStatusChange.objects.filter(replication=record).order_by("id"))
    assert [(c.from_status, c.to_status, c.on, c.user.username) for c in changes] == [
        ("", "planned", D(2024, 1, 5), "heilongjiang"),
        ("planned", "piloting", D(2024, 6, 1), "heilongjiang"),
        ("piloting", "replicated", D(2024, 6, 1), "heilongjiang"),
    ]
    assert changes[-1].evidence == "黑政发〔2024〕X号（测试）"
    update = (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(record.pk)).order_by("-id").first()
    )
    assert update.changes["status"] == ["piloting", "replicated"]
    # evidence already on the record serves a later return to "replicated"
    record = services.replication_set_status(
        user=people["heilongjiang"], replication=record, status="abandoned", on=D(2025, 1, 2)
    )
    record = services.replication_set_status(
        user=people["heilongjiang"], replication=record, status="replicated", on=D(2025, 3, 2)
    )
    assert record.status == "replicated"
    # a stale version is refused
    with pytest.raises(ConflictError):
        services.replication_set_status(
            user=people["heilongjiang"],
            replication=record,
            status="abandoned",
            on=D(2025, 3, 2),
            expected_version=1,
        )


def test_bad_input_is_refused_on_the_field_and_nothing_is_written(people, english):
    hlj, gd = people["heilongjiang"], people["guangdong"]
    online = new_practice(gd, "440000", "测试举措")
    record = new_replication(
        hlj, online, "230000", [("planned", D(2024, 1, 5), ""), ("piloting", D(2024, 6, 1), "")]
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    counts = (
        ReformPractice.objects.count(),
        Replication.objects.count(),
        ReplicationStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )

    def refused(call, field, words=""):
        with pytest.raises(ValidationError) as caught:
            call()
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
        assert words in " ".join(caught.value.message_dict[field]), caught.value.message_dict
        return caught.value.message_dict[field]

    # a practice from a northeastern region: the origin is not eastern
    refused(lambda: new_practice(people["ndrc"], "230000", "东北举措"), "origin", "not an eastern")
    # a replication in an eastern or a non-partner region
    for region in ("320000", "440300"):
        refused(
            lambda region=region: new_replication(
                people["ndrc"], online, region, [("planned", D(2024, 1, 5), "")]
            ),
            "region",
            "not a northeastern",
        )
    # the same practice in the same region twice: the named constraint, on the region, naming both
    message = refused(
        lambda: new_replication(hlj, online, "230000", [("planned", D(2024, 1, 5), "")]), "region"
    )
    assert "测试举措" in message[0] and "Heilongjiang" in message[0]
    # recorded at a status in the future, or replicated without evidence
    refused(
        lambda: new_replication(hlj, online, "230200", [("planned", tomorrow, "")]), "status_since", "future"
    )
    refused(lambda: new_replication(hlj, online, "230200", [("replicated", D(2024, 1, 5), "")]), "evidence")
    # a status change in the future, before the previous one, to the same status, without evidence
    change = services.replication_set_status
    refused(
        lambda: change(user=hlj, replication=record, status="replicated", on=tomorrow, evidence="x"),
        "on",
        "future",
    )
    refused(
        lambda: change(user=hlj, replication=record, status="replicated", on=D(2024, 5, 31), evidence="x"),
        "on",
        "2024-06-01",
    )
    refused(lambda: change(user=hlj, replication=record, status="piloting", on=D(2024, 7, 1)), "status")
    refused(lambda: change(user=hlj, replication=record, status="replicated", on=D(2024, 7, 1)), "evidence")
    # the status and the place move only through their own paths
    refused(
        lambda: services.replication_update(
            user=hlj, replication=record, data={"status": "replicated"}, expected_version=record.version
        ),
        "status",
    )
    refused(
        lambda: services.replication_update(
            user=hlj,
            replication=record,
            data={"region": Region.objects.get(pk="230100")},
            expected_version=record.version,
        ),
        "region",
    )
    # the start of the effort after it reached piloting
    refused(
        lambda: services.replication_update(
            user=hlj, replication=record, data={"started_on": D(2024, 7, 1)}, expected_version=record.version
        ),
        "started_on",
    )
    # a practice's origin is fixed once replicated; a replicated practice is not deleted
    refused(
        lambda: services.practice_update(
            user=gd,
            practice=online,
            data={"origin": Region.objects.get(pk="440300")},
            expected_version=online.version,
        ),
        "origin",
    )
    with pytest.raises(ValidationError):
        services.practice_delete(user=gd, practice=online)
    record.refresh_from_db()
    assert (record.status, record.status_since, record.version) == ("piloting", D(2024, 6, 1), 2)
    assert counts == (
        ReformPractice.objects.count(),
        Replication.objects.count(),
        ReplicationStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )
    # a stale edit is refused
    services.replication_update(user=hlj, replication=record, data={"notes": "一"}, expected_version=2)
    with pytest.raises(ConflictError):
        services.replication_update(user=hlj, replication=record, data={"notes": "二"}, expected_version=2)


def test_who_records_what(people):
    online = new_practice(people["guangdong"], "440000", "测试举措")
    no_visit = new_practice(people["jiangsu"], "320000", "江苏举措")
    # 广东 keeps 广东's practices, not 江苏's; 深圳's coordinator not the province's
    with pytest.raises(PermissionDenied):
        new_practice(people["guangdong"], "320000", "冒名举措")
    with pytest.raises(PermissionDenied):
        new_practice(people["shenzhen"], "440000", "省级举措")
    # the eastern side records its partner's copy of its own practice (a joint record of the pairing)…
    joint = new_replication(people["guangdong"], online, "230000", [("planned", D(2024, 1, 5), "")])
    assert joint.pairing == pairing("230000", "440000")
    # …but not its partner's copy of another region's practice, nor a region outside its pairings
    with pytest.raises(PermissionDenied):
        new_replication(people["guangdong"], no_visit, "230000", [("planned", D(2024, 1, 5), "")])
    with pytest.raises(PermissionDenied):
        new_replication(people["guangdong"], online, "220000", [("planned", D(2024, 1, 5), "")])
    # 吉林 does not change 黑龙江's replication
    with pytest.raises(PermissionDenied):
        services.replication_set_status(
            user=people["jilin"], replication=joint, status="piloting", on=D(2024, 2, 1)
        )


# --- the yearly figures ----------------------------------------------------------------------------------------


def test_replication_figures_by_pairing_and_year_from_the_history(
    people, guangdong_in_heilongjiang, django_assert_num_queries
):
    rows = guangdong_in_heilongjiang
    # replicated in 2020, abandoned in 2021 and replicated again in 2021 twice over: counted once a year
    services.replication_set_status(
        user=people["heilongjiang"], replication=rows["online"], status="abandoned", on=D(2021, 2, 1)
    )
    services.replication_set_status(
        user=people["heilongjiang"], replication=rows["online"], status="replicated", on=D(2021, 3, 1)
    )
    services.replication_set_status(
        user=people["heilongjiang"], replication=rows["online"], status="piloting", on=D(2021, 4, 1)
    )
    services.replication_set_status(
        user=people["heilongjiang"], replication=rows["online"], status="replicated", on=D(2021, 5, 1)
    )
    hlj_gd, harbin_sz, liaoning_js = (
        pairing("230000", "440000"),
        pairing("230100", "440300"),
        pairing("210000", "320000"),
    )
    with django_assert_num_queries(1):
        figures = replication_figures_by_pairing_year()
    assert figures == sorted(
        [
            {"pairing_id": hlj_gd.pk, "year": 2020, "replicated": 1},
            {"pairing_id": hlj_gd.pk, "year": 2021, "replicated": 1},
            {"pairing_id": harbin_sz.pk, "year": 2021, "replicated": 1},
        ],
        key=lambda row: (row["pairing_id"], row["year"]),
    )
    # (the 江苏 practice in 黑龙江 and the 广东 one in 辽宁 have no pairing: left out)
    assert all(row["pairing_id"] != liaoning_js.pk for row in figures)
    with django_assert_num_queries(1):
        assert replication_figures_by_pairing_year(pairing_ids=[harbin_sz.pk]) == [
            {"pairing_id": harbin_sz.pk, "year": 2021, "replicated": 1}
        ]


# --- pages -------------------------------------------------------------------------------------------------


def test_the_pages_from_practice_to_replication_to_status(client, people):
    client.force_login(people["guangdong"])
    response = client.post(
        reverse("reforms:practice_create"),
        {
            "title": "测试页面举措",
            "origin": "440000",
            "key_task": KeyTask.objects.get(code="1.1").pk,
            "source_document": "测试文件",
            "description": "说明",
            "tags": "放管服，营商环境",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = ReformPractice.objects.get(title="测试页面举措")
    assert created.tag_list == ["放管服", "营商环境"]
    # an origin that is not eastern comes back on the form (ndrc may choose any eastern region)
    client.force_login(people["ndrc"])
    response = client.post(
        reverse("reforms:practice_create"),
        {
            "title": "x",
            "origin": "230000",
            "key_task": KeyTask.objects.get(code="1.1").pk,
            "source_document": "x",
            "description": "x",
        },
    )
    assert response.status_code == 200 and not ReformPractice.objects.filter(title="x").exists()

    client.force_login(people["heilongjiang"])
    page = client.get(created.get_absolute_url()).content.decode()
    assert (
        'id="add-replication"' in page
        and "Edit" not in page.split('id="practice-title"')[1].split("</dl>")[0]
    )
    assert client.get(reverse("reforms:practice_update", args=[created.pk])).status_code == 403
    response = client.post(
        reverse("reforms:replication_create"),
        {"practice": created.pk, "region": "230000", "status": "planned", "status_since": "2024-03-01"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Replication.objects.get(practice=created)
    url = record.get_absolute_url()
    # a change dated before the previous one comes back on the form, nothing changes
    status_url = reverse("reforms:replication_status", args=[record.pk])
    response = client.post(status_url, {"status": "piloting", "on": "2024-02-01", "version": record.version})
    assert response.status_code == 200 and "2024-03-01" in response.content.decode()
    response = client.post(
        status_url, {"status": "replicated", "on": "2024-09-01", "version": record.version}
    )
    assert response.status_code == 200 and "evidence" in response.context["form"].errors
    response = client.post(
        status_url,
        {"status": "replicated", "on": "2024-09-01", "evidence": "黑政发（测试）", "version": record.version},
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert 'id="status-history"' in page and page.count('data-status="') >= 3 and "黑政发（测试）" in page
    # stale form
    response = client.post(status_url, {"status": "abandoned", "on": "2024-10-01", "version": 1})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    # the practice shows its replication; the practice cannot be deleted while it has one
    assert f'data-replication="{record.pk}"' in client.get(created.get_absolute_url()).content.decode()
    client.force_login(people["guangdong"])
    client.post(reverse("reforms:practice_delete", args=[created.pk]))
    assert ReformPractice.objects.filter(pk=created.pk).exists()
    # 吉林 gets 404 everywhere
    client.force_login(people["jilin"])
    for name in (
        "reforms:replication_detail",
        "reforms:replication_update",
        "reforms:replication_status",
        "reforms:replication_delete",
    ):
        assert client.get(reverse(name, args=[record.pk])).status_code == 404, name
    assert client.post(status_url, {"status": "abandoned", "on": "2024-10-01"}).status_code == 404
    # the owner deletes it, history and all
    client.force_login(people["heilongjiang"])
    assert client.post(reverse("reforms:replication_delete", args=[record.pk])).status_code == 302
    assert not ReplicationStatusChange.objects.filter(replication_id=record.pk).exists()


def test_a_northeastern_coordinator_is_not_offered_to_add_a_practice(client, people):
    client.force_login(people["heilongjiang"])
    page = client.get(reverse("reforms:practice_list")).content.decode()
    assert reverse("reforms:practice_create") not in page
    assert client.get(reverse("reforms:practice_create")).status_code == 403


def _sheet(response):
    from openpyxl import load_workbook

    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_the_exports_follow_the_filters_and_the_scope(client, people, guangdong_in_heilongjiang):
    client.force_login(people["guangdong"])
    rows = _sheet(
        client.get(
            reverse("reforms:replication_list"),
            {"export": "xlsx", "origin": "440000", "region": "230000", "status": "replicated"},
        )
    )
    assert len(rows) == 3
    assert {(row[1], row[2], row[4], row[7].date()) for row in rows[1:]} == {
        ("企业开办一网通办（测试）", "广东省", "黑龙江省", D(2020, 6, 30)),
        ("商事登记秒批（测试）", "深圳市", "哈尔滨市", D(2021, 7, 1)),
    }
    practices = _sheet(client.get(reverse("reforms:practice_list"), {"export": "xlsx", "origin": "440000"}))
    assert len(practices) == 4  # header + 3 of 广东 and 深圳
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor_username="guangdong").count() == 2
    client.force_login(people["jilin"])
    assert len(_sheet(client.get(reverse("reforms:replication_list"), {"export": "xlsx"}))) == 1


# --- the API -----------------------------------------------------------------------------------------------


def test_the_api_creates_changes_status_and_refuses_as_the_pages(client, people):
    online = new_practice(people["guangdong"], "440000", "测试举措")
    client.force_login(people["heilongjiang"])
    url = reverse("api:replication-list")
    response = client.post(
        url,
        {"practice": online.pk, "region": "230000", "status": "planned", "status_since": "2024-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["pairing"] == pairing("230000", "440000").pk and body["origin"] == "440000"
    status_url = reverse("api:replication-status", args=[body["id"]])
    response = client.post(
        status_url, {"status": "replicated", "on": "2024-06-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and "evidence" in response.json()
    response = client.post(
        status_url,
        {"status": "replicated", "on": "2024-06-01", "evidence": "https://example.org/x", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "replicated" and len(response.json()["status_changes"]) == 2
    response = client.post(
        status_url, {"status": "abandoned", "on": "2024-07-01", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    duplicate = client.post(url, {"practice": online.pk, "region": "230000"}, content_type="application/json")
    assert duplicate.status_code == 400 and "region" in duplicate.json()
    detail = reverse("api:replication-detail", args=[body["id"]])
    response = client.patch(detail, {"status": "planned", "version": 2}, content_type="application/json")
    assert response.status_code == 400 and "status" in response.json()
    # practices: eastern origins only, within the user's scope
    practices = reverse("api:reformpractice-list")
    response = client.post(
        practices,
        {"title": "x", "origin": "230000", "key_task": "1.1", "source_document": "x", "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "origin" in response.json()
    assert client.get(practices).json()["results"][0]["replication_count"] == 1
    client.force_login(people["guangdong"])
    response = client.post(
        practices,
        {
            "title": "粤举措",
            "origin": "440000",
            "key_task": "1.4",
            "source_document": "粤文件",
            "description": "说明",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    # 吉林: the replication is a 404, its status action too; a write elsewhere is refused
    client.force_login(people["jilin"])
    assert client.get(detail).status_code == 404
    assert (
        client.post(
            status_url, {"status": "abandoned", "on": "2024-07-01"}, content_type="application/json"
        ).status_code
        == 404
    )
    response = client.post(
        practices,
        {"title": "x", "origin": "440000", "key_task": "1.1", "source_document": "x", "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.logout()
    assert client.get(url).status_code in (401, 403) and client.get(practices).status_code in (401, 403)


# --- query counts ---------------------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "liaoning", "jiangsu"])
@pytest.mark.django_db
def test_list_pages_and_api_do_not_grow_with_rows(client, persona):
    client.force_login(make_persona(persona))
    first = practice("320000", title="首个举措")
    regions = iter(Region.objects.filter(parent="210000").values_list("code", flat=True))

    def add(n):
        for index in range(n):
            extra = practice(("320000", "110000", "310000")[index % 3], tags="放管服, 营商环境")
            region = next(regions)
            record = replication(extra, region, status="piloting", since=D(2025, 2, 1))
            ReplicationStatusChange.objects.create(
                replication=record, from_status="planned", to_status="piloting", on=D(2025, 2, 1)
            )
            replication(first, region)

    add(2)
    record = Replication.objects.filter(practice=first).first()
    pages = [
        "/work/reform-practices/",
        "/work/reform-practices/?origin=320000&q=举措",
        f"/work/reform-practices/{first.pk}/",
        "/work/replications/",
        "/work/replications/?origin=320000&region=210000&status=planned&year=2025",
        f"/work/replications/{record.pk}/",
        "/api/v1/reform-practices/",
        "/api/v1/replications/",
        "/api/v1/replications/?origin=320000",
    ]
    small = {url: _count(client, url) for url in pages}
    add(10)
    assert {url: _count(client, url) for url in pages} == small


# --- the demo ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_loads_through_the_services_and_twice_adds_nothing():
    from duikou.accounts import demo as accounts_demo

    accounts_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    counts = (
        ReformPractice.objects.count(),
        Replication.objects.count(),
        ReplicationStatusChange.objects.count(),
    )
    demo.load(stdout=io.StringIO())
    assert counts == (
        ReformPractice.objects.count(),
        Replication.objects.count(),
        ReplicationStatusChange.objects.count(),
    )
    assert counts[0] == 6 and counts[1] == 8
    assert all("演示" in title for title in ReformPractice.objects.values_list("title", flat=True))
    assert set(Replication.objects.values_list("status", flat=True)) == {
        "planned",
        "piloting",
        "replicated",
        "abandoned",
    }
    heilongjiang = User.objects.get(username="heilongjiang")
    answer = replications_of(
        user=heilongjiang, origin_code="440000", region_code="230000", status="replicated"
    )
    assert len(answer) >= 2 and len({r.practice_id for r in answer}) >= 2
    assert (
        AuditEntry.objects.filter(object_type="reforms.replication", action=AuditAction.CREATE).count() == 8
    )


def test_the_eastern_partner_records_its_own_practice_in_the_partner_region_through_the_page(client, people):
    online = new_practice(people["guangdong"], "440000", "粤举措")
    no_visit = new_practice(people["jiangsu"], "320000", "苏举措")
    client.force_login(people["guangdong"])
    form = client.get(reverse("reforms:replication_create"), {"practice": online.pk})
    assert form.status_code == 200
    regions = {str(pk) for pk, _label in form.context["form"].fields["region"].choices if pk}
    assert "230000" in regions and "230100" in regions and "210000" not in regions and "440000" not in regions
    url = reverse("reforms:replication_create")
    response = client.post(url, {"practice": no_visit.pk, "region": "230000", "status": "planned"})
    assert response.status_code == 200 and "region" in response.context["form"].errors
    response = client.post(url, {"practice": online.pk, "region": "230000", "status": "planned"})
    assert response.status_code == 302
    record = Replication.objects.get(practice=online)
    assert record.status_since == timezone.localdate() and record.pairing == pairing("230000", "440000")
