"""The clerk's steps on a report: in progress, scheduled, fixed, not responsible
(passed on to another category or closed), duplicate, closed, reopened.

Every step is one transaction: the report's status and public note, a history entry
(``ReportUpdate``) anyone can read, an audit entry, and an e-mail to the reporter and
everybody following the report (the reporter follows their own report).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import absolute_url
from rathaus.participation.engagement.services import notify_followers

from .. import exceptions
from ..models import DefectCategory, DefectReport, ReportUpdate, Status
from ..querysets import public_reports
from .reporting import alert_unit

# From a status, the statuses a clerk may set.
_WORK = {Status.IN_PROGRESS, Status.SCHEDULED, Status.FIXED}
_END = {Status.NOT_RESPONSIBLE, Status.DUPLICATE, Status.CLOSED}
ALLOWED = {
    Status.UNCONFIRMED: {Status.CLOSED},
    Status.CONFIRMED: _WORK | _END,
    Status.IN_PROGRESS: (_WORK | _END) - {Status.IN_PROGRESS},
    Status.SCHEDULED: _WORK | _END,
    Status.FIXED: {Status.CONFIRMED, Status.IN_PROGRESS},
    Status.NOT_RESPONSIBLE: {Status.CONFIRMED},
    Status.DUPLICATE: {Status.CONFIRMED},
    Status.CLOSED: {Status.CONFIRMED},
}
NOTE_LIMIT = 2000


def may_handle(user, report: DefectReport) -> bool:
    """Administrators handle every report; clerks and unit leads those of their units."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_town_staff", False):
        return False
    return is_administrator(user) or (
        report.unit_id is not None and report.unit_id in unit_ids_of(user)
    )


def next_statuses(report: DefectReport) -> list[str]:
    return [status for status in Status.values if status in ALLOWED.get(report.status, ())]


def _lock(report: DefectReport) -> DefectReport:
    return DefectReport.objects.select_for_update().get(pk=report.pk)


def _note(note: str) -> str:
    return (note or "").replace("\r\n", "\n").strip()[:NOTE_LIMIT]


def _step(report: DefectReport, *, actor, note: str, summary: str, changes: dict) -> None:
    """History, audit and followers for a step already written to ``report``."""
    now = report.updated_at
    ReportUpdate.objects.create(
        report=report, status=report.status, note=note, author=actor, created_at=now
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=report,
        summary=summary,
        changes=changes,
    )
    link = report.get_absolute_url()
    if report.status != Status.UNCONFIRMED:
        notify_followers(
            target=report,
            template="defects/status_changed",
            context={
                "report": report,
                "category": report.category.name if report.category else "",
                "status": report.get_status_display(),
                "note": note,
                "expected_at": report.expected_at.date() if report.expected_at else None,
                "url": absolute_url(link),
            },
            link=link,
            exclude_user=actor,
        )


@transaction.atomic
def change_status(
    *,
    actor,
    report: DefectReport,
    status: str,
    note: str = "",
    expected_at: datetime.date | datetime.datetime | None = None,
    duplicate_of_number: int | None = None,
) -> DefectReport:
    """Set the report's next status with a public note; see ``ALLOWED``."""
    if not may_handle(actor, report):
        raise exceptions.NotResponsible
    report = _lock(report)
    if status not in ALLOWED.get(report.status, ()):
        raise exceptions.TransitionNotAllowed
    note = _note(note)
    before = report.status
    now = timezone.now()
    report.duplicate_of = None
    if status == Status.SCHEDULED:
        if expected_at is None:
            raise exceptions.DateRequired
        if isinstance(expected_at, datetime.date) and not isinstance(
            expected_at, datetime.datetime
        ):
            expected_at = timezone.make_aware(
                datetime.datetime.combine(expected_at, datetime.time(12))
            )
        report.expected_at = expected_at
    if status == Status.DUPLICATE:
        original = (
            public_reports().filter(number=duplicate_of_number).first()
            if duplicate_of_number
            else None
        )
        if original is None or original.pk == report.pk:
            raise exceptions.DuplicateTargetInvalid
        report.duplicate_of = original
    report.status = status
    report.updated_at = now
    if note:
        report.public_note = note
    if status == Status.FIXED:
        report.fixed_at = now
        report.questionnaire_sent_at = None
        report.questionnaire_answered_at = None
    elif before == Status.FIXED:
        report.fixed_at = None
    report.save()
    _step(
        report,
        actor=actor,
        note=note,
        summary=f"defect report {report.number}: {before} → {status}",
        changes={"status": [before, status]},
    )
    return report


@transaction.atomic
def reassign(
    *, actor, report: DefectReport, category: DefectCategory, note: str = ""
) -> DefectReport:
    """Not responsible: pass the report on to another category (and its unit). The
    report stays open; the new unit is told."""
    if not may_handle(actor, report):
        raise exceptions.NotResponsible
    report = _lock(report)
    if report.status not in (Status.CONFIRMED, Status.IN_PROGRESS, Status.SCHEDULED):
        raise exceptions.TransitionNotAllowed
    if category.pk == report.category_id:
        raise exceptions.TransitionNotAllowed
    before = (str(report.category_id), str(report.unit_id))
    report.category = category
    report.unit_id = category.unit_id
    report.status = Status.CONFIRMED
    report.updated_at = timezone.now()
    note = _note(note)
    if note:
        report.public_note = note
    report.save()
    _step(
        report,
        actor=actor,
        note=note,
        summary=f"defect report {report.number} passed on to {category.code}",
        changes={
            "category": [before[0], str(category.pk)],
            "unit": [before[1], str(category.unit_id)],
        },
    )
    alert_unit(report, "defects/new_report")
    return report


def staff_link(report: DefectReport) -> str:
    return reverse("defects_staff:report", args=[report.number])
