"""Round pages, API and reports: what each user sees (404 on another pairing's breakdown, self-assessment and
scores), flat query counts, the page flows through the services, the .docx and .xlsx read back."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.core.testing import pairing

from .. import rounds
from ..models import EvaluationRound, IndicatorScore, ScoreRecord, SelfAssessment
from .rounds_setup import END, START, assess, make_world, published_world, scored_world


def breakdown_url(world, key):
    return reverse("evaluation:round_breakdown", args=[world["round"].pk, world[key].pk])


def scores_url(world):
    return reverse("api:evaluationround-scores", args=[world["round"].pk])


@pytest.mark.django_db
def test_a_pairing_sees_its_own_published_scores_only(client):
    world = published_world(publish_scores=True)
    client.force_login(world["jiangsu"])
    assert client.get(breakdown_url(world, "lj")).status_code == 200
    assert client.get(breakdown_url(world, "jz")).status_code == 404
    body = client.get(scores_url(world)).json()
    assert {row["pairing"] for row in body["scores"]} == {world["lj"].pk}
    assert [row["pairing"] for row in body["results"]] == [world["lj"].pk]
    assert body["results"][0]["rank"] is None  # ranks not published
    assert client.get(scores_url(world), {"pairing": world["jz"].pk}).status_code == 404
    other = SelfAssessment.objects.get(round=world["round"], pairing=world["jz"])
    assert client.get(reverse("evaluation:self_assessment", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:selfassessment-detail", args=[other.pk])).status_code == 404
    page = client.get(world["round"].get_absolute_url()).content.decode()
    assert str(world["jz"]) not in page.split('id="results-table"')[1]


@pytest.mark.django_db
def test_nothing_is_visible_before_publication_and_everything_with_publish_all(client):
    world = scored_world()
    client.force_login(world["jiangsu"])
    assert client.get(breakdown_url(world, "lj")).status_code == 404
    assert client.get(scores_url(world)).json() == {"results": [], "scores": []}
    world["round"] = rounds.round_publish(user=world["ndrc"], round_=world["round"], publish_all=True)
    assert client.get(breakdown_url(world, "jz")).status_code == 200
    body = client.get(scores_url(world)).json()
    assert {row["pairing"] for row in body["results"]} == {world[k].pk for k in ("lj", "jz", "sb")}
    assert all(row["rank"] for row in body["results"])


@pytest.mark.django_db
def test_breakdown_page_traces_every_number(client):
    world = published_world(publish_scores=True, publish_ranks=True)
    client.force_login(world["liaoning"])
    response = client.get(breakdown_url(world, "lj"))
    page = response.content.decode()
    score = IndicatorScore.objects.get(
        round=world["round"], pairing=world["lj"], indicator__code="1.1", side=""
    )
    assert str(score.weighted) in page and str(score.normalised) in page
    records_url = reverse("evaluation:score_records", args=[world["round"].pk, world["lj"].pk, score.indicator_id])
    assert records_url in page and score.record_count >= 1
    listed = client.get(records_url)
    assert listed.status_code == 200
    record = ScoreRecord.objects.filter(
        round=world["round"], pairing=world["lj"], indicator=score.indicator, side=""
    ).first()
    link = reverse("evaluation:trace_record", args=[record.label, record.record_id])
    assert link in listed.content.decode()
    assert client.get(link).status_code == 302
    # another pairing's score records, and a record of another pairing (or a model without a page): 404
    jz_score = IndicatorScore.objects.get(
        round=world["round"], pairing=world["jz"], indicator__code="1.1", side=""
    )
    jz_record = ScoreRecord.objects.filter(
        round=world["round"], pairing=world["jz"], indicator=jz_score.indicator, side=""
    ).first()
    assert client.get(reverse("evaluation:trace_record", args=[jz_record.label, jz_record.record_id])).status_code == 404
    jz_url = reverse("evaluation:score_records", args=[world["round"].pk, world["jz"].pk, score.indicator_id])
    assert client.get(jz_url).status_code == 404
    assert client.get(records_url + "?side=nowhere").status_code == 404
    api = reverse("api:evaluationround-score-records", args=[world["round"].pk])
    answer = client.get(api, {"pairing": world["lj"].pk, "indicator": score.indicator_id}).json()
    assert answer["count"] == score.record_count
    assert [record.label, record.record_id] in [[row["label"], row["record_id"]] for row in answer["results"]]
    assert client.get(api, {"pairing": world["jz"].pk, "indicator": score.indicator_id}).status_code == 404
    assert response.context["rank"] is not None


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_score_records_page_reads_a_page_whatever_the_number_of_records(client):
    world = published_world(publish_scores=True)
    client.force_login(world["ndrc"])
    score = IndicatorScore.objects.get(round=world["round"], pairing=world["lj"], indicator__code="1.1", side="")
    url = reverse("evaluation:score_records", args=[world["round"].pk, world["lj"].pk, score.indicator_id])
    few = _count(client, url)
    extra = [
        ScoreRecord(
            round=world["round"], pairing=world["lj"], indicator=score.indicator, side="",
            label="exchanges.training", record_id=10_000 + n,
        )
        for n in range(350)
    ]
    ScoreRecord.objects.bulk_create(extra)
    assert _count(client, url) == few
    page = client.get(url + "?page=4")
    assert page.context["paginator"].count == score.record_count + 350
    assert len(page.context["rows"]) == (score.record_count + 350) - 300


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_pairings(client):
    world = published_world(publish_scores=True)
    client.force_login(world["ndrc"])
    small_detail = _count(client, world["round"].get_absolute_url())
    small_breakdown = _count(client, breakdown_url(world, "lj"))
    more = [world["lj"], world["jz"], world["sb"]] + [
        pairing(ne, east) for ne, east in (("220100", "120000"), ("230100", "440300"), ("210200", "310000"))
    ]
    big = rounds.round_create(
        user=world["ndrc"],
        data={"name": "大轮", "period_start": START, "period_end": END, "framework": world["framework"]},
        pairings=more,
    )
    rounds.round_compute(user=world["ndrc"], round_=big, override_reason="测试")
    assert _count(client, big.get_absolute_url()) == small_detail
    url = reverse("evaluation:round_breakdown", args=[big.pk, world["lj"].pk])
    assert _count(client, url) == small_breakdown


@pytest.mark.django_db
def test_pages_run_the_round(client):
    world = make_world()
    round_ = world["round"]
    assessment = SelfAssessment.objects.get(round=round_, pairing=world["lj"])
    entered = world["framework"].indicators.get(code="2.1")
    url = reverse("evaluation:self_assessment", args=[assessment.pk])
    client.force_login(world["liaoning"])
    key = f"{entered.pk}-all"
    client.post(url, {"revision": 1, "narrative": "自评", f"value-{key}": "7", f"evidence-{key}": "纪要"})
    assessment.refresh_from_db()
    assert assessment.revision == 2 and assessment.values.get().value == Decimal("7")
    client.post(url, {"revision": 2, "confirm": "1"})
    client.force_login(world["jiangsu"])
    client.post(url, {"revision": 2, "confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.submitted
    # the office computes: refused without a reason (others are not in), then with one
    client.force_login(world["ndrc"])
    compute = reverse("evaluation:round_compute", args=[round_.pk])
    response = client.post(compute, {}, follow=True)
    assert "not yet confirmed by both sides" in response.content.decode()
    assert EvaluationRound.objects.get(pk=round_.pk).status == "open"
    client.post(compute, {"override_reason": "逾期未交"})
    assert EvaluationRound.objects.get(pk=round_.pk).status == "scored"
    outcome = reverse("evaluation:round_outcome", args=[round_.pk, world["jz"].pk])
    assert client.get(outcome).status_code == 200
    response = client.post(
        outcome,
        {
            "kind": "rectification",
            "assessment": "进展缓慢",
            "item1_title": "招商",
            "item1_text": "加快",
            "item1_side": "220000",
            "item1_deadline": "2027-03-31",
        },
    )
    assert response.status_code == 302
    assert world["jz"].rectifications.get().evaluation_round_id == round_.pk
    client.post(reverse("evaluation:round_publish", args=[round_.pk]), {"publish_scores": "on"})
    client.post(reverse("evaluation:round_close", args=[round_.pk]))
    assert EvaluationRound.objects.get(pk=round_.pk).status == "closed"
    # a region may not compute
    client.force_login(world["liaoning"])
    assert client.post(compute, {"override_reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_api_runs_the_round(client):
    world = make_world()
    for key in ("lj", "jz"):
        assess(world, key)
    sb = SelfAssessment.objects.get(round=world["round"], pairing=world["sb"])
    client.force_login(world["shenyang"])
    entered = world["framework"].indicators.get(code="2.1")
    response = client.post(
        reverse("api:selfassessment-entries", args=[sb.pk]),
        {
            "narrative": "自评",
            "revision": 1,
            "values": [{"indicator": entered.pk, "side": "", "value": "3", "evidence": "证据"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    stale = client.post(reverse("api:selfassessment-confirm", args=[sb.pk]), {"revision": 1})
    assert stale.status_code == 409
    client.force_login(world["ndrc"])
    url = reverse("api:evaluationround-compute", args=[world["round"].pk])
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400 and "override_reason" in response.json()
    response = client.post(url, {"override_reason": "逾期"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "scored"
    body = client.get(scores_url(world)).json()
    assert len(body["results"]) == 3 and all(row["record_count"] >= 0 for row in body["scores"])
    response = client.post(
        reverse("api:evaluationround-publish", args=[world["round"].pk]),
        {"publish_ranks": True},
        content_type="application/json",
    )
    assert response.json()["status"] == "published"
    client.force_login(world["jilin"])
    assert client.post(url, {"override_reason": "x"}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_framework_used_by_a_round_refuses_edits_through_the_api(client):
    world = make_world()
    client.force_login(world["ndrc"])
    indicator = world["framework"].indicators.first()
    response = client.patch(
        reverse("api:frameworkindicator-detail", args=[indicator.pk]),
        {"weight": "10", "version": indicator.version},
        content_type="application/json",
    )
    assert response.status_code == 403 and "can no longer change" in response.json()["detail"]


@pytest.mark.django_db
def test_report_docx_and_xlsx(client):
    import docx
    from openpyxl import load_workbook

    world = published_world(publish_scores=True, publish_ranks=True)
    client.force_login(world["ndrc"])
    response = client.get(reverse("evaluation:round_docx", args=[world["round"].pk]))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert world["round"].name in text and "Pairings commended" in text and "评价" in text
    table = document.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert len(cells) == 4  # header + three pairings
    assert any(str(world["lj"]) in " ".join(row) for row in cells)
    response = client.get(reverse("evaluation:round_xlsx", args=[world["round"].pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    results, breakdown = workbook.worksheets
    assert results.max_row == 2 + 3
    assert breakdown.max_row == 1 + 3 * 3 + 3 * 2  # pairing rows + the sides of the per-side indicator
    # a pairing's user downloads its own rows only
    client.force_login(world["jiangsu"])
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("evaluation:round_xlsx", args=[world["round"].pk])).content)
    )
    results, breakdown = workbook.worksheets
    assert [row[1] for row in results.iter_rows(min_row=3, values_only=True)] == [str(world["lj"])]
    assert {row[0] for row in breakdown.iter_rows(min_row=2, values_only=True)} == {str(world["lj"])}
    document = docx.Document(
        io.BytesIO(client.get(reverse("evaluation:round_docx", args=[world["round"].pk])).content)
    )
    assert len(document.tables[0].rows) == 2


@pytest.mark.django_db
def test_round_list_create_and_export(client):
    world = make_world()
    client.force_login(world["liaoning"])
    assert client.get(reverse("evaluation:round_create")).status_code == 403
    response = client.get(reverse("evaluation:round_list"))
    assert response.status_code == 200 and world["round"].name in response.content.decode()
    client.force_login(world["ndrc"])
    assert client.get(reverse("evaluation:round_create")).status_code == 200
    response = client.post(
        reverse("evaluation:round_create"),
        {
            "name": "第二轮评估",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "framework": world["framework"].pk,
            "pairings": [world["lj"].pk, world["jz"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = EvaluationRound.objects.get(name="第二轮评估")
    assert set(created.pairings.all()) == {world["lj"], world["jz"]}
    assert created.self_assessments.count() == 2
    response = client.post(
        reverse("evaluation:round_create"),
        {
            "name": "坏的",
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "framework": world["framework"].pk,
        },
    )
    assert response.status_code == 200 and "ends before it starts" in response.content.decode()
    response = client.get(reverse("evaluation:round_list"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_indicators(client):
    from .factories import dimension, framework, indicator

    world = published_world(publish_scores=True)
    client.force_login(world["ndrc"])
    small_detail = _count(client, world["round"].get_absolute_url())
    small_breakdown = _count(client, breakdown_url(world, "lj"))
    big = framework(code="BIG", status="published")
    for d in range(3):
        dim = dimension(big, name=f"维度{d}", order=d)
        for i, query in enumerate(("trainees", "cadres_seconded", "events_held")):
            indicator(dim, code=f"{d}.{i}", weight="11", query=query, per_side=query == "cadres_seconded")
    round_ = rounds.round_create(
        user=world["ndrc"],
        data={"name": "大体系", "period_start": START, "period_end": END, "framework": big},
        pairings=[world["lj"], world["jz"], world["sb"]],
    )
    rounds.round_compute(user=world["ndrc"], round_=round_, override_reason="测试")
    assert _count(client, round_.get_absolute_url()) == small_detail
    url = reverse("evaluation:round_breakdown", args=[round_.pk, world["lj"].pk])
    assert _count(client, url) == small_breakdown
