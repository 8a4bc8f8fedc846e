"""The role × action matrices of the dashboards' models: the facts are read like the records they count; the
refreshes (bookkeeping of each rebuild) by the national roles only. Nobody writes either by hand."""

import datetime

import pytest
from django.utils import timezone

from duikou.core.testing import ScopeMatrix, pairing

from ..models import Figure, Refresh

ALL3 = {"lj", "jz", "sb"}
READ = {
    "liaoning": {"view": {"lj", "sb"}},
    "liaoning_reporter": {"view": {"lj", "sb"}},
    "jiangsu": {"view": {"lj"}},
    "jilin": {"view": {"jz"}},
    "shenyang": {"view": {"sb"}},
    "ndrc": {"view": ALL3},
    "cod": {"view": ALL3},
}


class TestFigureMatrix(ScopeMatrix):
    """A fact is read like the records it counts (national roles; the coordinators and reporters of its pairing's
    sides) and written by nobody but the refresh. It has no page or API of its own: the dashboard and its API read
    it through the visible pairings (the tests above)."""

    model = Figure
    expected = READ

    @pytest.fixture
    def objects(self, db):
        pairs = {"lj": ("210000", "320000"), "jz": ("220000", "330000"), "sb": ("210100", "110000")}
        return {
            key: Figure.objects.create(pairing=pairing(*pair), month="2026-03", measure="projects", value=1)
            for key, pair in pairs.items()
        }



class TestRefreshMatrix(ScopeMatrix):
    """The refreshes are the office's bookkeeping (when, how long, by whom): the national roles read them; the
    dashboard shows everyone else only the time of the last one (``selectors.last_refresh``)."""

    model = Refresh
    expected = {"ndrc": {"view": {"job"}}, "cod": {"view": {"job"}}}

    @pytest.fixture
    def objects(self, db):
        now = timezone.now()
        return {
            "job": Refresh.objects.create(
                started_at=now, finished_at=now + datetime.timedelta(seconds=1), duration_ms=1000, rows=10,
                trigger=Refresh.Trigger.JOB,
            )
        }
