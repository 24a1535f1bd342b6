"""The number of unread postbox messages, for the navigation (``postbox_unread_count``)."""

from django.utils.functional import SimpleLazyObject

from .models import Message


def postbox(request) -> dict:
    """``{{ postbox_unread_count }}``: counted once per page, and only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"postbox_unread_count": 0}
    return {
        "postbox_unread_count": SimpleLazyObject(
            lambda: Message.objects.for_user(user).unread().count()
        )
    }
