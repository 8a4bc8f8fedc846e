"""Monthly light snapshots: one per month and pairing, replaced by a second run (idempotent), past months
reconstructed from the node dates; the trend page shows a pairing's last twelve months, scoped."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from duikou.core.testing import make_persona, pairing
from duikou.regions.models import Pairing

from .. import services
from ..models import LightSnapshot
from .factories import item, snapshot


@pytest.mark.django_db
def test_snapshot_counts_by_light_and_is_idempotent():
    lj = pairing("210000", "320000")
    item(lj, nodes=(-2,))
    item(lj, nodes=(5,))
    item(lj, nodes=(50,))
    item(lj, nodes=(50,), status="cancelled", closed_on=timezone.localdate())
    item(lj, nodes=(-50,), status="done", closed_on=timezone.localdate())
    month = services.current_month()
    assert services.snapshot_take() == Pairing.objects.count()
    snap = LightSnapshot.objects.get(month=month, pairing=lj)
    assert (snap.red, snap.yellow, snap.green, snap.done) == (1, 1, 1, 1)
    services.snapshot_take(month=month)
    assert LightSnapshot.objects.filter(month=month).count() == Pairing.objects.count()
    assert LightSnapshot.objects.get(month=month, pairing=lj).red == 1


@pytest.mark.django_db
def test_a_past_month_is_reconstructed_as_of_its_last_day():
    today = datetime.date(2026, 6, 15)
    lj = pairing("210000", "320000")
    record = item(lj, nodes=(0,))
    record.nodes.update(due_date=datetime.date(2026, 4, 20), done_on=datetime.date(2026, 5, 10))
    services.snapshot_take(month="2026-04", today=today)
    services.snapshot_take(month="2026-05", today=today)
    assert LightSnapshot.objects.get(month="2026-04", pairing=lj).red == 1  # overdue at the end of April
    assert LightSnapshot.objects.get(month="2026-05", pairing=lj).green == 1  # done by the end of May


@pytest.mark.django_db
def test_the_command_and_its_refusals():
    out = io.StringIO()
    call_command("supervision_snapshot", "--month", "2026-01", stdout=out)
    assert "2026-01" in out.getvalue()
    call_command("supervision_snapshot", "--month", "2026-01", stdout=out)
    assert LightSnapshot.objects.filter(month="2026-01").count() == Pairing.objects.count()
    with pytest.raises(ValidationError):
        services.snapshot_take(month="2026-13")
    future = (timezone.localdate() + datetime.timedelta(days=62)).strftime("%Y-%m")
    with pytest.raises(ValidationError, match="has not begun"):
        services.snapshot_take(month=future)


@pytest.mark.django_db
def test_trend_page_is_scoped(client):
    month = services.current_month()
    snapshot(pairing("210000", "320000"), month=month, red=3, yellow=1, green=7)
    snapshot(pairing("220000", "330000"), month=month, red=9)
    client.force_login(make_persona("liaoning"))
    page = client.get("/work/supervision/trend/").content.decode()
    assert "Liaoning" in page and "Jilin" not in page and "<svg" in page
    client.force_login(make_persona("ndrc"))
    page = client.get("/work/supervision/trend/").content.decode()
    assert "Liaoning" in page and "Jilin" in page
