def unread_notifications(request):
    """The unread count for the header's notification link (one query per back-office page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {"unread_notifications": Notification.objects.for_user(user, "view").unread().count()}
