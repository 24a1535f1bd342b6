"""Classroom sessions: scheduling, places, registration, cancellation, attendance."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.notifications.models import Message
from rathaus.core.tenancy import for_town

from ..exceptions import (
    AlreadyRegistered,
    AttendanceTooEarly,
    CannotChangeSession,
    NotAllowed,
    NotRegistered,
    SessionFull,
    SessionNotOpen,
)
from ..models import Assignment, Certificate, ClassroomSession, SessionRegistration
from ..services import sessions as services
from .conftest import sign_in_verified
from .factories import (
    AssignmentFactory,
    ClassroomSessionFactory,
    CourseFactory,
    SessionRegistrationFactory,
)


def _held(**kwargs):
    """A session that began an hour ago."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return ClassroomSessionFactory(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs
    )


def _future(days=7):
    start = timezone.now() + datetime.timedelta(days=days)
    return start, start + datetime.timedelta(hours=3)


# ------------------------------------------------------------------ scheduling


def test_a_training_admin_schedules_a_session_and_a_clerk_may_not(training_admin, clerk):
    course = CourseFactory(target_roles=[])
    starts_at, ends_at = _future()
    fields = {
        "course": course,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": "Sitzungssaal",
        "capacity": 10,
        "trainer": training_admin,
    }
    with pytest.raises(NotAllowed):
        services.schedule_session(actor=clerk, **fields)
    session = services.schedule_session(actor=training_admin, **fields)
    assert session.course == course and session.capacity == 10


def test_a_session_must_lie_ahead_and_end_after_it_begins(training_admin):
    course = CourseFactory(target_roles=[])
    starts_at, ends_at = _future()
    with pytest.raises(CannotChangeSession) as refused:
        services.schedule_session(
            actor=training_admin,
            course=course,
            starts_at=ends_at,
            ends_at=starts_at,
            place="Saal",
            capacity=5,
            trainer=training_admin,
        )
    assert refused.value.message == CannotChangeSession.ENDS_BEFORE_START
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(CannotChangeSession) as refused:
        services.schedule_session(
            actor=training_admin,
            course=course,
            starts_at=past,
            ends_at=past + datetime.timedelta(hours=1),
            place="Saal",
            capacity=5,
            trainer=training_admin,
        )
    assert refused.value.message == CannotChangeSession.IN_PAST


def test_places_cannot_drop_below_the_registrations(training_admin):
    session = ClassroomSessionFactory(capacity=3)
    SessionRegistrationFactory.create_batch(2, session=session)
    with pytest.raises(CannotChangeSession):
        services.update_session(
            actor=training_admin,
            session=session,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            place=session.place,
            capacity=1,
            trainer=session.trainer,
        )


def test_moving_a_session_tells_the_participants(training_admin, clerk, outbox):
    session = ClassroomSessionFactory()
    services.register(person=clerk, session=session)
    starts_at, ends_at = _future(days=14)
    services.update_session(
        actor=training_admin,
        session=session,
        starts_at=starts_at,
        ends_at=ends_at,
        place="Bürgerhaus",
        capacity=session.capacity,
        trainer=session.trainer,
    )
    message = Message.objects.get(recipient=clerk)
    assert "Bürgerhaus" in message.body


# ------------------------------------------------------------------ registration


def test_the_last_place_goes_once(clerk, unit_lead):
    session = ClassroomSessionFactory(capacity=1)
    services.register(person=clerk, session=session)
    with pytest.raises(SessionFull):
        services.register(person=unit_lead, session=session)
    assert SessionRegistration.objects.filter(session=session).count() == 1


def test_nobody_registers_twice(clerk):
    session = ClassroomSessionFactory()
    services.register(person=clerk, session=session)
    with pytest.raises(AlreadyRegistered):
        services.register(person=clerk, session=session)


def test_cancelled_or_begun_sessions_take_no_registrations(clerk, training_admin):
    cancelled = ClassroomSessionFactory()
    services.cancel_session(actor=training_admin, session=cancelled)
    with pytest.raises(SessionNotOpen):
        services.register(person=clerk, session=cancelled)
    with pytest.raises(SessionNotOpen):
        services.register(person=clerk, session=_held())


def test_only_staff_register_and_only_for_themselves(clerk, unit_lead, training_admin):
    session = ClassroomSessionFactory()
    with pytest.raises(NotAllowed):
        services.register(person=UserFactory(), session=session)
    with pytest.raises(NotAllowed):
        services.register(person=clerk, session=session, actor=unit_lead)
    services.register(person=clerk, session=session, actor=training_admin)
    assert SessionRegistration.objects.filter(session=session, person=clerk).exists()


