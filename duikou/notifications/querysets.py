from duikou.core.scoping import ScopedQuerySet


class NotificationQuerySet(ScopedQuerySet):
    """A notification is its recipient's alone: no role, national ones included, reads another's."""

    def reach(self, user, action):
        return "own" if getattr(user, "is_authenticated", False) and user.is_active and action in ("view", "change") else None

    def for_user(self, user, action="view"):
        if self.reach(user, action) is None:
            return self.none()
        return self.filter(recipient=user)

    def allows(self, user, action, instance):
        return self.reach(user, action) is not None and instance.recipient_id == user.pk

    def unread(self):
        return self.filter(read_at__isnull=True)
