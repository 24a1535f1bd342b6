"""Writing the concept: the fields of action (Handlungsfelder) and their measures
(Maßnahmen) with milestones, dependencies and risks.

The e-Government officer (and administrators) write everything here; the person
responsible for a measure may change its status and its milestones. Every write is audited.
A measure never ends before it starts, its responsible person and a risk's owner are staff,
and dependencies between measures never form a circle.
"""

import datetime
from collections import deque
from collections.abc import Iterable
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions import (
    DependencyCycle,
    FieldHasMeasures,
    FieldSlugTaken,
    MeasureCodeTaken,
    MeasureEndsBeforeStart,
    NotAllowed,
    ReachedInFuture,
    ResponsibleNotStaff,
    RiskOwnerNotStaff,
)
from ..models import (
    FieldOfAction,
    FundingProgramme,
    KeyFigure,
    Measure,
    MeasureStatusChange,
    Milestone,
    Risk,
)
from ..permissions import can_update_measure, is_officer
from .common import remove_recorded

FIELD_FIELDS = ("title", "slug", "description")
MEASURE_FIELDS = (
    "field",
    "code",
    "title",
    "goal",
    "description",
    "responsible_unit",
    "responsible_person",
    "status",
    "starts_on",
    "ends_on",
)
MILESTONE_FIELDS = ("title", "due_on", "reached_on")
RISK_FIELDS = ("description", "likelihood", "impact", "mitigation", "owner")
# Addresses under konzept/ that are pages, not fields of action.
RESERVED_SLUGS = frozenset({"neu"})


def require_officer(actor) -> None:
    if not is_officer(actor):
        raise NotAllowed


def require_measure_updater(actor, measure: Measure) -> None:
    if not can_update_measure(actor, measure):
        raise NotAllowed


