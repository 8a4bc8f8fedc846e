"""Chinese full-text search over projects (issue #4, point 7): two-character terms, every word of the query,
hits in the title first, the index kept in step by the project services, and only what the user may see."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.projects import services as project_services
from duikou.projects.models import Industry, Project
from duikou.regions.models import KeyTask

from ..models import SearchDocument
from ..selectors import search
from ..services import search_index_update, search_reindex
from ..text import query_terms


def person(username, role, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"harbin": person("harbin", "coordinator", "230100"), "dalian": person("dalian", "coordinator", "210200"),
            "ndrc": person("ndrc", "national_admin", None)}


def register(user, title, description="", *, northeast="230100", east="440300", **extra):
    host = extra.pop("host", None) or OrganisationFactory(name=f"{title}承建单位", region_id=northeast, kind="park")
    return project_services.project_create(user=user, data={
        "pairing": pairing(northeast, east), "title": title, "key_task": KeyTask.objects.get(code="4.1"),
        "industry": Industry.objects.get(code="34"), "location_id": northeast, "host_organisation": host,
        "planned_investment": 1000, "description": description, **extra})


def titles(user, query, **kwargs):
    return [document.title for document in search(user=user, query=query, **kwargs)]


@pytest.fixture
def car_park(people):
    return register(people["harbin"], "哈尔滨新能源汽车产业园区项目", "建设整车及动力电池生产线。")


# --- what is found ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["汽车", "能源", "园区", "新能源", "产业园", "电池", "源汽", "哈尔滨"])
def test_two_character_and_longer_terms_are_found(people, car_park, word):
    """“能源” and “源汽” are not jieba words of 新能源汽车: the bigrams find them all the same."""
    assert titles(people["harbin"], word) == [car_park.title]


def test_organisations_industry_place_and_code_are_searched(people):
    investor = OrganisationFactory(name="深圳星河智造有限公司", region_id="440300", kind="enterprise")
    project = register(people["harbin"], "智能装备基地", host=OrganisationFactory(name="松北孵化园", region_id="230100"),
                       investors=[investor], national_code="2024-230100-34-03-000123")
    for query in ["星河", "智造", "孵化", "通用设备", "哈尔滨市", "2024-230100", "000123"]:
        assert titles(people["harbin"], query) == [project.title], query


def test_every_word_must_occur_also_without_spaces(people, car_park):
    other = register(people["harbin"], "汽车零部件物流中心", "冷链与仓储")
    assert titles(people["harbin"], "汽车 园区") == [car_park.title]
    assert titles(people["harbin"], "电池汽车") == [car_park.title]  # cut by jieba into 电池 AND 汽车
    assert titles(people["harbin"], "汽车 冷链") == [other.title]
    assert titles(people["harbin"], "汽车 上海") == []
    assert set(titles(people["harbin"], "汽车")) == {car_park.title, other.title}


def test_a_title_hit_ranks_above_a_description_only_hit(people):
    in_title = register(people["harbin"], "冷链物流中心", "仓储与配送。")
    in_body = register(people["harbin"], "食品精深加工项目", "配套冷链仓储，冷链运输，冷链配送，冷链检测。")
    assert in_body.pk > in_title.pk  # newer: only the rank puts the title hit first
    hits = list(search(user=people["harbin"], query="冷链"))
    assert [hit.title for hit in hits] == [in_title.title, in_body.title]
    assert hits[0].search_rank > hits[1].search_rank


@pytest.mark.parametrize("query", ["", "   ", "！？。，", "——…", "()[]{}'\"*:&|!<->"])
def test_a_query_without_words_finds_nothing_without_error(people, car_park, client, query):
    assert titles(people["harbin"], query) == []
    client.force_login(people["harbin"])
    page = client.get(reverse("search:search"), {"q": query})
    assert page.status_code == 200 and page.context["hits"] == []
    response = client.get("/api/v1/search/", {"q": query})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_one_character_finds_words_beginning_with_it(people, car_park):
    assert titles(people["harbin"], "园") == [car_park.title]


# --- the index follows the record ---------------------------------------------------------------------------


def test_an_update_reindexes_the_project_and_its_investors(people, car_park):
    harbin = people["harbin"]
    investor = OrganisationFactory(name="广州云帆投资集团", region_id="440300", kind="enterprise")
    project_services.project_update(user=harbin, project=car_park, expected_version=car_park.version,
                                    data={"description": "氢燃料电池重卡示范线。", "investors": [investor]})
    assert titles(harbin, "动力电池") == []
    assert titles(harbin, "氢燃料") == [car_park.title]
    assert titles(harbin, "云帆") == [car_park.title]
    assert SearchDocument.objects.count() == 1


def test_indexing_again_keeps_one_document(people, car_park):
    search_index_update(instance=car_park)
    search_index_update(instance=car_park)
    assert SearchDocument.objects.count() == 1 and titles(people["harbin"], "汽车") == [car_park.title]


def test_a_delete_removes_the_project_from_the_index(people, car_park):
    project_services.project_delete(user=people["harbin"], project=car_park)
    assert titles(people["ndrc"], "汽车") == []
    assert not SearchDocument.objects.exists()


def test_search_reindex_rebuilds_and_drops_what_is_gone(people, car_park):
    other = register(people["harbin"], "冷链物流中心")
    SearchDocument.objects.filter(object_id=car_park.pk).delete()
    SearchDocument.objects.filter(object_id=other.pk).update(title="旧标题", tokens="", title_tokens="")
    ghost = SearchDocument.objects.create(content_type=SearchDocument.objects.get(object_id=other.pk).content_type,
                                          object_id=10 ** 9, title="已删除的项目", title_tokens="项目")
    call_command("search_reindex", stdout=io.StringIO())
    assert set(titles(people["ndrc"], "中心 冷链")) == {other.title}
    assert titles(people["ndrc"], "汽车") == [car_park.title]
    assert not SearchDocument.objects.filter(pk=ghost.pk).exists()
    assert search_reindex(model=Project, batch_size=1) == {"project": 2}


# --- scoping ------------------------------------------------------------------------------------------------


@pytest.fixture
def two_pairings(people, car_park):
    """The 哈尔滨–深圳 car park, and a 大连–上海 project: both “项目”."""
    dalian = register(people["dalian"], "大连—上海冷链物流园项目", "汽车零部件冷链", northeast="210200", east="310000")
    return {"hs": car_park, "ds": dalian}


def test_dalian_never_sees_a_harbin_shenzhen_project(people, two_pairings, client):
    dalian, hs = people["dalian"], two_pairings["hs"]
    assert titles(dalian, "项目") == [two_pairings["ds"].title]
    assert titles(dalian, "新能源") == []
    assert search(user=dalian, query="汽车").count() == 1
    assert search(user=people["ndrc"], query="汽车").count() == 2
    client.force_login(dalian)
    page = client.get(reverse("search:search"), {"q": "汽车"})
    assert page.status_code == 200 and page.context["paginator"].count == 1
    assert hs.title not in page.content.decode() and hs.get_absolute_url() not in page.content.decode()
    body = client.get("/api/v1/search/", {"q": "汽车"}).json()
    assert body["count"] == 1 and [hit["id"] for hit in body["results"]] == [two_pairings["ds"].pk]
    assert client.get("/api/v1/search/", {"q": "新能源汽车"}).json()["count"] == 0
    # the list filter narrows the scoped list: the other pairing's match stays out
    listed = client.get(reverse("projects:project_list"), {"q": "汽车"})
    assert list(listed.context["object_list"]) == [two_pairings["ds"]]


def test_the_public_and_the_separated_duties_find_nothing(two_pairings, client, personas):
    assert client.get(reverse("search:search"), {"q": "项目"}).status_code == 302
    assert client.get("/api/v1/search/", {"q": "项目"}).status_code in (401, 403)
    for name in ("security", "auditor", "sysadmin"):
        assert titles(personas[name], "项目") == []


def test_the_page_and_the_api_show_ranked_hits(people, two_pairings, client):
    client.force_login(people["ndrc"])
    page = client.get(reverse("search:search"), {"q": "冷链"})
    html = page.content.decode()
    ds = two_pairings["ds"]
    assert f'href="{ds.get_absolute_url()}"' in html and "<mark>冷链</mark>" in html and "大连市–上海市" in html
    hit = client.get("/api/v1/search/", {"q": "冷链", "kind": "project"}).json()["results"][0]
    assert hit["kind"] == "project" and hit["id"] == ds.pk and hit["title"] == ds.title
    assert hit["pairing"] == ds.pairing_id and hit["pairing_name"] == "大连市–上海市"
    assert hit["url"] == ds.get_absolute_url() and hit["rank"] > 0 and "冷链" in hit["snippet"]
    assert client.get("/api/v1/search/", {"q": "冷链", "kind": "plan"}).status_code == 400
    assert client.get("/api/v1/search/").status_code == 400  # q is required


def test_the_page_escapes_what_it_shows(people, client):
    register(people["harbin"], "<script>alert(1)</script>汽车项目", "<b>汽车</b>")
    client.force_login(people["harbin"])
    html = client.get(reverse("search:search"), {"q": "汽车"}, headers={"HX-Request": "true"}).content.decode()
    assert "<mark>汽车</mark>" in html and "<script>alert" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_the_project_list_filter_uses_the_index(people, car_park, client):
    client.force_login(people["harbin"])
    for query, found in (("能源", [car_park]), ("电池汽车", [car_park]), ("上海", []), ("！！", [])):
        response = client.get(reverse("projects:project_list"), {"q": query})
        assert list(response.context["object_list"]) == found, query
    assert client.get("/api/v1/projects/", {"q": "园区"}).json()["count"] == 1


# --- cost ------------------------------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "dalian"])
def test_search_pages_do_not_grow_with_rows(people, client, persona):
    client.force_login(people[persona])
    urls = ["/work/search/?q=项目", "/work/search/?q=汽车+项目&kind=project", "/api/v1/search/?q=项目",
            "/work/projects/?q=项目"]

    def add(n):
        for _ in range(n):
            index = Project.objects.count()
            register(people["harbin"], f"哈尔滨汽车项目{index}")
            register(people["dalian"], f"大连汽车项目{index}", northeast="210200", east="310000")

    add(2)
    for url in urls:
        _count(client, url)  # warm the caches (content types, the user's scope)
    small = {url: _count(client, url) for url in urls}
    add(15)
    assert {url: _count(client, url) for url in urls} == small


@pytest.mark.parametrize("persona", ["ndrc", "dalian"])
def test_the_index_is_used(people, car_park, persona):
    """The match reads the full-text index (the FTS5 table, the GIN index), never every document."""
    content_type = SearchDocument.objects.get().content_type
    SearchDocument.objects.bulk_create(
        SearchDocument(content_type=content_type, object_id=10 ** 6 + n, title=f"其他{n}", title_tokens=f"其他 t{n}",
                       tokens=f"d{n} 园区") for n in range(500))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            found = search(user=people[persona], query="汽车")
            with CaptureQueriesContext(connection) as ctx:
                found.count()
                list(found[:20])
            for query in ctx.captured_queries:  # the count and the page: the match first, then each document
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plan = [row[3] for row in cursor.fetchall()]
                assert plan[0].startswith("SCAN search_document_fts VIRTUAL TABLE INDEX"), plan
                assert "SEARCH search_document USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        else:
            # A few hundred rows: the planner prefers other paths; the point is that the match can use the
            # GIN index at all (the condition is the indexed column).
            cursor.execute("ANALYZE search_document")
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = SearchDocument.objects.matching(query_terms("汽车")).query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan on search_document_vector" in plan, plan
    assert [d.title for d in search(user=people[persona], query="汽车")] == (
        [car_park.title] if persona == "ndrc" else [])
