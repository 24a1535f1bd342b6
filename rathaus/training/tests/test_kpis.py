"""Key figures of training: each equals what the data give, counted here independently of
the code under test, and the compliance view shows the same numbers."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.accounts.models import User
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.registries import kpi_registry

from .. import compliance
from ..models import Assignment, Certificate
from .factories import AssignmentFactory, CertificateFactory, CourseFactory

DAY = datetime.timedelta(days=1)


def _compute(key, town, period=None):
    return kpi_registry.get(key).compute(town, period)


@pytest.fixture
def data(training_unit):
    today = timezone.localdate()
    a = CourseFactory(target_roles=[], validity_months=12)
    b = CourseFactory(target_roles=[])
    people = [StaffFactory() for _ in range(5)]
    for person in people:
        RoleAssignmentFactory(user=person, role=Role.CLERK, unit=training_unit)
    p0, p1, p2, p3, p4 = people
    # p0: both courses done and valid          -> trained
    CertificateFactory(person=p0, course=a, valid_until=today + 30 * DAY)
    CertificateFactory(person=p0, course=b, issued_on=today - 40 * DAY)
    # p1: a done, b overdue                     -> not trained, one overdue
    CertificateFactory(person=p1, course=a, valid_until=today + 30 * DAY)
    AssignmentFactory(
        person=p1, course=b, due_on=today - 3 * DAY, assigned_at=timezone.now() - 30 * DAY
    )
    # p2: a expired                             -> not trained
    CertificateFactory(person=p2, course=a, issued_on=today - 400 * DAY, valid_until=today - DAY)
    # p3: a open, not yet due                   -> not trained
    AssignmentFactory(person=p3, course=a, due_on=today + 5 * DAY)
    # p4: nothing                               -> not counted
    # A former colleague, inactive, with an overdue course: not counted anywhere.
    former = StaffFactory(is_active=False)
    AssignmentFactory(person=former, course=a, due_on=today - 10 * DAY)
    return {"a": a, "b": b, "people": people}


def _trained_share_by_hand(today):
    staff = User.objects.filter(kind="staff", is_active=True)
    counted = trained = 0
    for person in staff:
        courses = set(
            Assignment.objects.filter(person=person).values_list("course_id", flat=True)
        ) | set(Certificate.objects.filter(person=person).values_list("course_id", flat=True))
        if not courses:
            continue
        counted += 1
        done = all(
            not Assignment.objects.filter(person=person, course_id=c, completed_at=None).exists()
            and any(
                cert.valid_until is None or cert.valid_until >= today
                for cert in Certificate.objects.filter(person=person, course_id=c)
            )
            for c in courses
        )
        trained += done
    return round(100 * trained / counted, 1) if counted else None


def test_the_trained_share_is_what_the_data_give(town, data):
    expected = _trained_share_by_hand(timezone.localdate())
    assert expected == 25.0  # p0 of p0..p3
    assert _compute("training.trained_share", town) == expected


def test_the_overdue_figure_counts_open_assignments_past_due(town, data):
    expected = Assignment.objects.filter(
        completed_at__isnull=True,
        due_on__lt=timezone.localdate(),
        person__is_active=True,
        person__kind="staff",
    ).count()
    assert expected == 1
    assert _compute("training.overdue", town) == expected


def test_certificates_issued_in_the_period(town, data):
    today = timezone.localdate()
    period = (today - 31 * DAY, today)
    expected = sum(1 for c in Certificate.objects.all() if period[0] <= c.issued_on <= period[1])
    assert expected == 2  # p0's and p1's of course a; the others are older
    assert _compute("training.certificates", town, period) == expected
    assert _compute("training.certificates", town) == Certificate.objects.count() == 4


def test_figures_of_a_past_period_are_taken_on_its_last_day(town, data):
    today = timezone.localdate()
    # Ten days ago p1's assignment of b was open but not yet due; two days ago it was overdue.
    assert _compute("training.overdue", town, (today - 20 * DAY, today - 10 * DAY)) == 0
    assert _compute("training.overdue", town, (today - 20 * DAY, today - 2 * DAY)) == 1


def test_the_compliance_view_shows_the_same_numbers(town, data, training_admin):
    overview = compliance.overview(training_admin)
    assert overview.trained.percent == _compute("training.trained_share", town)
    assert overview.overdue == _compute("training.overdue", town)


def test_no_one_with_a_course_gives_no_share(town):
    assert _compute("training.trained_share", town) is None
