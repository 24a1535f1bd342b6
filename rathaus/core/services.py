"""Writes of the core: accessibility feedback and the town's own data."""

from django.db import transaction
from django.urls import reverse

from .models import AccessibilityFeedback, Town


@transaction.atomic
def submit_accessibility_feedback(*, town: Town, data: dict) -> AccessibilityFeedback:
    """Store feedback on a barrier and tell the administrators, who answer it (BITV 2.0 § 12b).

    Anyone may send it, signed in or not; name and e-mail address are optional and stored
    encrypted. Each active administrator gets a postbox message and an e-mail.
    """
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
        link=reverse("staff:feedback", kwargs={"pk": feedback.pk}),
    )
    return feedback