def test_unregistering_frees_the_place_until_the_session_begins(clerk, unit_lead):
    session = ClassroomSessionFactory(capacity=1)
    services.register(person=clerk, session=session)
    services.unregister(person=clerk, session=session)
    services.register(person=unit_lead, session=session)
    with pytest.raises(NotRegistered):
        services.unregister(person=clerk, session=session)
    held = _held()
    SessionRegistrationFactory(session=held, person=clerk)
    with pytest.raises(SessionNotOpen):
        services.unregister(person=clerk, session=held)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_asking_for_the_last_place_at_once_get_it_once(town):
    session = ClassroomSessionFactory(capacity=1)
    people = [StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def ask(person):
        from django.db import connections

        try:
            with for_town(town):
                barrier.wait()
                services.register(person=person, session=session)
            outcomes.append("registered")
        except SessionFull:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "registered"]
    assert SessionRegistration.objects.filter(session=session).count() == 1


# ------------------------------------------------------------------ cancellation


def test_cancelling_tells_everyone_registered(training_admin, clerk, unit_lead, outbox):
    session = ClassroomSessionFactory()
    services.register(person=clerk, session=session)
    services.register(person=unit_lead, session=session)
    services.cancel_session(actor=training_admin, session=session, reason="Raum nicht verfügbar")
    session.refresh_from_db()
    assert session.cancelled_at is not None
    messages = Message.objects.filter(recipient__in=[clerk, unit_lead])
    assert messages.count() == 2
    assert all("Raum nicht verfügbar" in m.body for m in messages)
    assert all(session.course.title in m.subject for m in messages)
    assert messages.first().link == reverse("training:session", args=[session.pk])


def test_a_clerk_cannot_cancel(clerk):
    session = ClassroomSessionFactory()
    with pytest.raises(NotAllowed):
        services.cancel_session(actor=clerk, session=session)


# ------------------------------------------------------------------ attendance


def test_attendance_cannot_be_recorded_before_the_session_begins(training_admin):
    session = ClassroomSessionFactory()
    with pytest.raises(AttendanceTooEarly):
        services.record_attendance(actor=training_admin, session=session, attended_person_ids=[])


def test_only_the_trainer_or_a_training_admin_records_attendance(clerk, unit_lead):
    session = _held(trainer=unit_lead)
    with pytest.raises(NotAllowed):
        services.record_attendance(actor=clerk, session=session, attended_person_ids=[])
    services.record_attendance(actor=unit_lead, session=session, attended_person_ids=[])


def test_attendance_completes_the_course_once(clerk, unit_lead, training_admin):
    course = CourseFactory(target_roles=[], validity_months=12)
    assignment = AssignmentFactory(person=clerk, course=course)
    session = _held(course=course, trainer=training_admin)
    SessionRegistrationFactory(session=session, person=clerk)
    SessionRegistrationFactory(session=session, person=unit_lead)

    issued = services.record_attendance(
        actor=training_admin, session=session, attended_person_ids=[str(clerk.pk)]
    )
    assert [c.person for c in issued] == [clerk]
    assert issued[0].way == Certificate.Way.CLASSROOM
    assert issued[0].issued_on == timezone.localdate()
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    marks = dict(
        SessionRegistration.objects.filter(session=session).values_list("person_id", "attended")
    )
    assert marks == {clerk.pk: True, unit_lead.pk: False}
    session.refresh_from_db()
    assert session.attendance_recorded_at is not None

    # The trainer corrects the list: the lead was there too. The clerk keeps one certificate.
    issued = services.record_attendance(
        actor=training_admin, session=session, attended_person_ids=[clerk.pk, unit_lead.pk]
    )
    assert [c.person for c in issued] == [unit_lead]
    assert Certificate.objects.filter(person=clerk, course=course).count() == 1
    assert Certificate.objects.filter(person=unit_lead, course=course).count() == 1
    assert not Assignment.objects.open().filter(course=course).exists()

    # Recording the same again issues nothing.
    assert (
        services.record_attendance(
            actor=training_admin, session=session, attended_person_ids=[clerk.pk, unit_lead.pk]
        )
        == []
    )


def test_people_not_registered_are_ignored(training_admin, clerk):
    session = _held(trainer=training_admin)
    assert (
        services.record_attendance(
            actor=training_admin, session=session, attended_person_ids=[clerk.pk]
        )
        == []
    )
    assert not Certificate.objects.filter(person=clerk).exists()


# ------------------------------------------------------------------ pages


