"""The founding document's catalogue and pairings, as every fresh database has them (loaded by migration)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from duikou.regions.models import Goal, KeyTask, KeyTaskGroup, Pairing, Principle, Region, Safeguard

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "000_c13c35cb202e4d48.txt"

TITLES = {
    "1.1": "行政管理体制改革", "1.2": "国有企业改革", "1.3": "民营经济发展", "1.4": "对内对外开放",
    "1.5": "发展理念共享", "2.1": "装备制造业等优势产业", "2.2": "新兴产业", "2.3": "农业和绿色食品产业",
    "2.4": "生产性服务业", "2.5": "文化、旅游和健康产业", "3.1": "科技研发与转化", "3.2": "高校院所交流合作",
    "3.3": "创业创新合作", "3.4": "高端人才交流", "4.1": "功能区对接", "4.2": "合作园区共建",
    "4.3": "重点城市合作", "4.4": "多层次合作体系建设",
}
PAIRINGS = {
    ("210000", "辽宁省", "320000", "江苏省", "province"),
    ("220000", "吉林省", "330000", "浙江省", "province"),
    ("230000", "黑龙江省", "440000", "广东省", "province"),
    ("210100", "沈阳市", "110000", "北京市", "city"),
    ("210200", "大连市", "310000", "上海市", "city"),
    ("220100", "长春市", "120000", "天津市", "city"),
    ("230100", "哈尔滨市", "440300", "深圳市", "city"),
}


@pytest.mark.django_db
def test_key_tasks_api_is_public_with_18_tasks_in_groups_of_5_5_4_4(client):
    response = client.get(reverse("api:keytask-list"))
    assert response.status_code == 200
    tasks = response.json()
    assert len(tasks) == 18
    by_group = {}
    for task in tasks:
        by_group.setdefault(task["group"], []).append(task["code"])
    assert [len(by_group[g]) for g in "1234"] == [5, 5, 4, 4]
    assert {t["code"]: t["title"] for t in tasks} == TITLES
    assert all(t["reference_text"].startswith(t["code"].split(".")[1] + "." + t["title"]) for t in tasks)


@pytest.mark.django_db
def test_reference_texts_are_the_documents_own_words():
    if not SEED.exists():
        pytest.skip("the founding document is not beside the repository")
    document = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8")).replace("（下转第二版）", "").replace(
        "（上接第一版）", "")
    for task in KeyTask.objects.all():
        assert task.reference_text in document, task.code
    for item in list(Principle.objects.all()) + list(Safeguard.objects.all()):
        assert item.text in document, item.title


@pytest.mark.django_db
def test_catalogue_counts():
    assert KeyTaskGroup.objects.count() == 4
    assert Principle.objects.count() == 4
    assert [s.title for s in Safeguard.objects.all()] == [
        "完善工作机制", "科学编制实施方案", "推进干部人才交流培训", "加大政策支持力度", "创造良好合作环境", "加强督查评估"]
    assert Goal.objects.filter(target_year=2020).count() == 7


@pytest.mark.django_db
def test_pairings_api_returns_the_seven_pairings_with_gbt2260_codes(client):
    response = client.get(reverse("api:pairing-list"), {"status": "formal"})
    assert response.status_code == 200
    rows = response.json()["results"]
    got = {(r["northeast"], r["northeast_name"], r["east"], r["east_name"], r["tier"]) for r in rows}
    assert got == PAIRINGS
    assert all(r["source_document_number"] == "国办发〔2017〕22号" for r in rows)


@pytest.mark.django_db
def test_inner_mongolia_is_recorded_as_exploring_its_own_arrangement():
    pairing = Pairing.objects.get(northeast_id="150000")
    assert pairing.status == Pairing.Status.EXPLORING
    assert pairing.east_id is None


@pytest.mark.django_db
def test_region_registry_has_every_province_and_the_northeast_cities(client):
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 31
    assert Region.objects.filter(parent_id="210000").count() == 14
    assert Region.objects.filter(parent_id="220000").count() == 9
    assert Region.objects.filter(parent_id="230000").count() == 13
    assert Region.objects.filter(parent_id="150000").count() == 12
    assert Region.objects.get(code="440300").name == "深圳市"
    response = client.get(reverse("api:region-list"), {"parent": "210000", "page_size": 50})
    assert response.status_code == 200
    assert response.json()["count"] == 14


@pytest.mark.django_db
def test_catalogue_page_shows_policy_text_beside_each_task(client):
    response = client.get(reverse("regions:keytask_detail", args=["1.3"]))
    assert response.status_code == 200
    assert "在东北地区遴选一批收益可预期的优质项目" in response.content.decode()
    response = client.get(reverse("regions:catalogue"), {"q": "民营"})
    body = response.content.decode()
    assert 'data-code="1.3"' in body and 'data-code="1.1"' not in body
