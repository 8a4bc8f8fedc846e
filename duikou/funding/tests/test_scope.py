"""The role × action matrix of the funding ledger: an entry is a joint record of its project's or park's
pairing; coordinators of either side write it; a reporter writes only for what its organisation hosts."""

import datetime

import pytest

from duikou.core.testing import ScopeMatrix
from duikou.projects.tests.factories import three_projects

from ..models import FundingEntry

ALL3 = {"lj", "jz", "sb"}
READ = {"liaoning": {"view": {"lj", "sb"}}, "liaoning_reporter": {"view": {"lj", "sb"}}, "jiangsu": {"view": {"lj"}},
        "jilin": {"view": {"jz"}}, "shenyang": {"view": {"sb"}}, "ndrc": {"view": ALL3}, "cod": {"view": ALL3}}
EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


class TestFundingEntryMatrix(ScopeMatrix):
    model = FundingEntry
    api_basename = "fundingentry"
    page_detail = "funding:entry_detail"
    page_update = "funding:entry_update"
    patch = {"note": "edited"}
    expected = {persona: {**rules, **({a: EDIT[persona] for a in ("add", "change", "delete")} if persona in EDIT else {})}
                for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return {key: FundingEntry.objects.create(project=project, pairing=project.pairing, source="bank_loan",
                                                 stage="committed", amount=1000, on=datetime.date(2026, 3, 1))
                for key, project in three_projects().items()}
