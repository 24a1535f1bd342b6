"""Who has to take which course by when.

Automatic assignments follow a course's target group: everyone active on the staff who holds
one of its roles (in one of its units, or their sub-units, where the course names units).
They are made when a course is published, when a person receives a role, and by the daily
run, which also assigns a course again when a certificate runs out. Nothing automatic is
ever taken away: an assignment stays until it is completed.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.core.accounts.models import RoleAssignment, Unit, User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from ..exceptions import CannotAssign, NotAllowed
from ..models import Assignment, Certificate, Course
from ..permissions import can_see_results_of, is_training_admin


def target_group(course: Course):
    """Active staff in the course's target group."""
    if not course.target_roles:
        return User.objects.none()
    holdings = RoleAssignment.objects.filter(role__in=course.target_roles)
    unit_ids = list(course.target_units.values_list("pk", flat=True))
    if unit_ids:
        holdings = holdings.filter(unit_id__in=Unit.objects.subtree_ids(unit_ids))
    return User.objects.staff().active().filter(pk__in=holdings.values("user_id"))


def _covered(person: User, course: Course, today: datetime.date) -> bool:
    """Open assignment, or a certificate that is still valid."""
    if Assignment.objects.open().filter(person=person, course=course).exists():
        return True
    certificates = Certificate.objects.filter(person=person, course=course)
    return (
        certificates.filter(valid_until__isnull=True).exists()
        or certificates.filter(valid_until__gte=today).exists()
    )


def _create(*, person, course, source, due_on, assigned_by=None) -> Assignment | None:
    try:
        with transaction.atomic():
            return Assignment.objects.create(
                person=person,
                course=course,
                source=source,
                due_on=due_on,
                assigned_by=assigned_by,
            )
    except IntegrityError:  # an open assignment came first (concurrent run)
        return None


def _renewal_due(person: User, course: Course) -> datetime.date | None:
    latest = (
        Certificate.objects.filter(person=person, course=course, valid_until__isnull=False)
        .order_by("-valid_until")
        .first()
    )
    return latest.valid_until if latest else None


@transaction.atomic
def assign_target_group(course: Course, *, today: datetime.date | None = None) -> list[Assignment]:
    """Assign a published course to everyone in its target group who is not covered."""
    if not course.is_published:
        return []
    today = today or timezone.localdate()
    created = []
    for person in target_group(course):
        assignment = _assign_automatically(person, course, today)
        if assignment is not None:
            created.append(assignment)
    return created


def _assign_automatically(person: User, course: Course, today) -> Assignment | None:
    if _covered(person, course, today):
        return None
    renewal = _renewal_due(person, course)
    if renewal is not None:
        # The old certificate ran out: due the day it did, so the gap shows as overdue.
        return _create(
            person=person, course=course, source=Assignment.Source.RENEWAL, due_on=renewal
        )
    due_on = today + datetime.timedelta(days=course.due_days)
    return _create(person=person, course=course, source=Assignment.Source.ROLE, due_on=due_on)


@transaction.atomic
def assign_courses_of_person(person: User, *, today=None) -> list[Assignment]:
    """Every published course whose target group ``person`` is in (after a role change)."""
    if not (person.is_active and person.is_town_staff):
        return []
    today = today or timezone.localdate()
    created = []
    for course in Course.objects.published().exclude(target_roles=[]):
        if target_group(course).filter(pk=person.pk).exists():
            assignment = _assign_automatically(person, course, today)
            if assignment is not None:
                created.append(assignment)
    return created


def assign_everyone(*, today=None) -> int:
    """The daily run: new members of target groups, renewals of certificates run out."""
    return sum(
        len(assign_target_group(course, today=today)) for course in Course.objects.published()
    )


@transaction.atomic
def assign_by_hand(*, actor: User, person: User, course: Course, due_on: datetime.date):
    """A training admin, or the unit lead of ``person``, assigns a course with a due date."""
    leads_person = actor.pk != person.pk and can_see_results_of(actor, person)
    if not (is_training_admin(actor) or leads_person):
        raise NotAllowed
    if not course.is_published:
        raise CannotAssign(CannotAssign.NOT_PUBLISHED)
    if not (person.is_active and person.is_town_staff):
        raise CannotAssign(CannotAssign.NOT_STAFF)
    if due_on < timezone.localdate():
        raise CannotAssign(CannotAssign.DUE_IN_PAST)
    assignment = _create(
        person=person,
        course=course,
        source=Assignment.Source.MANUAL,
        due_on=due_on,
        assigned_by=actor,
    )
    if assignment is None:
        raise CannotAssign(CannotAssign.ALREADY_OPEN)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=assignment,
        summary=f"course assigned: {course.slug}",
        changes={"person": [None, str(person.pk)], "due_on": [None, due_on.isoformat()]},
    )
    return assignment
