"""Funding: the catalogue of funding programmes (Förderprogramme) matched to measures, the
town's applications for funding, and the library of best practices of other towns.

Every member of staff reads them; the e-Government officer writes them. Each write checks
that right, runs in one transaction and leaves one audit entry. The rules of an application
(a granted amount only when granted and never more than requested, dates in order) live here
once, so that a page, an import or the demo cannot store an application that breaks them.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.accounts.permissions import require
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions_funding import ProgrammeHasApplications
from ..models import BestPractice, FieldOfAction, FundingApplication, FundingProgramme, Measure
from ..permissions import is_officer

PROGRAMME_FIELDS = (
    "name",
    "level",
    "funder",
    "funds",
    "eligibility",
    "rate_percent",
    "cap",
    "deadline",
    "deadline_note",
    "contact",
    "url",
    "source",
)
APPLICATION_FIELDS = (
    "measure",
    "status",
    "submitted_on",
    "amount_requested",
    "decided_on",
    "amount_granted",
    "reporting_duties",
    "next_report_due",
)
PRACTICE_FIELDS = ("municipality", "topic", "summary", "results", "contact", "url", "source")

Status = FundingApplication.Status
SUBMITTED_STATES = (Status.SUBMITTED, Status.GRANTED, Status.REJECTED)
DECIDED_STATES = (Status.GRANTED, Status.REJECTED)


def _require_officer(actor, obj=None, summary: str = "") -> None:
    require(is_officer(actor), actor=actor, obj=obj, summary=summary or "funding: not the officer")


def _codes(measures: Iterable[Measure]) -> list[str]:
    return sorted(measure.code for measure in measures)


# --- Reads --------------------------------------------------------------------------------


def programmes(
    *, level: str = "", open_only: bool = False, today: datetime.date | None = None
) -> QuerySet:
    """The catalogue, with the number of measures each could fund; ``open_only`` keeps the
    programmes whose next deadline is today or later."""
    rows = FundingProgramme.objects.annotate(
        measure_count=Count("measures", distinct=True),
        application_count=Count("applications", distinct=True),
    ).order_by("name")
    if level:
        rows = rows.filter(level=level)
    if open_only:
        rows = rows.filter(deadline__gte=today or timezone.localdate())
    return rows


def upcoming_deadlines(*, today: datetime.date | None = None, days: int = 90) -> QuerySet:
    """Programmes whose next deadline falls within ``days`` from today, soonest first (for the
    officer's dashboard)."""
    today = today or timezone.localdate()
    return FundingProgramme.objects.filter(
        deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
    ).order_by("deadline", "name")


def reports_due(*, today: datetime.date | None = None, days: int = 90) -> QuerySet:
    """Granted applications whose next report is due within ``days`` (or overdue)."""
    today = today or timezone.localdate()
    return (
        FundingApplication.objects.filter(
            status=Status.GRANTED,
            next_report_due__isnull=False,
            next_report_due__lte=today + datetime.timedelta(days=days),
        )
        .select_related("programme", "measure")
        .order_by("next_report_due")
    )


def applications(*, status: str = "") -> QuerySet:
    rows = FundingApplication.objects.select_related("programme", "measure").order_by(
        "-submitted_on", "programme__name", "pk"
    )
    return rows.filter(status=status) if status else rows


def granted_in_year(year: int) -> QuerySet:
    """Applications granted with a decision in ``year`` (funding received, for the report)."""
    return applications(status=Status.GRANTED).filter(decided_on__year=year)


def granted_total(year: int) -> Decimal:
    total = granted_in_year(year).aggregate(total=Sum("amount_granted"))["total"]
    return total or Decimal("0")


def practices(*, field: FieldOfAction | None = None) -> QuerySet:
    rows = BestPractice.objects.prefetch_related("fields", "measures").order_by(
        "municipality", "topic"
    )
    return rows.filter(fields=field) if field is not None else rows


# --- Funding programmes -------------------------------------------------------------------


@transaction.atomic
def create_programme(*, actor, measures: Iterable[Measure] = (), **fields) -> FundingProgramme:
    """Add a funding programme to the catalogue, with the measures it could fund."""
    _require_officer(actor, summary="create funding programme")
    programme = FundingProgramme(
        **{name: fields[name] for name in PROGRAMME_FIELDS if name in fields}
    )
    programme.full_clean(exclude=["measures"])
    programme.save()
    measures = list(measures)
    programme.measures.set(measures)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=programme,
        summary="funding programme added",
        changes={**snapshot(programme), "measures": _codes(measures)},
    )
    return programme


@transaction.atomic
def update_programme(
    *, actor, programme: FundingProgramme, measures: Iterable[Measure] | None = None, **fields
) -> FundingProgramme:
    """Change a programme's facts and, when given, the measures it could fund."""
    _require_officer(actor, obj=programme, summary="change funding programme")
    before = snapshot(programme)
    for name in PROGRAMME_FIELDS:
        if name in fields:
            setattr(programme, name, fields[name])
    programme.full_clean(exclude=["measures"])
    programme.save()
    record_update(actor=actor, obj=programme, before=before, summary="funding programme changed")
    if measures is not None:
        set_programme_measures(actor=actor, programme=programme, measures=measures)
    return programme


@transaction.atomic
def set_programme_measures(
    *, actor, programme: FundingProgramme, measures: Iterable[Measure]
) -> FundingProgramme:
    """Match the programme to the measures it could fund."""
    _require_officer(actor, obj=programme, summary="match funding programme to measures")
    old = _codes(programme.measures.all())
    measures = list(measures)
    new = _codes(measures)
    if old != new:
        programme.measures.set(measures)
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=programme,
            summary="funding programme matched to measures",
            changes={"measures": [old, new]},
        )
    return programme