def restored_on_refusal(argument: str):
    """When the use case refuses, the instance passed as ``argument`` is read again once the
    transaction is rolled back: the caller's copy shows what is stored, not the refused
    change."""

    def decorate(function):
        @wraps(function)
        def wrapped(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                instance = kwargs.get(argument)
                if instance is not None and instance.pk is not None:
                    instance.refresh_from_db()
                raise

        return wrapped

    return decorate


def _unknown(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")


def _created(actor, obj, summary: str, changes: dict | None = None) -> None:
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=obj, summary=summary, changes=changes)


# ------------------------------------------------------------------ fields of action


def _save_field(field: FieldOfAction) -> None:
    if (
        field.slug in RESERVED_SLUGS
        or FieldOfAction.objects.filter(slug=field.slug).exclude(pk=field.pk).exists()
    ):
        raise FieldSlugTaken
    field.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            field.save()
    except IntegrityError as error:  # the same short name, saved at the same moment
        raise FieldSlugTaken from error


@transaction.atomic
def create_field(*, actor, **fields) -> FieldOfAction:
    """A new field of action at the end of the concept; ``fields`` are ``FIELD_FIELDS``."""
    require_officer(actor)
    _unknown(fields, FIELD_FIELDS)
    highest = FieldOfAction.objects.aggregate(highest=Max("position"))["highest"]
    field = FieldOfAction(**fields, position=1 if highest is None else highest + 1)
    _save_field(field)
    _created(actor, field, "field of action created")
    return field


@restored_on_refusal("field")
@transaction.atomic
def update_field(*, actor, field: FieldOfAction, **fields) -> FieldOfAction:
    require_officer(actor)
    _unknown(fields, FIELD_FIELDS)
    before = snapshot(field)
    for name, value in fields.items():
        setattr(field, name, value)
    _save_field(field)
    record_update(actor=actor, obj=field, before=before, summary="field of action changed")
    return field


@transaction.atomic
def move_field(*, actor, field: FieldOfAction, up: bool) -> None:
    """Swap the field with its neighbour above (``up``) or below; the first stays first."""
    require_officer(actor)
    ordered = list(FieldOfAction.objects.select_for_update().order_by("position", "title", "pk"))
    index = next(i for i, item in enumerate(ordered) if item.pk == field.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    changed = []
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    FieldOfAction.objects.bulk_update(changed, ["position"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=field,
        summary="field of action moved up" if up else "field of action moved down",
        changes={"position": [index + 1, other + 1]},
    )
    field.position = other + 1


@transaction.atomic
def delete_field(*, actor, field: FieldOfAction) -> None:
    """Delete a field of action that has no measures (its measures are never lost with it)."""
    require_officer(actor)
    if Measure.objects.select_for_update().filter(field=field).exists():
        raise FieldHasMeasures
    remove_recorded(actor=actor, obj=field, summary="field of action deleted")


# ------------------------------------------------------------------ measures


def _check_measure(measure: Measure) -> None:
    if measure.starts_on and measure.ends_on and measure.ends_on < measure.starts_on:
        raise MeasureEndsBeforeStart
    person = measure.responsible_person
    if person is not None and not person.is_town_staff:
        raise ResponsibleNotStaff


def _save_measure(measure: Measure) -> None:
    if Measure.objects.filter(code=measure.code).exclude(pk=measure.pk).exists():
        raise MeasureCodeTaken
    _check_measure(measure)
    measure.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError as error:  # the same number, saved at the same moment
        raise MeasureCodeTaken from error


def _dependency_path(edges: dict, start, goal) -> list | None:
    """The shortest chain of dependencies from ``start`` to ``goal``, or None."""
    parents = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path = []
            while current is not None:
                path.append(current)
                current = parents[current]
            return path[::-1]
        for following in edges.get(current, ()):
            if following not in parents:
                parents[following] = current
                queue.append(following)
    return None


def check_dependencies(measure: Measure, depends_on: Iterable[Measure]) -> None:
    """Refuse dependencies that lead back to ``measure``, naming the circle they would make."""
    wanted = [item.pk for item in depends_on]
    if measure.pk in wanted:
        raise DependencyCycle(_("A measure cannot depend on itself."))
    edges: dict = {}
    pairs = (
        Measure.objects.exclude(pk=measure.pk)
        .filter(depends_on__isnull=False)
        .values_list("pk", "depends_on")
    )
    for source, target in pairs:
        edges.setdefault(source, set()).add(target)
    for start in wanted:
        path = _dependency_path(edges, start, measure.pk)
        if path is not None:
            codes = dict(Measure.objects.filter(pk__in=path).values_list("pk", "code"))
            codes[measure.pk] = measure.code
            chain = " → ".join(codes[pk] for pk in [measure.pk, *path])
            raise DependencyCycle(
                _(
                    "These dependencies would form a circle: %(chain)s. A measure cannot wait "
                    "for itself, directly or through others."
                )
                % {"chain": chain}
            )


def _ids(items) -> list[str]:
    return sorted(str(item.pk) for item in items)


def _set_links(measure: Measure, *, depends_on, key_figures, funding_programmes) -> dict:
    """Replace the given links (None: leave as they are); the changes as audit data."""
    changes = {}
    links = (
        ("depends_on", depends_on, measure.depends_on),
        ("key_figures", key_figures, measure.key_figures),
        ("funding_programmes", funding_programmes, measure.funding_programmes),
    )
    for name, wanted, manager in links:
        if wanted is None:
            continue
        wanted = list(wanted)
        before = _ids(manager.all())
        after = _ids(wanted)
        if before != after:
            manager.set(wanted)
            changes[name] = [before or None, after]
    return changes


def _note_status(measure: Measure, actor, from_status: str) -> None:
    """Keep the status in the measure's history when it is new or changed."""
    if measure.status != from_status:
        MeasureStatusChange.objects.create(
            measure=measure,
            from_status=from_status,
            status=measure.status,
            changed_at=measure.updated_at,
            changed_by=actor,
        )


@transaction.atomic
def create_measure(
    *,
    actor,
    depends_on: Iterable[Measure] = (),
    key_figures: Iterable[KeyFigure] = (),
    funding_programmes: Iterable[FundingProgramme] = (),
    **fields,
) -> Measure:
    """A new measure of a field of action; ``fields`` are the ``MEASURE_FIELDS``."""
    require_officer(actor)
    _unknown(fields, MEASURE_FIELDS)
    measure = Measure(**fields)
    depends_on = list(depends_on)
    _save_measure(measure)
    check_dependencies(measure, depends_on)
    links = _set_links(
        measure,
        depends_on=depends_on,
        key_figures=key_figures,
        funding_programmes=funding_programmes,
    )
    _created(actor, measure, "measure created", links)
    _note_status(measure, actor, from_status="")
    return measure


@restored_on_refusal("measure")
@transaction.atomic
def update_measure(
    *,
    actor,
    measure: Measure,
    depends_on: Iterable[Measure] | None = None,
    key_figures: Iterable[KeyFigure] | None = None,
    funding_programmes: Iterable[FundingProgramme] | None = None,
    **fields,
) -> Measure:
    """Change the measure; each given list of links replaces the one it has."""
    require_officer(actor)
    _unknown(fields, MEASURE_FIELDS)
    before = snapshot(measure)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.updated_at = timezone.now()
    if depends_on is not None:
        depends_on = list(depends_on)
        check_dependencies(measure, depends_on)
    _save_measure(measure)
    _note_status(measure, actor, from_status=before["status"])
    record_update(
        actor=actor, obj=measure, before=before, summary="measure changed", ignore=("updated_at",)
    )
    links = _set_links(
        measure,
        depends_on=depends_on,
        key_figures=key_figures,
        funding_programmes=funding_programmes,
    )
    if links:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=measure,
            summary="measure links changed",
            changes=links,
        )
    return measure


@transaction.atomic
def change_measure_status(*, actor, measure: Measure, status: str) -> Measure:
    """Planned, in progress, done or stopped: the officer or the responsible person."""
    require_measure_updater(actor, measure)
    if status not in Measure.Status.values:
        raise ValueError(f"Unknown status: {status}")
    if measure.status == status:
        return measure
    before = snapshot(measure)
    measure.status = status
    measure.updated_at = timezone.now()
    measure.save(update_fields=["status", "updated_at"])
    _note_status(measure, actor, from_status=before["status"])
    record_update(
        actor=actor,
        obj=measure,
        before=before,
        summary="measure status changed",
        ignore=("updated_at",),
    )
    return measure


# ------------------------------------------------------------------ milestones


def _check_reached(reached_on: datetime.date | None) -> None:
    if reached_on is not None and reached_on > timezone.localdate():
        raise ReachedInFuture


def _touch(measure: Measure) -> None:
    measure.updated_at = timezone.now()
    Measure.objects.filter(pk=measure.pk).update(updated_at=measure.updated_at)


@transaction.atomic
def add_milestone(*, actor, measure: Measure, **fields) -> Milestone:
    """A milestone of the measure; ``fields`` are the ``MILESTONE_FIELDS``."""
    require_measure_updater(actor, measure)
    _unknown(fields, MILESTONE_FIELDS)
    _check_reached(fields.get("reached_on"))
    milestone = Milestone(measure=measure, **fields)
    milestone.full_clean()
    milestone.save()
    _touch(measure)
    _created(actor, milestone, f"milestone of measure {measure.code} added")
    return milestone


@restored_on_refusal("milestone")
@transaction.atomic
def update_milestone(*, actor, milestone: Milestone, **fields) -> Milestone:
    require_measure_updater(actor, milestone.measure)
    _unknown(fields, MILESTONE_FIELDS)
    _check_reached(fields.get("reached_on"))
    before = snapshot(milestone)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    if record_update(actor=actor, obj=milestone, before=before, summary="milestone changed"):
        _touch(milestone.measure)
    return milestone


@transaction.atomic
def mark_milestone_reached(
    *, actor, milestone: Milestone, reached_on: datetime.date | None = None
) -> Milestone:
    """Note the milestone as reached (today unless told); a reached one stays as it is."""
    require_measure_updater(actor, milestone.measure)
    if milestone.reached_on is not None:
        return milestone
    reached_on = reached_on or timezone.localdate()
    _check_reached(reached_on)
    before = snapshot(milestone)
    milestone.reached_on = reached_on
    milestone.save(update_fields=["reached_on"])
    record_update(actor=actor, obj=milestone, before=before, summary="milestone reached")
    _touch(milestone.measure)
    return milestone


# ------------------------------------------------------------------ risks


def _check_owner(risk: Risk) -> None:
    if risk.owner is not None and not risk.owner.is_town_staff:
        raise RiskOwnerNotStaff


@transaction.atomic
def add_risk(*, actor, measure: Measure, **fields) -> Risk:
    """An open risk of the measure; ``fields`` are the ``RISK_FIELDS``."""
    require_officer(actor)
    _unknown(fields, RISK_FIELDS)
    risk = Risk(measure=measure, **fields)
    _check_owner(risk)
    risk.full_clean()
    risk.save()
    _created(actor, risk, f"risk of measure {measure.code} added")
    return risk


@restored_on_refusal("risk")
@transaction.atomic
def update_risk(*, actor, risk: Risk, **fields) -> Risk:
    require_officer(actor)
    _unknown(fields, RISK_FIELDS)
    before = snapshot(risk)
    for name, value in fields.items():
        setattr(risk, name, value)
    _check_owner(risk)
    risk.full_clean()
    risk.save()
    record_update(actor=actor, obj=risk, before=before, summary="risk changed")
    return risk


@transaction.atomic
def close_risk(*, actor, risk: Risk, is_open: bool = False) -> Risk:
    """Close the risk (it no longer threatens the measure), or open it again."""
    require_officer(actor)
    if risk.is_open == is_open:
        return risk
    before = snapshot(risk)
    risk.is_open = is_open
    risk.save(update_fields=["is_open"])
    record_update(
        actor=actor, obj=risk, before=before, summary="risk reopened" if is_open else "risk closed"
    )
    return risk
