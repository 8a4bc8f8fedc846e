"""A rectification requirement issued by an evaluation round's outcome links back to the round and to the
pairing's breakdown in it (the breakdown only for those who may see the pairing's scores there), and the
round's page and the pairing's breakdown link to the requirement; a requirement issued by hand shows its round as text."""

import pytest

from duikou.core.testing import make_persona, pairing
from duikou.evaluation import rounds
from duikou.evaluation.tests.rounds_setup import END, scored_world

from .factories import requirement


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_the_requirement_and_its_round_link_to_each_other(client):
    world = scored_world()
    ndrc, round_, jz = world["ndrc"], world["round"], world["jz"]
    items = [{"title": "招商引资", "requirement_text": "加快项目", "responsible_region": jz.northeast, "deadline": END}]
    outcome = rounds.outcome_decide(
        user=ndrc, round_=round_, pairing=jz, kind="rectification", assessment="进展缓慢", items=items
    )
    requirement_url = outcome.rectification.get_absolute_url()
    breakdown_url = f"/work/evaluation-rounds/{round_.pk}/pairings/{jz.pk}/"

    client.force_login(ndrc)
    page = html(client, requirement_url)
    assert 'id="round-link"' in page and round_.get_absolute_url() in page
    assert breakdown_url in page and round_.name in page
    assert requirement_url in html(client, round_.get_absolute_url())

    # 吉林, before the office publishes: the round, not its scores (the breakdown is a 404 for it)
    client.force_login(world["jilin"])
    page = html(client, requirement_url)
    assert round_.get_absolute_url() in page and 'id="breakdown-link"' not in page
    assert client.get(breakdown_url).status_code == 404

    round_ = rounds.round_publish(user=ndrc, round_=round_, publish_scores=True)
    page = html(client, requirement_url)
    assert breakdown_url in page
    assert client.get(breakdown_url).status_code == 200
    assert requirement_url in html(client, round_.get_absolute_url())
    assert requirement_url in html(client, breakdown_url)  # the breakdown names its outcome and requirement

    # another region sees neither the requirement nor the breakdown
    client.force_login(world["liaoning"])
    assert client.get(requirement_url).status_code == 404
    assert client.get(breakdown_url).status_code == 404


def test_a_requirement_issued_by_hand_shows_its_round_as_text(client, db):
    record = requirement(pairing("210000", "320000"), round_ref="2026年度对口合作成效评估（书面）")
    client.force_login(make_persona("liaoning"))
    page = html(client, record.get_absolute_url())
    assert "2026年度对口合作成效评估（书面）" in page and 'id="round-link"' not in page
