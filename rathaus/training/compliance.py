"""Who completed which course and who is overdue: the status of each person in each course,
and the completion rates per course and per unit, as the compliance view, its CSV export
and the key figures show them.

Who sees what: training admins see every active member of staff, a unit lead the people
holding a role in the units they lead (and those below), the e-Government officer rates
only, never a name. Everything here costs a fixed number of queries, however many people
there are: rows are fetched as plain values and put together in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from rathaus.core.accounts.models import RoleAssignment, Unit, User
from rathaus.core.accounts.permissions import has_role
from rathaus.core.accounts.roles import Role

from .models import Assignment, Certificate, Course
from .permissions import can_see_names, is_training_admin, led_unit_ids


class Status(models.TextChoices):
    COMPLETED = "completed", pgettext_lazy("training status", "Completed")
    EXPIRED = "expired", pgettext_lazy("training status", "Expired")
    OVERDUE = "overdue", pgettext_lazy("training status", "Overdue")
    OPEN = "open", pgettext_lazy("training status", "Open")
    NOT_ASSIGNED = "not_assigned", pgettext_lazy("training status", "Not assigned")


@dataclass(frozen=True)
class Cell:
    """One person in one course."""

    status: str
    due_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(Status(self.status).label)

    @property
    def counts(self) -> bool:
        """Whether the person counts as assigned the course: an assignment or a
        certificate of it."""
        return self.status != Status.NOT_ASSIGNED


NOT_ASSIGNED = Cell(Status.NOT_ASSIGNED)


@dataclass
class Rate:
    """Completed (with a valid certificate) of assigned, and how many are overdue."""

    assigned: int = 0
    completed: int = 0
    overdue: int = 0

    def add(self, cell: Cell) -> None:
        if not cell.counts:
            return
        self.assigned += 1
        self.completed += cell.status == Status.COMPLETED
        self.overdue += cell.status == Status.OVERDUE

    @property
    def percent(self) -> float | None:
        """In per cent with one decimal; None when nobody is assigned."""
        return round(100 * self.completed / self.assigned, 1) if self.assigned else None


# ------------------------------------------------------------------ who, which courses


def _active_staff():
    return User.objects.staff().active()


def people_visible_to(viewer):
    """The people whose individual results ``viewer`` may see (none for the e-Government
    officer, who sees rates only)."""
    if is_training_admin(viewer):
        return _active_staff()
    led = led_unit_ids(viewer)
    if not led:
        return User.objects.none()
    return _active_staff().filter(
        pk__in=RoleAssignment.objects.filter(unit_id__in=led).values("user_id")
    )


def may_see_all_rates(viewer) -> bool:
    return is_training_admin(viewer) or has_role(viewer, Role.EGOV_OFFICER)


def people_counted_for(viewer):
    """The people whose results make up the rates ``viewer`` sees."""
    return _active_staff() if may_see_all_rates(viewer) else people_visible_to(viewer)


def units_visible_to(viewer) -> list[Unit]:
    """The units ``viewer`` gets rates of (all for the town-wide roles, else those led)."""
    units = Unit.objects.active()
    if not may_see_all_rates(viewer):
        units = units.filter(pk__in=led_unit_ids(viewer))
    return list(units.order_by("code"))


def compliance_courses():
    """The courses the view reports on: the published ones."""
    return Course.objects.published().order_by("title", "pk")


def people_in_units(people, unit_ids):
    return people.filter(
        pk__in=RoleAssignment.objects.filter(unit_id__in=unit_ids).values("user_id")
    )


# ------------------------------------------------------------------ statuses


def _ids(people):
    return people.values("pk") if isinstance(people, models.QuerySet) else list(people)


def statuses(people, courses, as_of: datetime.date | None = None) -> dict[tuple, Cell]:
    """``{(person id, course id): Cell}`` on the day ``as_of`` (today unless given), for
    every pair with an assignment or a certificate; other pairs are not assigned. Two
    queries, whatever the number of people.

    An open assignment decides (overdue after its due date, else open), even beside a
    valid certificate: someone gave the course again. Otherwise the best certificate
    decides: completed while valid, else expired.
    """
    as_of = as_of or timezone.localdate()
    person_ids = _ids(people)
    course_ids = [course.pk for course in courses]
    open_due: dict[tuple, datetime.date] = {}
    for person_id, course_id, due_on, completed_at in Assignment.objects.filter(
        person_id__in=person_ids, course_id__in=course_ids, assigned_at__date__lte=as_of
    ).values_list("person_id", "course_id", "due_on", "completed_at"):
        if completed_at is None or timezone.localdate(completed_at) > as_of:
            key = (person_id, course_id)
            open_due[key] = min(due_on, open_due.get(key, due_on))

    best: dict[tuple, tuple] = {}
    for person_id, course_id, issued_on, valid_until in Certificate.objects.filter(
        person_id__in=person_ids, course_id__in=course_ids, issued_on__lte=as_of
    ).values_list("person_id", "course_id", "issued_on", "valid_until"):
        key = (person_id, course_id)
        # None (valid for ever) beats every date; then the later end, then the later issue.
        rank = (valid_until is None, valid_until or datetime.date.min, issued_on)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, issued_on, valid_until)

    cells: dict[tuple, Cell] = {}
    for key in open_due.keys() | best.keys():
        certificate = best.get(key)
        issued_on, valid_until = (certificate[1], certificate[2]) if certificate else (None, None)
        if key in open_due:
            due_on = open_due[key]
            status = Status.OVERDUE if due_on < as_of else Status.OPEN
            cells[key] = Cell(status, due_on, issued_on, valid_until)
        elif valid_until is None or valid_until >= as_of:
            cells[key] = Cell(Status.COMPLETED, None, issued_on, valid_until)
        else:
            cells[key] = Cell(Status.EXPIRED, None, issued_on, valid_until)
    return cells


def course_shares(people, courses, as_of=None, cells=None) -> dict:
    """``{course id: Rate}``: per course, how many of ``people`` are assigned it, have
    completed it with a valid certificate, and are overdue. The compliance view and the
    key figures both use this, so their numbers agree."""
    cells = statuses(people, courses, as_of) if cells is None else cells
    rates = {course.pk: Rate() for course in courses}
    for (_person_id, course_id), cell in cells.items():
        rates[course_id].add(cell)
    return rates


def trained_share(people, courses, as_of=None, cells=None) -> Rate:
    """Of ``people`` with any assignment or certificate, how many have completed every
    course they are assigned with a valid certificate (``assigned``/``completed`` count
    people here, ``overdue`` the people with at least one overdue course)."""
    cells = statuses(people, courses, as_of) if cells is None else cells
    by_person: dict = defaultdict(list)
    for (person_id, _course_id), cell in cells.items():
        by_person[person_id].append(cell.status)
    rate = Rate()
    for states in by_person.values():
        rate.assigned += 1
        rate.completed += all(state == Status.COMPLETED for state in states)
        rate.overdue += Status.OVERDUE in states
    return rate


def overdue_count(people, as_of=None) -> int:
    """Open assignments of ``people`` past their due date (of the published courses)."""
    return (
        Assignment.objects.overdue(as_of)
        .filter(person_id__in=_ids(people), course__state=Course.State.PUBLISHED)
        .count()
    )


# ------------------------------------------------------------------ the view's tables


@dataclass
class UnitRow:
    unit: Unit
    rates: list[Rate]
    total: Rate


@dataclass
class Overview:
    courses: list[Course]
    course_rates: list[tuple[Course, Rate]]
    unit_rows: list[UnitRow]
    trained: Rate
    overdue: int
    as_of: datetime.date


def _subtrees(units: list[Unit], all_units: list[Unit]) -> dict:
    """``{unit id: ids of the unit and every unit below it}``."""
    children: dict = defaultdict(list)
    for unit in all_units:
        children[unit.parent_id].append(unit.pk)
    result = {}
    for unit in units:
        found, frontier = {unit.pk}, [unit.pk]
        while frontier:
            below = [child for pk in frontier for child in children[pk] if child not in found]
            found.update(below)
            frontier = below
        result[unit.pk] = found
    return result


def unit_rows(people, units: list[Unit], courses: list[Course], cells: dict) -> list[UnitRow]:
    """Per unit (with the units below it) and course, the rate of the people holding a
    role there."""
    subtrees = _subtrees(units, list(Unit.objects.only("pk", "parent_id")))
    members: dict = defaultdict(set)
    for user_id, unit_id in RoleAssignment.objects.filter(
        user_id__in=_ids(people), unit__isnull=False
    ).values_list("user_id", "unit_id"):
        members[unit_id].add(user_id)
    rows = []
    for unit in units:
        people_here = set().union(*(members[pk] for pk in subtrees[unit.pk]))
        rates, total = [], Rate()
        for course in courses:
            rate = Rate()
            for person_id in people_here:
                rate.add(cells.get((person_id, course.pk), NOT_ASSIGNED))
            rates.append(rate)
            total.assigned += rate.assigned
            total.completed += rate.completed
            total.overdue += rate.overdue
        rows.append(UnitRow(unit, rates, total))
    return rows


@dataclass
class Filters:
    unit: Unit | None = None
    course: Course | None = None
    overdue_only: bool = False


def _filtered_people(people, filters: Filters, as_of):
    if filters.unit is not None:
        people = people_in_units(people, Unit.objects.subtree_ids([filters.unit.pk]))
    if filters.overdue_only:
        overdue = Assignment.objects.overdue(as_of).filter(course__state=Course.State.PUBLISHED)
        if filters.course is not None:
            overdue = overdue.filter(course=filters.course)
        people = people.filter(pk__in=overdue.values("person_id"))
    return people


def _courses(filters: Filters) -> list[Course]:
    courses = compliance_courses()
    if filters.course is not None:
        courses = courses.filter(pk=filters.course.pk)
    return list(courses)


def overview(viewer, filters: Filters | None = None, as_of=None) -> Overview:
    """The rates ``viewer`` may see: per course, per unit and course, the share of people
    who completed all their courses, and the overdue assignments."""
    filters = filters or Filters()
    as_of = as_of or timezone.localdate()
    people = people_counted_for(viewer)
    units = units_visible_to(viewer)
    if filters.unit is not None:
        subtree = Unit.objects.subtree_ids([filters.unit.pk])
        people = people_in_units(people, subtree)
        units = [unit for unit in units if unit.pk in subtree]
    courses = _courses(filters)
    cells = statuses(people, courses, as_of)
    shares = course_shares(people, courses, as_of, cells=cells)
    return Overview(
        courses=courses,
        course_rates=[(course, shares[course.pk]) for course in courses],
        unit_rows=unit_rows(people, units, courses, cells),
        trained=trained_share(people, courses, as_of, cells=cells),
        overdue=sum(rate.overdue for rate in shares.values()),
        as_of=as_of,
    )


@dataclass
class PersonRow:
    person: User
    units: list[Unit]
    cells: list[Cell] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.get_full_name() or self.person.email


def sorted_people(viewer, filters: Filters | None = None, as_of=None) -> list[User]:
    """The people ``viewer`` may see, filtered, sorted by name. Names are encrypted, so
    the sorting happens here, after one query."""
    if not can_see_names(viewer):
        return []
    filters = filters or Filters()
    people = _filtered_people(people_visible_to(viewer), filters, as_of)
    people = people.only("pk", "email", "given_name", "family_name").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(unit__isnull=False)
            .select_related("unit")
            .order_by("unit__code"),
            to_attr="unit_holdings",
        )
    )
    return sorted(
        people,
        key=lambda p: (p.family_name.casefold(), p.given_name.casefold(), p.email, str(p.pk)),
    )


def person_rows(people: list[User], courses: list[Course], as_of=None) -> list[PersonRow]:
    """A status per course for each of ``people`` (a page of ``sorted_people``)."""
    cells = statuses([p.pk for p in people], courses, as_of)
    rows = []
    for person in people:
        units = list({h.unit_id: h.unit for h in getattr(person, "unit_holdings", [])}.values())
        rows.append(
            PersonRow(
                person,
                units,
                [cells.get((person.pk, course.pk), NOT_ASSIGNED) for course in courses],
            )
        )
    return rows


def assignable_people(viewer) -> list[User]:
    """Whom ``viewer`` may assign a course to by hand (not themselves, unless admin)."""
    people = people_visible_to(viewer).only("pk", "email", "given_name", "family_name")
    if not is_training_admin(viewer):
        people = people.exclude(pk=viewer.pk)
    return sorted(people, key=lambda p: (p.family_name.casefold(), p.given_name.casefold()))
