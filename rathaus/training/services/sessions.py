"""Classroom sessions: training admins schedule, change and cancel them; members of staff
register and unregister; the trainer records who attended, which completes the course for
every attendee (one certificate per person and session, however often attendance is
recorded)."""

import datetime

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.notifications.services import notify

from ..exceptions import (
    AlreadyRegistered,
    AttendanceTooEarly,
    CannotChangeSession,
    NotAllowed,
    NotRegistered,
    SessionCancelled,
    SessionFull,
    SessionNotOpen,
)
from ..models import Certificate, ClassroomSession, Course, SessionRegistration
from ..permissions import can_record_attendance, can_take_courses, is_training_admin
from .completion import complete_course

# What a change of these tells the participants.
NOTIFIED_CHANGES = ("starts_at", "ends_at", "place")


def _require_admin(actor) -> None:
    if not is_training_admin(actor):
        raise NotAllowed


def _lock(session: ClassroomSession) -> ClassroomSession:
    """The session row, locked until the transaction ends: registrations, changes and
    attendance of one session happen one after the other."""
    return ClassroomSession.objects.select_for_update().get(pk=session.pk)


def _check_times(starts_at, ends_at, now) -> None:
    if ends_at <= starts_at:
        raise CannotChangeSession(CannotChangeSession.ENDS_BEFORE_START)
    if starts_at <= now:
        raise CannotChangeSession(CannotChangeSession.IN_PAST)


def _check_trainer(trainer: User) -> None:
    if not (trainer.is_active and trainer.is_town_staff):
        raise CannotChangeSession(CannotChangeSession.NOT_STAFF)


def registered_people(session: ClassroomSession):
    return User.objects.filter(
        pk__in=SessionRegistration.objects.filter(session=session).values("person_id")
    )


def _tell_participants(session: ClassroomSession, template: str, context: dict) -> None:
    link = reverse("training:session", args=[session.pk])
    for person in registered_people(session).filter(is_active=True):
        notify(
            recipient=person,
            template=template,
            context={"session": session, "course": session.course, **context},
            link=link,
        )


@transaction.atomic
def schedule_session(
    *,
    actor: User,
    course: Course,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int,
    trainer: User,
    notes: str = "",
) -> ClassroomSession:
    """A training admin puts a date of a published course in the calendar."""
    _require_admin(actor)
    if not course.is_published:
        raise CannotChangeSession(CannotChangeSession.NOT_PUBLISHED)
    _check_times(starts_at, ends_at, timezone.now())
    _check_trainer(trainer)
    session = ClassroomSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
        trainer=trainer,
        notes=notes,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=session,
        summary=f"classroom session scheduled: {course.slug}",
    )
    return session


@transaction.atomic
def update_session(
    *,
    actor: User,
    session: ClassroomSession,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int,
    trainer: User,
    notes: str = "",
) -> ClassroomSession:
    """A training admin changes a session that has not begun. Participants are told when
    the time or the place changes. The places cannot drop below those taken."""
    _require_admin(actor)
    locked = _lock(session)
    now = timezone.now()
    if locked.cancelled_at is not None:
        raise SessionCancelled
    if locked.starts_at <= now:
        raise CannotChangeSession(CannotChangeSession.ALREADY_BEGUN)
    _check_times(starts_at, ends_at, now)
    _check_trainer(trainer)
    if capacity < locked.registrations.count():
        raise CannotChangeSession(CannotChangeSession.BELOW_REGISTRATIONS)
    before = snapshot(locked)
    old = {name: getattr(locked, name) for name in NOTIFIED_CHANGES}
    locked.starts_at, locked.ends_at, locked.place = starts_at, ends_at, place
    locked.capacity, locked.trainer, locked.notes = capacity, trainer, notes
    locked.save()
    record_update(actor=actor, obj=locked, before=before, summary="classroom session changed")
    if any(old[name] != getattr(locked, name) for name in NOTIFIED_CHANGES):
        _tell_participants(
            locked,
            "training_session_changed",
            {"old_starts_at": old["starts_at"], "old_place": old["place"]},
        )
    return locked


@transaction.atomic
def cancel_session(*, actor: User, session: ClassroomSession, reason: str = "") -> ClassroomSession:
    """A training admin cancels a session that has not begun; every participant is told."""
    _require_admin(actor)
    locked = _lock(session)
    if locked.cancelled_at is not None:
        raise SessionCancelled
    if locked.starts_at <= timezone.now():
        raise CannotChangeSession(CannotChangeSession.ALREADY_BEGUN)
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="classroom session cancelled",
        changes={"cancelled_at": [None, locked.cancelled_at.isoformat()]},
    )
    _tell_participants(locked, "training_session_cancelled", {"reason": reason})
    return locked