@transaction.atomic
def delete_programme(*, actor, programme: FundingProgramme) -> None:
    _require_officer(actor, obj=programme, summary="delete funding programme")
    if programme.applications.exists():
        raise ProgrammeHasApplications
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=programme,
        summary="funding programme deleted",
        changes=snapshot(programme),
    )
    programme.delete()


# --- Applications for funding -------------------------------------------------------------


def check_application(values: dict, *, today: datetime.date | None = None) -> None:
    """Raise a ValidationError naming each field that breaks an application's rules."""
    today = today or timezone.localdate()
    status = values.get("status")
    requested = values.get("amount_requested")
    granted = values.get("amount_granted")
    submitted_on = values.get("submitted_on")
    decided_on = values.get("decided_on")
    errors: dict[str, str] = {}
    if requested is None or requested <= 0:
        errors["amount_requested"] = _("Enter the amount requested, more than 0 euros.")
    if status == Status.GRANTED:
        if granted is None:
            errors["amount_granted"] = _("Enter the amount granted.")
        elif granted <= 0:
            errors["amount_granted"] = _("The amount granted must be more than 0 euros.")
        elif requested is not None and granted > requested:
            errors["amount_granted"] = _(
                "The amount granted cannot be more than the amount requested."
            )
    elif granted is not None:
        errors["amount_granted"] = _(
            "Enter an amount granted only when the application has been granted."
        )
    if status in SUBMITTED_STATES and submitted_on is None:
        errors["submitted_on"] = _("Enter the date the application was submitted.")
    elif submitted_on is not None and status == Status.PREPARING:
        errors["submitted_on"] = _("An application being prepared has no submission date yet.")
    elif submitted_on is not None and submitted_on > today:
        errors["submitted_on"] = _("The submission date cannot be in the future.")
    if decided_on is not None:
        if status not in DECIDED_STATES:
            errors["decided_on"] = _(
                "Enter a decision date only when the application was granted or rejected."
            )
        elif submitted_on is not None and decided_on < submitted_on:
            errors["decided_on"] = _("The decision cannot come before the submission.")
        elif decided_on > today:
            errors["decided_on"] = _("The decision date cannot be in the future.")
    if values.get("next_report_due") is not None and status != Status.GRANTED:
        errors["next_report_due"] = _("Only a granted application has reports due.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_application(
    *, actor, programme: FundingProgramme, today: datetime.date | None = None, **fields
) -> FundingApplication:
    """Track an application for funding from ``programme``, for a measure or the programme as
    a whole."""
    _require_officer(actor, obj=programme, summary="create funding application")
    values = {name: fields.get(name) for name in APPLICATION_FIELDS}
    values["status"] = values["status"] or Status.PREPARING
    values["reporting_duties"] = values["reporting_duties"] or ""
    check_application(values, today=today)
    application = FundingApplication.objects.create(programme=programme, **values)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=application,
        summary="funding application recorded",
        changes=snapshot(application),
    )
    return application


@transaction.atomic
def update_application(
    *, actor, application: FundingApplication, today: datetime.date | None = None, **fields
) -> FundingApplication:
    """Record the application's progress: submitted, granted (with the amount and the
    reporting duties), rejected or withdrawn."""
    _require_officer(actor, obj=application, summary="change funding application")
    values = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    values.update({name: fields[name] for name in APPLICATION_FIELDS if name in fields})
    values["reporting_duties"] = values["reporting_duties"] or ""
    check_application(values, today=today)
    before = snapshot(application)
    for name, value in values.items():
        setattr(application, name, value)
    application.save()
    record_update(
        actor=actor, obj=application, before=before, summary="funding application changed"
    )
    return application


# --- Best practices -----------------------------------------------------------------------


def _practice_links(practice: BestPractice) -> dict:
    return {
        "fields": sorted(field.slug for field in practice.fields.all()),
        "measures": _codes(practice.measures.all()),
    }


@transaction.atomic
def create_practice(
    *,
    actor,
    fields_of_action: Iterable[FieldOfAction] = (),
    measures: Iterable[Measure] = (),
    **values,
) -> BestPractice:
    """Add an example from another municipality, tagged by field of action and measure."""
    _require_officer(actor, summary="create best practice")
    practice = BestPractice(**{name: values[name] for name in PRACTICE_FIELDS if name in values})
    practice.full_clean(exclude=["fields", "measures"])
    practice.save()
    practice.fields.set(list(fields_of_action))
    practice.measures.set(list(measures))
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=practice,
        summary="best practice added",
        changes={**snapshot(practice), **_practice_links(practice)},
    )
    return practice


@transaction.atomic
def update_practice(
    *,
    actor,
    practice: BestPractice,
    fields_of_action: Iterable[FieldOfAction] | None = None,
    measures: Iterable[Measure] | None = None,
    **values,
) -> BestPractice:
    _require_officer(actor, obj=practice, summary="change best practice")
    before = {**snapshot(practice), **_practice_links(practice)}
    for name in PRACTICE_FIELDS:
        if name in values:
            setattr(practice, name, values[name])
    practice.full_clean(exclude=["fields", "measures"])
    practice.save()
    if fields_of_action is not None:
        practice.fields.set(list(fields_of_action))
    if measures is not None:
        practice.measures.set(list(measures))
    after = {**snapshot(practice), **_practice_links(practice)}
    changes = {
        name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]
    }
    if changes:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=practice,
            summary="best practice changed",
            changes=changes,
        )
    return practice


@transaction.atomic
def delete_practice(*, actor, practice: BestPractice) -> None:
    _require_officer(actor, obj=practice, summary="delete best practice")
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=practice,
        summary="best practice deleted",
        changes=snapshot(practice),
    )
    practice.delete()
