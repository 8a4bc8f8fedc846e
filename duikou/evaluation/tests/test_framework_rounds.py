"""A framework version's page lists the evaluation rounds that use it (scoped as the round list, linking to
each, in a number of queries that does not grow with the rounds) and says that such a version is frozen for
good; a version no round uses says so."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import make_persona, pairing

from ..models import EvaluationRound, Framework
from .factories import complete_framework


def make_round(framework, n, **values):
    """A round saved directly (no service, no audit)."""
    round_ = EvaluationRound.objects.create(
        name=f"{2020 + n}年度对口合作成效评估",
        period_start=datetime.date(2020 + n, 1, 1),
        period_end=datetime.date(2020 + n, 12, 31),
        framework=framework,
        **values,
    )
    round_.pairings.set([pairing("210000", "320000"), pairing("220000", "330000")])
    return round_


@pytest.fixture
def published(db):
    return complete_framework(code="PUB", status=Framework.Status.PUBLISHED)


def page(client, framework):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(framework.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "cod", "liaoning"])
def test_the_rounds_using_a_version_are_listed_with_their_links(client, published, persona):
    user = make_persona(persona)
    first = make_round(published, 5)
    second = make_round(published, 6, status=EvaluationRound.Status.CLOSED)
    other = make_round(complete_framework(code="OTHER", status=Framework.Status.PUBLISHED), 7)
    client.force_login(user)
    html, _ = page(client, published)
    assert 'id="framework-rounds"' in html and 'id="framework-rounds-none"' not in html
    table = html.split('id="framework-rounds"')[1].split("</table>")[0]
    visible = set(EvaluationRound.objects.for_user(user, "view").filter(framework=published))
    assert visible == {first, second}  # every business role reads every round
    for round_ in visible:
        assert f'data-round="{round_.pk}"' in table and round_.get_absolute_url() in table
    assert f'data-round="{other.pk}"' not in table
    # newest period first, with the number of pairings and the status
    assert table.index(second.name) < table.index(first.name)
    assert ">2<" in table and "Closed" in table
    assert 'data-frozen="rounds"' in html
    assert "used by 2 evaluation rounds" in html and "frozen for good" in html


def test_a_version_no_round_uses_says_so(client, db):
    draft = complete_framework(code="DRAFT")
    published = complete_framework(code="ALONE", status=Framework.Status.PUBLISHED)
    client.force_login(make_persona("ndrc"))
    html, _ = page(client, draft)
    assert 'id="framework-rounds-none"' in html and "A round can use it once it is published" in html
    assert 'id="frozen-note"' not in html
    html, _ = page(client, published)
    assert "No evaluation round uses this version yet." in html
    assert 'data-frozen="status"' in html and 'data-frozen="rounds"' not in html


def test_one_round_reads_in_the_singular(client, published):
    make_round(published, 5)
    client.force_login(make_persona("ndrc"))
    html, _ = page(client, published)
    assert "This version is used by an evaluation round (below)" in html


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
def test_the_page_does_not_grow_with_the_rounds(client, published, persona):
    client.force_login(make_persona(persona))
    make_round(published, 1)
    page(client, published)  # warm-up (session, roles)
    _, few = page(client, published)
    for n in range(2, 7):
        make_round(published, n)
    html, many = page(client, published)
    assert html.count("data-round=") == 6
    assert few == many


def test_a_version_used_by_a_round_offers_no_edit(client, published):
    """The freeze itself is tested with the services (test_frameworks); the page offers nothing to change."""
    make_round(published, 5)
    client.force_login(make_persona("ndrc"))
    html, _ = page(client, published)
    assert f"/work/frameworks/{published.pk}/edit/" not in html
    assert f"/work/frameworks/{published.pk}/delete/" not in html
    assert "Add a dimension" not in html
