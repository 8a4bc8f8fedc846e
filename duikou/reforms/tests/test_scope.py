"""The role × action matrices of reform practices (a shared catalogue: every regional and national role
reads all; the origin's coordinators and the NDRC office keep them) and of replications (the replicating
region's coordinators keep them, with the eastern side of their pairing; partners read them; the wrong region
gets 404)."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import ReformPractice, Replication, ReplicationStatusChange
from .factories import four_replications, practice

PRACTICES = {"js", "zj", "bj"}
EVERY_READER = ("liaoning", "liaoning_reporter", "jiangsu", "jilin", "shenyang", "ndrc", "cod")


class TestReformPracticeScope(ScopeMatrix):
    model = ReformPractice
    api_basename = "reformpractice"
    page_detail = "reforms:practice_detail"
    page_update = "reforms:practice_update"
    patch = {"description": "改写的说明"}
    expected = {
        **{persona: {"view": PRACTICES} for persona in EVERY_READER},
        "jiangsu": {"view": PRACTICES, "add": {"js"}, "change": {"js"}, "delete": {"js"}},
        "ndrc": {action: PRACTICES for action in ("view", "add", "change", "delete")},
    }

    @pytest.fixture
    def objects(self, db):
        return {"js": practice("320000"), "zj": practice("330000"), "bj": practice("110000")}


ALL4 = {"lj", "sb", "jz", "ls"}
READ = {
    # 辽宁 sees its own and its cities' replications
    "liaoning": {"view": {"lj", "sb", "ls"}},
    "liaoning_reporter": {"view": {"lj", "sb", "ls"}},
    # 江苏, 辽宁's partner, sees all of 辽宁's replications (PAIRED), paired with it or not
    "jiangsu": {"view": {"lj", "sb", "ls"}},
    "jilin": {"view": {"jz"}},
    "shenyang": {"view": {"sb"}},
    "ndrc": {"view": ALL4},
    "cod": {"view": ALL4},
}
# Keepers: the region's coordinators (a province covers its cities), the eastern side of the replication's
# pairing (joint record: 江苏 keeps 辽宁's copy of its practice, not the others), the NDRC office.
EDIT = {"liaoning": {"lj", "sb", "ls"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}, "ndrc": ALL4}


class TestReplicationScope(ScopeMatrix):
    model = Replication
    api_basename = "replication"
    page_detail = "reforms:replication_detail"
    page_update = "reforms:replication_update"
    patch = {"notes": "进展说明"}
    expected = {
        persona: {
            **rules,
            **({a: EDIT[persona] for a in ("add", "change", "delete")} if persona in EDIT else {}),
        }
        for persona, rules in READ.items()
    }

    @pytest.fixture
    def objects(self, db):
        return four_replications()


class TestReplicationStatusChangeScope(ScopeMatrix):
    """The status history has no pages or endpoints of its own: it is read with its replication, in the same
    scope, and written only by ``replication_set_status``."""

    model = ReplicationStatusChange
    expected = READ

    @pytest.fixture
    def objects(self, db):
        return {key: record.status_changes.get() for key, record in four_replications().items()}
