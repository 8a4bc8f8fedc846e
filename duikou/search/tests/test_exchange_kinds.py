"""Events, experts and reform practices in the full-text search (issue #5): kept in step by their services,
found by a two-character term, scoped as their own lists are, and never by what is personal (an expert's
contact or biography, the leaders attending an event)."""

import datetime

import pytest

from duikou.core.testing import OrganisationFactory, make_persona, pairing
from duikou.events import services as event_services
from duikou.reforms import services as reform_services
from duikou.regions.models import KeyTask
from duikou.talent import services as talent_services

from ..models import SearchDocument
from ..selectors import search
from ..services import search_reindex


def titles(user, query):
    return sorted(document.title for document in search(user=user, query=query))


@pytest.fixture
def records(db):
    people = {name: make_persona(name) for name in ("liaoning", "jiangsu", "jilin", "ndrc", "public")}
    liaoning, jiangsu, jilin = people["liaoning"], people["jiangsu"], people["jilin"]
    event = event_services.event_create(user=liaoning, data={
        "kind": "forum", "title": "辽苏冰雪经济论坛", "start": datetime.date(2026, 5, 10),
        "end": datetime.date(2026, 5, 10), "place": "沈阳", "description": "冰雪装备合作",
        "leaders": "辽宁省副省长 测试领导", "pairings": [pairing("210000", "320000")],
        "organisations": [OrganisationFactory(name="沈阳冰雪装备公司", region_id="210100")]})
    expert = talent_services.expert_create(user=jiangsu, data={
        "name": "测试专家乙", "title_category": "professor", "field_of_expertise": "冰雪装备设计", "region_id": "320000",
        "offers_consulting": True, "contact_phone": "13900002222", "biography": "秘密简介内容"})
    practice = reform_services.practice_create(user=jiangsu, data={
        "title": "冰雪产业一站式审批", "origin_id": "320000", "key_task": KeyTask.objects.get(code="1.1"),
        "source_document": "苏政办发（测试）", "description": "企业开办一站式办理"})
    other = event_services.event_create(user=jilin, data={
        "kind": "expo", "title": "吉浙冰雪博览会", "start": datetime.date(2026, 6, 1), "end": datetime.date(2026, 6, 3),
        "place": "长春", "pairings": [pairing("220000", "330000")]})
    return {"event": event, "expert": expert, "practice": practice, "other": other, **people}


def test_they_are_found_and_scoped(records):
    assert titles(records["liaoning"], "冰雪") == ["冰雪产业一站式审批", "测试专家乙", "辽苏冰雪经济论坛"]
    assert titles(records["jilin"], "冰雪") == ["冰雪产业一站式审批", "吉浙冰雪博览会"]
    assert titles(records["ndrc"], "冰雪") == ["冰雪产业一站式审批", "吉浙冰雪博览会", "测试专家乙", "辽苏冰雪经济论坛"]
    assert titles(records["public"], "冰雪") == []
    assert titles(records["liaoning"], "装备") == ["测试专家乙", "辽苏冰雪经济论坛"]  # body text: organisation, field


def test_personal_text_is_not_indexed(records):
    for term in ("副省长", "测试领导", "13900002222", "秘密"):
        assert titles(records["ndrc"], term) == [], term
    text = " ".join(SearchDocument.objects.values_list("text", flat=True))
    assert "测试领导" not in text and "13900002222" not in text and "秘密简介" not in text


def test_the_services_keep_the_index_in_step(records):
    liaoning = records["liaoning"]
    event_services.event_update(user=liaoning, event=records["event"], data={"title": "辽苏数字经济论坛"},
                                expected_version=records["event"].version)
    assert titles(liaoning, "数字") == ["辽苏数字经济论坛"] and "辽苏冰雪经济论坛" not in titles(liaoning, "冰雪")
    event_services.event_delete(user=liaoning, event=records["event"])
    assert titles(liaoning, "数字") == []
    count = SearchDocument.objects.count()
    assert sum(search_reindex().values()) == count  # a rebuild gives the same documents
