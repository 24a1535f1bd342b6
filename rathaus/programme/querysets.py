"""Reads of the concept and of the e-Government officer's dashboard: named filters that
bring the related rows they show, so every page runs a constant number of queries however
many measures, risks or tasks there are."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .figures import statuses
from .models import (
    FieldOfAction,
    FundingProgramme,
    GroupTask,
    KeyFigure,
    Measure,
    MeasureStatusChange,
    Risk,
)
from .plan import YearTotals, year_totals

# The dashboard lists the measures being worked on first, then the ones still to come.
STATUS_ORDER = (
    Measure.Status.IN_PROGRESS,
    Measure.Status.PLANNED,
    Measure.Status.DONE,
    Measure.Status.STOPPED,
)
FUNDING_DAYS_AHEAD = 60


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# ------------------------------------------------------------------ measures


def measures() -> QuerySet:
    """Every measure with its field, unit and responsible person, by number."""
    return Measure.objects.select_related(
        "field", "responsible_unit", "responsible_person"
    ).order_by("field__position", "code", "pk")


def statuses_on(day: datetime.date) -> dict:
    """Each measure's status at the end of ``day``, by its id: the last change in the
    measure's history up to then. Where the history begins after the day, the status before
    its first change, or the one it was entered with (a concept is often entered after its
    measures began); a measure without history counts with the status it has now."""
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    statuses = dict(Measure.objects.values_list("pk", "status"))
    history = defaultdict(list)
    changes = MeasureStatusChange.objects.filter(measure_id__in=list(statuses))
    for measure_id, from_status, status, changed_at in changes.order_by(
        "measure_id", "changed_at"
    ).values_list("measure_id", "from_status", "status", "changed_at"):
        history[measure_id].append((from_status, status, changed_at))
    for measure_id, rows in history.items():
        until_then = [status for _from, status, changed_at in rows if changed_at <= end]
        first_from, first_status, _at = rows[0]
        statuses[measure_id] = until_then[-1] if until_then else (first_from or first_status)
    return statuses


def overdue(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Measures past their end that are neither done nor stopped."""
    return queryset.filter(ends_on__lt=_today(today)).exclude(status__in=Measure.CLOSED)


def filter_measures(
    *,
    field_of_action: FieldOfAction | None = None,
    status: str = "",
    unit=None,
    overdue_only: bool = False,
    today: datetime.date | None = None,
) -> QuerySet:
    """The measure list's filters; an empty filter is left out."""
    queryset = measures()
    if field_of_action is not None:
        queryset = queryset.filter(field=field_of_action)
    if status:
        queryset = queryset.filter(status=status)
    if unit is not None:
        queryset = queryset.filter(responsible_unit=unit)
    if overdue_only:
        queryset = overdue(queryset, today)
    return queryset


@dataclass
class StatusGroup:
    status: str
    label: str
    measures: list = field(default_factory=list)


def measures_for_dashboard() -> list[StatusGroup]:
    """All measures in one query, grouped by status and sorted by due date (no end last)."""
    groups = {
        status: StatusGroup(status=status, label=Measure.Status(status).label)
        for status in STATUS_ORDER
    }
    for measure in measures().order_by(F("ends_on").asc(nulls_last=True), "code", "pk"):
        groups[measure.status].measures.append(measure)
    return list(groups.values())


def fields_with_counts(today: datetime.date | None = None) -> QuerySet:
    """The fields of action in their order, with how many measures each has, done and overdue."""
    return FieldOfAction.objects.annotate(
        measure_count=Count("measures"),
        done_count=Count("measures", filter=Q(measures__status=Measure.Status.DONE)),
        overdue_count=Count(
            "measures",
            filter=Q(measures__ends_on__lt=_today(today)) & ~Q(measures__status__in=Measure.CLOSED),
        ),
    ).order_by("position", "title", "pk")


@dataclass
class MeasureRelations:
    """What the measure's page lists besides the measure itself."""

    milestones: list
    risks: list
    depends_on: list
    enables: list
    key_figures: list
    funding_programmes: list
    best_practices: list


def measure_relations(measure: Measure) -> MeasureRelations:
    return MeasureRelations(
        milestones=list(measure.milestones.order_by("due_on", "title", "pk")),
        risks=list(measure.risks.select_related("owner").order_by("-is_open", "description")),
        depends_on=list(measure.depends_on.select_related("field").order_by("code")),
        enables=list(measure.enables.select_related("field").order_by("code")),
        key_figures=list(measure.key_figures.order_by("position", "title")),
        funding_programmes=list(measure.funding_programmes.order_by("deadline", "name")),
        best_practices=list(measure.best_practices.order_by("municipality", "topic")),
    )


# ------------------------------------------------------------------ the dashboard


def _rank(name: str) -> Case:
    return Case(
        When(**{name: "high"}, then=Value(0)),
        When(**{name: "medium"}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def open_risks() -> QuerySet:
    """Open risks of measures still running, the gravest (impact, then likelihood) first."""
    return (
        Risk.objects.filter(is_open=True)
        .exclude(measure__status__in=Measure.CLOSED)
        .select_related("measure", "owner")
        .annotate(impact_rank=_rank("impact"), likelihood_rank=_rank("likelihood"))
        .order_by("impact_rank", "likelihood_rank", "measure__code", "pk")
    )


def funding_deadlines(
    today: datetime.date | None = None, days: int = FUNDING_DAYS_AHEAD
) -> QuerySet:
    """Funding programmes whose next deadline lies within ``days`` from today, soonest first,
    with the measures they could fund."""
    today = _today(today)
    return (
        FundingProgramme.objects.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
        )
        .prefetch_related("measures")
        .order_by("deadline", "name")
    )


def open_group_tasks() -> QuerySet:
    """The expert group's tasks not done yet, the earliest due first."""
    return (
        GroupTask.objects.filter(done_on__isnull=True)
        .select_related("owner", "decision__meeting")
        .order_by("due_on", "title", "pk")
    )


def figures_against_targets(year: int) -> list:
    """Every key figure with its value and target of ``year`` and whether it meets it
    (the figures' ``FigureStatus`` rows: ``value_text``, ``target_text``, ``status_text``)."""
    return statuses(KeyFigure.objects.order_by("position", "title", "pk"), year)


def budget_totals(year: int) -> YearTotals:
    """The programme's money and staff of ``year``: budget, planned, committed, actual."""
    return year_totals(year)