def _require_self_or_admin(actor: User | None, person: User) -> User:
    actor = actor or person
    if actor.pk != person.pk and not is_training_admin(actor):
        raise NotAllowed
    if not can_take_courses(person) or not person.is_active:
        raise NotAllowed
    return actor


@transaction.atomic
def register(
    *, person: User, session: ClassroomSession, actor: User | None = None
) -> SessionRegistration:
    """A member of staff takes a place (a training admin may register someone else).

    The places are counted with the session row locked, so two people asking for the
    last place at the same moment cannot both get it."""
    actor = _require_self_or_admin(actor, person)
    locked = _lock(session)
    if locked.cancelled_at is not None or locked.starts_at <= timezone.now():
        raise SessionNotOpen
    registrations = SessionRegistration.objects.filter(session=locked)
    if registrations.filter(person=person).exists():
        raise AlreadyRegistered
    if registrations.count() >= locked.capacity:
        raise SessionFull
    registration = SessionRegistration.objects.create(session=locked, person=person)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=registration,
        object_repr=str(locked),
        summary="registered for a classroom session",
        changes={"person": [None, str(person.pk)]},
    )
    return registration


@transaction.atomic
def unregister(*, person: User, session: ClassroomSession, actor: User | None = None) -> None:
    """Give the place back, before the session begins."""
    actor = _require_self_or_admin(actor, person)
    locked = _lock(session)
    if locked.cancelled_at is not None or locked.starts_at <= timezone.now():
        raise SessionNotOpen
    registration = SessionRegistration.objects.filter(session=locked, person=person).first()
    if registration is None:
        raise NotRegistered
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=registration,
        object_repr=str(locked),
        summary="unregistered from a classroom session",
        changes={"person": [str(person.pk), None]},
    )
    registration.delete()


def _certified_here(session: ClassroomSession, person_ids) -> set:
    """The people who already hold a classroom certificate of this session's course dated
    on the session's days: the certificate an earlier recording issued."""
    first = timezone.localdate(session.starts_at)
    last = timezone.localdate(session.ends_at)
    return set(
        Certificate.objects.filter(
            course_id=session.course_id,
            person_id__in=person_ids,
            way=Certificate.Way.CLASSROOM,
            issued_on__gte=first,
            issued_on__lte=last,
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def record_attendance(
    *, actor: User, session: ClassroomSession, attended_person_ids
) -> list[Certificate]:
    """The trainer (or a training admin) says who attended; everyone registered is marked
    attended or not. Each attendee completes the course with a certificate dated on the
    session (or today, while it lasts). Recording again corrects the marks but never
    issues a second certificate for the same person and session; a certificate already
    issued stays. Returns the certificates issued now."""
    if not can_record_attendance(actor, session):
        raise NotAllowed
    locked = _lock(session)
    now = timezone.now()
    if locked.cancelled_at is not None:
        raise SessionCancelled
    if locked.starts_at > now:
        raise AttendanceTooEarly
    attended = {str(pk) for pk in attended_person_ids}
    registrations = list(
        SessionRegistration.objects.filter(session=locked).select_related("person")
    )
    before = {str(r.person_id): r.attended for r in registrations}
    for registration in registrations:
        registration.attended = str(registration.person_id) in attended
    SessionRegistration.objects.bulk_update(registrations, ["attended"])

    attendees = [r.person for r in registrations if r.attended]
    already = {str(pk) for pk in _certified_here(locked, [p.pk for p in attendees])}
    when = min(locked.ends_at, now)
    certificates = [
        complete_course(
            person=person,
            course=locked.course,
            way=Certificate.Way.CLASSROOM,
            when=when,
            actor=actor,
        )
        for person in attendees
        if str(person.pk) not in already
    ]
    first_time = locked.attendance_recorded_at is None
    locked.attendance_recorded_at = now
    locked.save(update_fields=["attendance_recorded_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="attendance recorded" if first_time else "attendance corrected",
        changes={
            str(r.person_id): [before[str(r.person_id)], r.attended]
            for r in registrations
            if before[str(r.person_id)] != r.attended
        },
    )
    return certificates


def upcoming_for(user: User):
    """Sessions that have not begun, with their places taken and free and whether
    ``user`` holds one (``taken``, ``free``, ``is_registered``)."""
    return (
        ClassroomSession.objects.upcoming()
        .select_related("course")
        .annotate(
            taken=Count("registrations"),
            is_registered=Exists(
                SessionRegistration.objects.filter(session=OuterRef("pk"), person=user)
            ),
        )
        .annotate(free=F("capacity") - F("taken"))
        .order_by("starts_at", "pk")
    )


def awaiting_attendance(user: User):
    """Held sessions whose attendance ``user`` may record and nobody has yet."""
    sessions = ClassroomSession.objects.held().filter(attendance_recorded_at__isnull=True)
    if not is_training_admin(user):
        sessions = sessions.filter(trainer=user)
    return sessions.select_related("course").order_by("-starts_at")