def test_the_list_shows_free_places_and_registers(client, clerk):
    session = ClassroomSessionFactory(capacity=3)
    SessionRegistrationFactory(session=session)
    sign_in_verified(client, clerk)
    page = client.get(reverse("training:sessions"))
    assert page.status_code == 200
    assert "2 of 3" in page.content.decode()
    response = client.post(
        reverse("training:session_register", args=[session.pk]), {"from": "list"}
    )
    assert response.status_code == 302 and response.url == reverse("training:sessions")
    assert SessionRegistration.objects.filter(session=session, person=clerk).exists()
    page = client.get(reverse("training:session", args=[session.pk]))
    assert "You are registered for this session." in page.content.decode()
    client.post(reverse("training:session_unregister", args=[session.pk]))
    assert not SessionRegistration.objects.filter(session=session, person=clerk).exists()


def test_a_full_session_refuses_with_a_message(client, clerk):
    session = ClassroomSessionFactory(capacity=1)
    SessionRegistrationFactory(session=session)
    sign_in_verified(client, clerk)
    response = client.post(reverse("training:session_register", args=[session.pk]), follow=True)
    assert "This session is full." in response.content.decode()
    assert not SessionRegistration.objects.filter(session=session, person=clerk).exists()


def test_the_training_admin_schedules_through_the_form(client, training_admin):
    course = CourseFactory(target_roles=[])
    trainer = StaffFactory()
    sign_in_verified(client, training_admin)
    assert client.get(reverse("training:session_new")).status_code == 200
    starts_at, ends_at = _future()
    local = timezone.localtime
    response = client.post(
        reverse("training:session_new"),
        {
            "course": course.pk,
            "starts_at": local(starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": local(ends_at).strftime("%Y-%m-%dT%H:%M"),
            "place": "Sitzungssaal",
            "capacity": 8,
            "trainer": trainer.pk,
            "notes": "",
        },
    )
    session = ClassroomSession.objects.get(course=course)
    assert response.status_code == 302
    assert session.trainer == trainer and session.capacity == 8


def test_clerks_do_not_reach_the_admin_pages(client, clerk):
    session = ClassroomSessionFactory()
    sign_in_verified(client, clerk)
    for name, args in [
        ("training:session_new", []),
        ("training:session_edit", [session.pk]),
        ("training:session_cancel", [session.pk]),
        ("training:session_attendance", [session.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_the_admin_cancels_through_the_page(client, training_admin, clerk):
    session = ClassroomSessionFactory()
    SessionRegistrationFactory(session=session, person=clerk)
    sign_in_verified(client, training_admin)
    assert client.get(reverse("training:session_cancel", args=[session.pk])).status_code == 200
    client.post(reverse("training:session_cancel", args=[session.pk]), {"reason": ""})
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert Message.objects.filter(recipient=clerk).count() == 1


def test_the_trainer_records_attendance_with_one_submit(client, clerk):
    trainer = StaffFactory(given_name="Theo", family_name="Trainer")
    RoleAssignmentFactory(user=trainer, role=Role.CLERK)
    session = _held(trainer=trainer)
    SessionRegistrationFactory(session=session, person=clerk)
    sign_in_verified(client, trainer)
    url = reverse("training:session_attendance", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Clara Klein" in page.content.decode()
    response = client.post(url, {"attended": [str(clerk.pk)]})
    assert response.status_code == 302
    assert Certificate.objects.filter(person=clerk, course=session.course).count() == 1


def test_the_session_pages_render_for_the_training_admin(client, training_admin, clerk):
    upcoming = ClassroomSessionFactory(trainer=training_admin)
    SessionRegistrationFactory(session=upcoming, person=clerk)
    held = _held(trainer=training_admin)
    SessionRegistrationFactory(session=held, person=clerk)
    sign_in_verified(client, training_admin)
    pages = [
        ("training:sessions", []),
        ("training:session", [upcoming.pk]),
        ("training:session_edit", [upcoming.pk]),
        ("training:session_cancel", [upcoming.pk]),
        ("training:session", [held.pk]),
        ("training:session_attendance", [held.pk]),
    ]
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert html.count("<h1") == 1, name
    detail = client.get(reverse("training:session", args=[upcoming.pk])).content.decode()
    assert "Clara Klein" in detail  # the admin sees who registered


def test_other_staff_see_a_session_but_not_who_registered(client, clerk, unit_lead):
    session = ClassroomSessionFactory()
    SessionRegistrationFactory(session=session, person=clerk)
    sign_in_verified(client, unit_lead)
    html = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "Register for the session" in html
    assert "Clara Klein" not in html
