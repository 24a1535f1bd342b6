"""Writes of the core: accessibility feedback and the town's own data."""

from django.db import transaction

from .models import AccessibilityFeedback, Town


@transaction.atomic
def submit_accessibility_feedback(*, town: Town, data: dict) -> AccessibilityFeedback:
    """Store feedback on a barrier and tell the staff who handle it (BITV 2.0 § 12b)."""
    feedback = AccessibilityFeedback.objects.create(
        town=town,
        message=data["message"],
        page_url=data.get("page_url", ""),
        name=data.get("name", ""),
        email=data.get("email", ""),
    )
    from rathaus.core.notifications.services import notify_staff_with_role

    notify_staff_with_role(
        role="administrator",
        template="core/accessibility_feedback_received",
        context={"feedback": feedback, "town": town},
        link="/staff/barrierefreiheit/",
    )
    return feedback
