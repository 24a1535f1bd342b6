"""Reads of the online services: who sees which service and application."""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from rathaus.core.accounts.permissions import unit_ids_of

DUE_SOON_DAYS = 3


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_town_staff)


def _open(**_ignored) -> Q:
    return Q(state__in=["submitted", "in_progress", "query"])


def _due_soon(today: datetime.date | None = None, **_ignored) -> Q:
    today = today or timezone.localdate()
    return _open() & Q(
        due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    )


def _overdue(today: datetime.date | None = None, **_ignored) -> Q:
    return _open() & Q(due_on__lt=today or timezone.localdate())


# The clerk's queues as conditions, so that lists and their counts cannot disagree.
QUEUE_FILTERS = {
    "new": lambda **_ignored: Q(state="submitted", assigned_to__isnull=True),
    "mine": lambda user=None, **_ignored: _open() & Q(assigned_to=user),
    "waiting": lambda **_ignored: Q(state="query"),
    "due_soon": _due_soon,
    "overdue": _overdue,
    "open": _open,
    "decided": lambda **_ignored: Q(state__in=["decided", "closed"]),
}


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_audience(self, audience: str):
        return self.filter(audience__in=[audience, "both"])

    def handled_by(self, user):
        """Services of the units where the person is a clerk or lead (and those below)."""
        if not _is_staff(user):
            return self.none()
        return self.filter(unit_id__in=unit_ids_of(user))


class ApplicationQuerySet(models.QuerySet):
    def of_applicant(self, user):
        """What a person applied for: their own and their businesses' applications."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organisation_ids = user.memberships.values("organisation_id")
        return self.filter(Q(applicant=user) | Q(organisation_id__in=organisation_ids))

    def submitted(self):
        return self.exclude(state="draft")

    def received(self):
        """Applications that reached the clerks (submitted and, where required, paid)."""
        return self.filter(received_at__isnull=False)

    def visible_to_staff(self, user):
        if not _is_staff(user):
            return self.none()
        return self.received().filter(service__unit_id__in=unit_ids_of(user))

    def open(self):
        return self.filter(_open())

    def new(self):
        return self.filter(QUEUE_FILTERS["new"]())

    def assigned_to_user(self, user):
        return self.filter(QUEUE_FILTERS["mine"](user=user))

    def waiting_for_reply(self):
        return self.filter(QUEUE_FILTERS["waiting"]())

    def due_soon(self, today: datetime.date | None = None):
        return self.filter(QUEUE_FILTERS["due_soon"](today=today))

    def overdue(self, today: datetime.date | None = None):
        return self.filter(QUEUE_FILTERS["overdue"](today=today))

    def decided(self):
        return self.filter(QUEUE_FILTERS["decided"]())

    def queue_counts(self, user) -> dict[str, int]:
        """How many applications each open queue holds, in one query over the open ones
        (the decided pile only grows and is not counted)."""
        return self.filter(_open()).aggregate(
            **{
                name: Count("pk", filter=condition(user=user))
                for name, condition in QUEUE_FILTERS.items()
                if name != "decided"
            }
        )

    def for_queue(self):
        return self.select_related("service", "assigned_to", "organisation").order_by(
            "due_on", "received_at"
        )
