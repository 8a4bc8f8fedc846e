"""Frameworks through the services, the pages and the API: every refusal with a message naming the field and
nothing changed; publishing; new versions; the preview's query count; the export; the demo."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import make_persona, pairing
from duikou.projects.models import ProjectStageChange
from duikou.projects.tests.factories import ProjectFactory

from .. import services
from ..models import Dimension, Framework, Indicator
from .factories import complete_framework, dimension, framework, indicator


@pytest.fixture
def ndrc(db):
    return make_persona("ndrc")


def indicator_data(dim, **values):
    return {
        "dimension": dim,
        "code": "9.9",
        "name": "测试指标",
        "unit": "个",
        "direction": "higher",
        "weight": Decimal("10"),
        "normalisation": "relative",
        "target_value": None,
        "source": "computed",
        "query": "events_held",
        "per_side": False,
        "description": "",
        "order": 1,
        **values,
    }


def refused(call, field, *words):
    with pytest.raises(ValidationError) as info:
        call()
    messages = info.value.message_dict[field] if hasattr(info.value, "error_dict") else info.value.messages
    text = " ".join(messages)
    for word in words:
        assert word in text, text
    return text


# --- refusals ------------------------------------------------------------------------------------------------


def test_indicator_without_a_source_or_with_an_unknown_query_is_refused(ndrc):
    dim = dimension(framework())
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, source="")), "source", "source"
    )
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, query="")), "query", "query"
    )
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, query="no_such_query")),
        "query",
        "no_such_query",
        "registered",
    )
    assert not Indicator.objects.exists()


def test_per_side_needs_a_query_counted_per_side(ndrc):
    dim = dimension(framework())
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, per_side=True)),
        "per_side",
        "per side",
    )
    created = services.indicator_create(
        user=ndrc, data=indicator_data(dim, per_side=True, query="cadres_seconded")
    )
    assert created.per_side


def test_target_normalisation_needs_a_target_value_above_zero(ndrc):
    dim = dimension(framework())
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, normalisation="target")),
        "target_value",
        "target value",
    )
    refused(
        lambda: services.indicator_create(
            user=ndrc, data=indicator_data(dim, normalisation="target", target_value=Decimal("0"))
        ),
        "target_value",
        "above zero",
    )
    assert not Indicator.objects.exists()


def test_entered_indicator_keeps_no_query(ndrc):
    dim = dimension(framework())
    created = services.indicator_create(user=ndrc, data=indicator_data(dim, source="entered"))
    assert created.query == ""
    created.query = "events_held"
    with pytest.raises(ValidationError) as info:
        created.full_clean()
    assert "query" in info.value.message_dict


def test_weight_out_of_range_is_refused(ndrc):
    dim = dimension(framework())
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, weight=Decimal("101"))),
        "weight",
        "0 to 100",
    )
    refused(
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim, weight=Decimal("-1"))),
        "weight",
        "0 to 100",
    )


def test_duplicate_codes_are_refused(ndrc):
    existing = complete_framework(code="DUP")
    refused(
        lambda: services.framework_create(user=ndrc, data={"name": "另一个", "code": "dup"}), "code", "DUP"
    )
    refused(
        lambda: services.indicator_create(
            user=ndrc, data=indicator_data(existing.dimensions.get(), code="1.1")
        ),
        "__all__",
        "code",
    )


def test_publish_needs_weights_adding_up_to_100(ndrc):
    record = framework()
    dim = dimension(record)
    refused(lambda: services.framework_publish(user=ndrc, framework=record), "weight", "no indicators")
    indicator(dim, code="1", weight="60")
    indicator(dim, code="2", weight="35.5", query="events_held")
    text = refused(lambda: services.framework_publish(user=ndrc, framework=record), "weight", "95.50", "100")
    assert "95.50" in text
    record.refresh_from_db()
    assert record.status == Framework.Status.DRAFT and record.version == 1
    indicator(dim, code="3", weight="4.5", source="entered", query="")
    published = services.framework_publish(user=ndrc, framework=record)
    assert published.status == Framework.Status.PUBLISHED and published.published_by == ndrc
    assert AuditEntry.objects.filter(action=AuditAction.WORKFLOW, object_id=str(record.pk)).exists()
    refused(lambda: services.framework_publish(user=ndrc, framework=record), "status", "already")


def test_publish_refuses_an_indicator_whose_query_is_no_longer_registered(ndrc):
    record = complete_framework()
    Indicator.objects.filter(framework=record).update(query="retired_query")
    refused(lambda: services.framework_publish(user=ndrc, framework=record), "__all__", "retired_query")


def test_frozen_versions_never_change(ndrc):
    record = complete_framework(status=Framework.Status.PUBLISHED)
    dim, ind = record.dimensions.get(), record.indicators.get()
    for call in (
        lambda: services.framework_update(
            user=ndrc, framework=record, data={"name": "x"}, expected_version=1
        ),
        lambda: services.dimension_create(user=ndrc, framework=record, data={"name": "新维度", "order": 2}),
        lambda: services.dimension_update(user=ndrc, dimension=dim, data={"name": "x"}, expected_version=1),
        lambda: services.dimension_delete(user=ndrc, dimension=dim),
        lambda: services.indicator_create(user=ndrc, data=indicator_data(dim)),
        lambda: services.indicator_update(
            user=ndrc, indicator=ind, data={"weight": Decimal(1)}, expected_version=1
        ),
        lambda: services.indicator_delete(user=ndrc, indicator=ind),
        lambda: services.framework_delete(user=ndrc, framework=record),
    ):
        text = refused(call, "__all__", "new version")
        assert "published" in text
    assert Indicator.objects.get().weight == Decimal("100") and Dimension.objects.count() == 1
    assert Framework.objects.get().name == record.name


def test_code_cannot_change(ndrc):
    record = framework()
    refused(
        lambda: services.framework_update(
            user=ndrc, framework=record, data={"code": "OTHER"}, expected_version=1
        ),
        "code",
        "cannot change",
    )


def test_only_the_ndrc_office_writes(db):
    cod, liaoning = make_persona("cod"), make_persona("liaoning")
    record = complete_framework()
    for user in (cod, liaoning):
        with pytest.raises(PermissionDenied):
            services.framework_create(user=user, data={"name": "x", "code": "X"})
        with pytest.raises(PermissionDenied):
            services.framework_publish(user=user, framework=record)
        with pytest.raises(PermissionDenied):
            services.framework_new_version(user=user, framework=record)
        with pytest.raises(PermissionDenied):
            services.indicator_update(
                user=user, indicator=record.indicators.get(), data={"name": "x"}, expected_version=1
            )


# --- versions ------------------------------------------------------------------------------------------------


def test_new_version_copies_dimensions_and_indicators(ndrc):
    old = framework(code="V", status=Framework.Status.PUBLISHED)
    d1, d2 = dimension(old, name="机制", order=1), dimension(old, name="项目", order=2)
    indicator(
        d1,
        code="1.1",
        weight="40",
        normalisation="target",
        target_value=Decimal("90"),
        query="plan_items_on_time",
        description="口径",
    )
    indicator(d2, code="2.1", weight="60", query="cadres_seconded", per_side=True)
    new = services.framework_new_version(user=ndrc, framework=old)
    assert (new.code, new.version_number, new.status, new.copied_from) == ("V", 2, "draft", old)
    assert [d.name for d in new.dimensions.order_by("order")] == ["机制", "项目"]
    copied = {i.code: i for i in new.indicators.select_related("dimension")}
    assert copied["1.1"].target_value == Decimal("90") and copied["1.1"].dimension.name == "机制"
    assert copied["1.1"].description == "口径" and copied["2.1"].per_side
    assert old.indicators.count() == 2  # the old version is untouched
    # one draft at a time: change it instead of making another
    refused(lambda: services.framework_new_version(user=ndrc, framework=old), "version_number", "draft")
    # the copy is editable, and publishable once it adds up
    services.indicator_update(
        user=ndrc, indicator=copied["2.1"], data={"weight": Decimal("50")}, expected_version=1
    )
    refused(lambda: services.framework_publish(user=ndrc, framework=new), "weight", "90.00")
    services.indicator_update(
        user=ndrc, indicator=copied["1.1"], data={"weight": Decimal("50")}, expected_version=1
    )
    services.framework_publish(user=ndrc, framework=new)
    third = services.framework_new_version(user=ndrc, framework=new)
    assert third.version_number == 3


def test_retire(ndrc):
    record = complete_framework(status=Framework.Status.PUBLISHED)
    refused(
        lambda: services.framework_retire(user=ndrc, framework=complete_framework(code="D")),
        "status",
        "published",
    )
    assert services.framework_retire(user=ndrc, framework=record).status == Framework.Status.RETIRED


def test_stale_edit_is_refused(ndrc):
    record = framework()
    services.framework_update(user=ndrc, framework=record, data={"name": "一"}, expected_version=1)
    with pytest.raises(ValidationError):
        services.framework_update(user=ndrc, framework=record, data={"name": "二"}, expected_version=1)


# --- pages ---------------------------------------------------------------------------------------------------


def test_pages_create_a_framework_and_its_content(client, ndrc):
    client.force_login(ndrc)
    response = client.post(
        reverse("evaluation:framework_create"), {"name": "新体系", "code": "NEW", "notes": ""}
    )
    record = Framework.objects.get(code="NEW")
    assert response.status_code == 302 and record.version_number == 1
    client.post(reverse("evaluation:dimension_create", args=[record.pk]), {"name": "项目", "order": 1})
    dim = record.dimensions.get()
    form = {
        "dimension": dim.pk,
        "code": "1",
        "name": "新开工项目",
        "unit": "个",
        "direction": "higher",
        "weight": "60",
        "normalisation": "target",
        "target_value": "",
        "source": "computed",
        "query": "projects_started",
        "description": "",
        "order": 1,
    }
    response = client.post(reverse("evaluation:indicator_create", args=[record.pk]), form)
    assert response.status_code == 200 and "target value" in response.content.decode()
    form["target_value"] = "5"
    response = client.post(reverse("evaluation:indicator_create", args=[record.pk]), form)
    assert response.status_code == 302
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="weight-warning"' in page and "60.00" in page and 'id="publish-button"' in page
    client.post(reverse("evaluation:framework_publish", args=[record.pk]))
    record.refresh_from_db()
    assert record.is_draft  # 60, not 100
    ind = record.indicators.get()
    client.post(
        reverse("evaluation:indicator_update", args=[ind.pk]), {**form, "weight": "100", "version": 1}
    )
    client.post(reverse("evaluation:framework_publish", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == Framework.Status.PUBLISHED
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="frozen-note"' in page and 'id="weight-warning"' not in page
    assert client.get(reverse("evaluation:indicator_update", args=[ind.pk])).status_code == 403
    assert client.get(reverse("evaluation:indicator_create", args=[record.pk])).status_code == 403
    response = client.post(reverse("evaluation:framework_new_version", args=[record.pk]))
    new = Framework.objects.get(code="NEW", version_number=2)
    assert response.url == new.get_absolute_url()


def test_indicator_form_lists_the_registered_queries(client, ndrc):
    record = framework()
    client.force_login(ndrc)
    page = client.get(reverse("evaluation:indicator_create", args=[record.pk])).content.decode()
    assert 'value="projects_started"' in page and "Projects started in the period" in page


def test_regional_users_cannot_reach_drafts_or_write(client, db):
    draft, published = complete_framework(code="D"), complete_framework(code="P", status="published")
    client.force_login(make_persona("liaoning"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(reverse("evaluation:framework_create")).status_code == 403
    assert client.post(reverse("evaluation:framework_publish", args=[draft.pk])).status_code == 404
    assert client.post(reverse("evaluation:framework_new_version", args=[published.pk])).status_code == 403
    assert client.get(reverse("evaluation:framework_preview", args=[published.pk])).status_code == 403
    listing = client.get(reverse("evaluation:framework_list")).content.decode()
    assert f'data-framework="{published.pk}"' in listing and f'data-framework="{draft.pk}"' not in listing


def test_list_query_count_is_flat(client, ndrc):
    client.force_login(ndrc)
    complete_framework(code="A")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("evaluation:framework_list")).status_code == 200
    for n in range(6):
        complete_framework(code=f"B{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("evaluation:framework_list")).status_code == 200
    assert len(many) == len(few)


def test_export_lists_the_indicators(client, ndrc):
    from openpyxl import load_workbook

    record = complete_framework()
    client.force_login(make_persona("cod"))
    response = client.get(reverse("evaluation:framework_export", args=[record.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][1] == "1.1" and rows[1][4] == 100
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(record.pk)).exists()


# --- preview -------------------------------------------------------------------------------------------------


def preview_framework():
    record = framework(code="PRE")
    d1, d2 = dimension(record, name="项目", order=1), dimension(record, name="人才", order=2)
    indicator(d1, code="1", weight="50", normalisation="target", target_value=Decimal("2"))
    indicator(
        d2,
        code="2",
        weight="30",
        query="cadres_seconded",
        per_side=True,
        normalisation="target",
        target_value=Decimal("1"),
    )
    indicator(d2, code="3", weight="20", source="entered", query="")
    return record


def started(p, day=datetime.date(2025, 5, 1)):
    ProjectStageChange.objects.create(
        project=ProjectFactory(pairing=p), from_stage="signed", to_stage="started", on=day
    )


def test_preview_scores_and_query_count_flat(client, db):
    from duikou.exchanges.tests.factories import secondment

    record = preview_framework()
    lj, jz = pairing("210000", "320000"), pairing("220000", "330000")
    started(lj)
    started(lj)
    started(jz)
    started(jz, day=datetime.date(2024, 5, 1))  # outside the period
    secondment(lj, start=datetime.date(2025, 3, 1), status="ongoing")
    client.force_login(make_persona("ndrc"))
    url = reverse("evaluation:framework_preview", args=[record.pk]) + "?start=2025-01-01&end=2025-12-31"
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    rows = {row.pairing.pk: row for row in response.context["preview"].rows}
    # lj: 2 started of target 2 → 100 → 50 points; one cadre from the northeast, none from the east → (100+0)/2
    # = 50 → 15 points; entered: no value; total 65
    assert rows[lj.pk].total == Decimal("65.00")
    assert [c.normalised if c else None for c in rows[lj.pk].cells] == [
        Decimal("100.00"),
        Decimal("50.00"),
        None,
    ]
    assert rows[jz.pk].total == Decimal("25.00")  # 1 of 2 → 50 → 25
    assert response.context["preview"].rows[0].pairing == lj
    for n in range(8):  # more pairings (and records of theirs): the same number of queries
        extra = pairing(f"21{n + 3:02d}00", f"37{n + 1:02d}00")
        started(extra)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["preview"].rows) > len(rows)
    assert len(many) == len(few)


def test_preview_defaults_to_the_last_calendar_year(client, db):
    record = preview_framework()
    client.force_login(make_persona("cod"))
    preview = client.get(reverse("evaluation:framework_preview", args=[record.pk])).context["preview"]
    from django.utils import timezone

    year = timezone.localdate().year - 1
    assert (preview.start, preview.end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


# --- API -----------------------------------------------------------------------------------------------------


def test_api_nested_read_and_workflow(client, ndrc):
    client.force_login(ndrc)
    response = client.post(
        reverse("api:framework-list"), {"name": "接口体系", "code": "API"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    fid = response.json()["id"]
    dim = client.post(
        reverse("api:frameworkdimension-list"),
        {"framework": fid, "name": "项目", "order": 1},
        content_type="application/json",
    ).json()
    payload = {
        "dimension": dim["id"],
        "code": "1",
        "name": "活动",
        "weight": "100",
        "source": "computed",
        "query": "no_such",
        "normalisation": "relative",
        "direction": "higher",
    }
    response = client.post(reverse("api:frameworkindicator-list"), payload, content_type="application/json")
    assert response.status_code == 400 and "query" in response.json()
    payload["query"] = "events_held"
    response = client.post(reverse("api:frameworkindicator-list"), payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = client.get(reverse("api:framework-detail", args=[fid])).json()
    assert body["version_number"] == 1 and body["weight_total"] == "100.00"
    assert body["dimensions"][0]["indicators"][0]["query"] == "events_held"
    response = client.post(reverse("api:framework-publish", args=[fid]))
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert response.json()["is_frozen"] is True
    response = client.patch(
        reverse("api:framework-detail", args=[fid]),
        {"name": "x", "version": 2},
        content_type="application/json",
    )
    assert response.status_code == 403 and "new version" in response.json()["detail"]
    response = client.patch(
        reverse("api:frameworkindicator-detail", args=[body["dimensions"][0]["indicators"][0]["id"]]),
        {"weight": "50", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403 and "new version" in response.json()["detail"]
    response = client.post(reverse("api:framework-new-version", args=[fid]))
    assert response.status_code == 200 and response.json()["version_number"] == 2
    assert response.json()["status"] == "draft" and response.json()["weight_total"] == "100.00"


def test_api_publish_refusal_says_the_sum(client, ndrc):
    record = framework(code="HALF")
    indicator(dimension(record), weight="40")
    client.force_login(ndrc)
    response = client.post(reverse("api:framework-publish", args=[record.pk]))
    assert response.status_code == 400 and "40.00" in response.json()["weight"][0]


def test_api_workflow_is_the_ndrc_offices(client, db):
    record = complete_framework(status="published")
    client.force_login(make_persona("liaoning"))
    assert client.post(reverse("api:framework-new-version", args=[record.pk])).status_code == 403
    assert (
        client.post(
            reverse("api:framework-list"), {"name": "x", "code": "X"}, content_type="application/json"
        ).status_code
        == 403
    )


# --- demo ----------------------------------------------------------------------------------------------------


def test_demo_is_published_complete_and_idempotent(db):
    from django.core.management import call_command

    from ..selectors import framework_outline

    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    versions = list(Framework.objects.filter(name="对口合作成效评估指标体系").order_by("version_number"))
    assert [(v.version_number, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    outline = framework_outline(framework=versions[0])
    assert outline.total == Decimal("100") and len(outline.blocks) == 7
    indicators = outline.indicators
    assert len(indicators) >= 12
    assert sum(i.source == "entered" for i in indicators) == 2 and sum(i.per_side for i in indicators) == 1
    assert versions[1].indicators.count() == len(indicators)
    # the 2026 round: seven pairings, one self-assessment not confirmed (computed with an override reason),
    # the best commended, the last with a rectification requirement of two items, published; once only
    from ..models import EvaluationRound, PairingOutcome, PairingResult

    round_ = EvaluationRound.objects.get()
    assert round_.framework == versions[0] and round_.status == "published"
    assert round_.publish_scores and round_.publish_ranks and round_.override_reason
    assert round_.pairings.count() == 7
    assert sum(not a.submitted for a in round_.self_assessments.all()) == 1
    results = list(PairingResult.objects.filter(round=round_).order_by("rank"))
    assert len(results) == 7
    outcomes = {o.pairing_id: o for o in PairingOutcome.objects.filter(round=round_)}
    assert outcomes[results[0].pairing_id].kind == "commendation"
    rectification = outcomes[results[-1].pairing_id].rectification
    assert rectification.items.count() == 2 and rectification.evaluation_round == round_
