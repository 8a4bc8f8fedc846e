"""Urging (催办): by the NDRC office or the pairing's coordinators, to the assignee organisation's users and
the coordinators of its region; open items only, once a day; automatic for red items every seven days."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from duikou.accounts.models import RoleGrant
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.notifications.models import Notification

from .. import services
from ..models import SupervisionItem, UrgingNotice
from .factories import item


@pytest.fixture
def setup(personas):
    office = OrganisationFactory(name="辽宁省测试对口合作办公室", region_id="210000")
    staff = UserFactory(username="office_staff", organisation=office)
    red = item(pairing("210000", "320000"), nodes=(-3, 20), assignee=office)
    return {
        "office": office,
        "staff": staff,
        "red": red,
        "ndrc": personas["ndrc"],
        "liaoning": personas["liaoning"],
        "jiangsu": personas["jiangsu"],
        "reporter": personas["liaoning_reporter"],
        "jilin": personas["jilin"],
    }


def test_an_urging_notifies_the_assignee_users_and_the_regions_coordinators(setup):
    notice = services.item_urge(user=setup["ndrc"], item=setup["red"], message="请于本周内完成")
    received = set(
        Notification.objects.filter(kind=Notification.Kind.URGED).values_list(
            "recipient__username", flat=True
        )
    )
    assert received == {"office_staff", "liaoning"}
    assert notice.recipients == 2 and notice.sent_by == setup["ndrc"]
    assert Notification.objects.get(recipient=setup["staff"]).url == setup["red"].get_absolute_url()
    entry = AuditEntry.objects.get(action=AuditAction.WORKFLOW, object_type="supervision.urgingnotice")
    assert entry.actor_username == "ndrc"


def test_the_pairings_coordinators_may_urge_others_may_not(setup):
    services.item_urge(user=setup["jiangsu"], item=setup["red"], message="请加快")
    for name in ("reporter", "jilin", "staff"):
        with pytest.raises(PermissionDenied):
            services.item_urge(
                user=setup[name], item=setup["red"], message="请加快", today=datetime.date(2030, 1, 1)
            )


def test_once_a_day(setup):
    services.item_urge(user=setup["ndrc"], item=setup["red"], message="第一次")
    with pytest.raises(ValidationError, match="already urged today"):
        services.item_urge(user=setup["liaoning"], item=setup["red"], message="第二次")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.item_urge(user=setup["ndrc"], item=setup["red"], message="第二天", today=tomorrow)
    assert UrgingNotice.objects.count() == 2


def test_a_done_or_cancelled_item_is_not_urged(setup):
    services.item_close(user=setup["ndrc"], item=setup["red"], status=SupervisionItem.Status.DONE)
    with pytest.raises(ValidationError, match="only open items are urged"):
        services.item_urge(user=setup["ndrc"], item=setup["red"], message="请加快")
    assert not UrgingNotice.objects.exists()


def test_an_empty_message_is_refused(setup):
    with pytest.raises(ValidationError) as exc:
        services.item_urge(user=setup["ndrc"], item=setup["red"], message="  ")
    assert "message" in exc.value.message_dict


def test_the_daily_command_urges_red_items_every_seven_days(setup):
    green = item(pairing("220000", "330000"), nodes=(40,))
    yellow = item(pairing("220000", "330000"), nodes=(10,))
    out = io.StringIO()
    call_command("supervision_urge_overdue", stdout=out)
    assert "1 overdue" in out.getvalue()
    notice = UrgingNotice.objects.get()
    assert notice.item == setup["red"] and notice.sent_by is None and "3 day" in notice.message
    assert not UrgingNotice.objects.filter(item__in=[green, yellow]).exists()
    assert Notification.objects.filter(recipient=setup["staff"], kind="urged").count() == 1
    assert AuditEntry.objects.filter(actor_username="supervision_urge_overdue").count() == 1
    call_command("supervision_urge_overdue", stdout=io.StringIO())  # the same day: nothing new
    assert UrgingNotice.objects.count() == 1
    today = timezone.localdate()
    assert services.urge_overdue(today=today + datetime.timedelta(days=6)) == 0
    assert services.urge_overdue(today=today + datetime.timedelta(days=7)) == 1
    assert UrgingNotice.objects.count() == 2


def test_a_manual_urging_today_counts_for_the_automatic_run(setup):
    services.item_urge(user=setup["ndrc"], item=setup["red"], message="已催办")
    assert services.urge_overdue() == 0


def test_node_completion_by_the_assignees_users(setup, personas):
    node = setup["red"].nodes.order_by("due_date").first()
    with pytest.raises(PermissionDenied):
        services.node_complete(user=setup["reporter"], node=node, note="完成")
    with pytest.raises(ValidationError):
        services.node_complete(user=setup["staff"], node=node, note="")
    done = services.node_complete(user=setup["staff"], node=node, note="已完成招标")
    assert done.done_on == timezone.localdate() and done.done_by == setup["staff"]
    with pytest.raises(ValidationError, match="already marked done"):
        services.node_complete(user=setup["liaoning"], node=node, note="again")
    assert SupervisionItem.objects.with_light().get(pk=setup["red"].pk).light == "green"


def test_a_city_users_organisation_as_assignee_reads_its_item(db, personas):
    harbin_office = OrganisationFactory(name="哈尔滨测试局", region_id="230100")
    clerk = UserFactory(username="clerk", organisation=harbin_office)
    RoleGrant.objects.create(user=clerk, role="reporter", region_id="230100")
    record = item(pairing("230000", "440000"), assignee=harbin_office)
    other = item(pairing("230000", "440000"))
    visible = set(SupervisionItem.objects.for_user(clerk).values_list("pk", flat=True))
    assert record.pk in visible and other.pk not in visible
    assert SupervisionItem.objects.allows(clerk, "view", record)
    assert not SupervisionItem.objects.allows(clerk, "change", record)
    services.node_complete(user=clerk, node=record.nodes.get(), note="已办结")
