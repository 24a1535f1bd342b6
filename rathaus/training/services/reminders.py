"""Reminders of the daily run: a course due soon, a course overdue (the person's unit lead is
told too), a certificate about to run out. Each goes out once, however often the run is
repeated, and only to active members of staff.

The nearest unit lead of a person is found unit by unit upwards from every unit where the
person holds a role: the leads of the unit itself, or, where it has none, those of the unit
above it. A lead is never told about themselves.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.models import RoleAssignment, Unit, User
from rathaus.core.accounts.roles import Role
from rathaus.core.notifications.services import notify

from ..models import Assignment, Certificate, Course

DUE_SOON_DAYS = 7
EXPIRY_DAYS = 30

DUE_SOON = "due_soon"
OVERDUE = "overdue"


@dataclass
class ReminderCounts:
    due_soon: int = 0
    overdue: int = 0
    overdue_leads: int = 0
    expiring: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _training_page() -> str:
    return reverse("training:mine")


def nearest_unit_leads(person: User) -> list[User]:
    """Active staff leading the units of ``person`` (or, where a unit has no lead, the
    unit above it), without ``person``."""
    unit_ids = set(
        RoleAssignment.objects.filter(user=person, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    if not unit_ids:
        return []
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    leads_by_unit: dict = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
        role=Role.UNIT_LEAD,
        user__is_active=True,
        user__kind=User.Kind.STAFF,
    ).values_list("unit_id", "user_id"):
        if user_id != person.pk:
            leads_by_unit.setdefault(unit_id, set()).add(user_id)
    lead_ids: set = set()
    for unit_id in unit_ids:
        current, seen = unit_id, set()
        while current is not None and current not in seen:
            seen.add(current)
            if leads_by_unit.get(current):
                lead_ids |= leads_by_unit[current]
                break
            current = parents.get(current)
    leads = User.objects.filter(pk__in=lead_ids)
    return sorted(leads, key=lambda lead: (lead.family_name, lead.given_name))


def _open_assignments(today: datetime.date):
    """Open assignments of published courses, of active staff, due in the next days or
    already overdue."""
    return (
        Assignment.objects.open()
        .of_active_staff()
        .filter(
            course__state=Course.State.PUBLISHED,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("person", "course")
        .order_by("due_on", "pk")
    )


def _claim(assignment: Assignment, kind: str) -> Assignment | None:
    """Lock the assignment and mark the reminder sent; None when it was sent before (by an
    earlier or a concurrent run) or the assignment was completed meanwhile."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("person", "course")
        .filter(pk=assignment.pk, completed_at__isnull=True)
        .first()
    )
    if locked is None or kind in (locked.reminders_sent or []):
        return None
    locked.reminders_sent = [*(locked.reminders_sent or []), kind]
    locked.save(update_fields=["reminders_sent"])
    return locked


def _remind_due_soon(assignment: Assignment) -> bool:
    with transaction.atomic():
        locked = _claim(assignment, DUE_SOON)
        if locked is None:
            return False
        notify(
            recipient=locked.person,
            template="training_due_soon",
            context={"assignment": locked, "course": locked.course},
            link=_training_page(),
        )
    return True


def _remind_overdue(assignment: Assignment, today: datetime.date) -> tuple[bool, int]:
    """Tell the person, then each of their nearest unit leads; returns (sent, leads told)."""
    with transaction.atomic():
        locked = _claim(assignment, OVERDUE)
        if locked is None:
            return False, 0
        leads = nearest_unit_leads(locked.person)
        context = {
            "assignment": locked,
            "course": locked.course,
            "days_overdue": (today - locked.due_on).days,
        }
        notify(
            recipient=locked.person,
            template="training_overdue",
            context={**context, "leads_told": bool(leads)},
            link=_training_page(),
        )
        for lead in leads:
            notify(
                recipient=lead,
                template="training_overdue_lead",
                context={**context, "person": locked.person},
                link=_training_page(),
            )
    return True, len(leads)


def _expiring_certificates(today: datetime.date):
    return (
        Certificate.objects.filter(
            expiry_reminded_at__isnull=True,
            valid_until__isnull=False,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRY_DAYS),
            person__is_active=True,
            person__kind=User.Kind.STAFF,
            course__state=Course.State.PUBLISHED,
        )
        .select_related("person", "course")
        .order_by("valid_until", "pk")
    )


def _superseded(certificate: Certificate) -> bool:
    """The person already has the course to do again, or holds a certificate of it that
    lasts longer."""
    person, course = certificate.person, certificate.course
    if Assignment.objects.open().filter(person=person, course=course).exists():
        return True
    later = Certificate.objects.filter(person=person, course=course).exclude(pk=certificate.pk)
    return (
        later.filter(valid_until__isnull=True).exists()
        or later.filter(valid_until__gt=certificate.valid_until).exists()
    )


def _remind_expiring(certificate: Certificate, now: datetime.datetime) -> bool:
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("person", "course")
            .filter(pk=certificate.pk, expiry_reminded_at__isnull=True)
            .first()
        )
        if locked is None or _superseded(locked):
            return False
        locked.expiry_reminded_at = now
        locked.save(update_fields=["expiry_reminded_at"])
        notify(
            recipient=locked.person,
            template="training_certificate_expiring",
            context={"certificate": locked, "course": locked.course},
            link=_training_page(),
        )
    return True


def send_reminders(today: datetime.date | None = None) -> ReminderCounts:
    """Send the reminders due in the current town; returns how many of each went out."""
    today = today or timezone.localdate()
    counts = ReminderCounts()
    for assignment in _open_assignments(today):
        sent = assignment.reminders_sent or []
        if assignment.due_on < today:
            if OVERDUE not in sent:
                reminded, leads = _remind_overdue(assignment, today)
                counts.overdue += reminded
                counts.overdue_leads += leads
        elif DUE_SOON not in sent:
            counts.due_soon += _remind_due_soon(assignment)
    now = timezone.now()
    for certificate in _expiring_certificates(today):
        counts.expiring += _remind_expiring(certificate, now)
    return counts
