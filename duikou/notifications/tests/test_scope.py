"""A notification is its recipient's alone: every persona, national ones included, gets 404 on another
person's notification, and sees, opens and marks read its own."""

import pytest

from duikou.core.testing import ScopeMatrix, UserFactory

from ..models import Notification
from ..services import notify


class TestNotificationScope(ScopeMatrix):
    model = Notification
    api_basename = "notification"
    expected = {}  # nobody sees notifications addressed to someone else

    @pytest.fixture
    def objects(self, db):
        other = UserFactory(username="someone-else")
        third = UserFactory(username="another-one")
        return {"other": Notification.objects.create(recipient=other, kind="submitted", title="x"),
                "third": Notification.objects.create(recipient=third, kind="returned", title="y")}


def test_own_notifications_are_listed_opened_and_marked_read(personas, client):
    liaoning = personas["liaoning"]
    [mine] = notify(recipients=[liaoning], kind=Notification.Kind.RETURNED, title="退回", url="/work/plans/")
    notify(recipients=[personas["jiangsu"]], kind=Notification.Kind.RETURNED, title="退回")
    client.force_login(liaoning)
    listed = client.get("/api/v1/notifications/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    page = client.get("/work/notifications/")
    assert "退回" in page.content.decode() and page.context["unread_notifications"] == 1
    response = client.post(f"/work/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/work/plans/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get("/work/").context["unread_notifications"] == 0


def test_a_reminder_with_a_key_is_sent_once(personas, mailoutbox, django_capture_on_commit_callbacks):
    liaoning = personas["liaoning"]
    liaoning.email = "liaoning@example.gov.cn"
    liaoning.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=[liaoning], kind=Notification.Kind.OVERDUE, title="逾期", key="k1")
        second = notify(recipients=[liaoning], kind=Notification.Kind.OVERDUE, title="逾期", key="k1")
    assert len(first) == 1 and second == []
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["liaoning@example.gov.cn"]
    first[0].refresh_from_db()
    assert first[0].emailed_at is not None
