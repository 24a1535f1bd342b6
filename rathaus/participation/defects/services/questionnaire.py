"""“Is it fixed?”: some time after a report was marked fixed, its reporter is asked
once. A “no” opens the report again, with a public history entry, and tells the unit.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import absolute_url, notify, send_templated_email

from .. import exceptions
from ..models import DefectReport, DefectSettings, ReportUpdate, Status
from .reporting import alert_unit

SALT = "rathaus.defects.questionnaire"
MAX_AGE = 90 * 24 * 3600
COMMENT_LIMIT = 2000


def token_for(report: DefectReport) -> str:
    sent = report.questionnaire_sent_at.isoformat() if report.questionnaire_sent_at else ""
    return signing.dumps({"r": str(report.pk), "s": sent}, salt=SALT, compress=True)


def questionnaire_url(report: DefectReport) -> str:
    return absolute_url(reverse("defects:questionnaire", args=[token_for(report)]))


def report_for_token(token: str) -> DefectReport:
    """The report the link is about, while its question is open; else
    ``QuestionnaireInvalid``."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        raise exceptions.QuestionnaireInvalid from None
    report = DefectReport.objects.filter(pk=payload.get("r")).first()
    if (
        report is None
        or report.status != Status.FIXED
        or report.questionnaire_sent_at is None
        or report.questionnaire_answered_at is not None
        or payload.get("s") != report.questionnaire_sent_at.isoformat()
    ):
        raise exceptions.QuestionnaireInvalid
    return report


def due_reports(now=None):
    """Fixed reports whose reporter has not been asked and whose time has come."""
    found = DefectSettings.objects.first()
    days = found.questionnaire_after_days if found is not None else 28
    if not days:
        return DefectReport.objects.none()
    now = now or timezone.now()
    return DefectReport.objects.filter(
        status=Status.FIXED,
        is_hidden=False,
        questionnaire_sent_at__isnull=True,
        fixed_at__lte=now - datetime.timedelta(days=days),
    ).select_related("category", "reporter")


def send_questionnaires(now=None) -> int:
    """Ask every due reporter once (in the active town); returns how many were asked."""
    asked = 0
    for report in due_reports(now).iterator():
        with transaction.atomic():
            locked = DefectReport.objects.select_for_update().get(pk=report.pk)
            if locked.questionnaire_sent_at is not None or locked.status != Status.FIXED:
                continue
            locked.questionnaire_sent_at = timezone.now()
            locked.save(update_fields=["questionnaire_sent_at"])
            if _ask(locked, report):
                asked += 1
    return asked


def _ask(locked: DefectReport, report: DefectReport) -> bool:
    context = {
        "report": locked,
        "category": report.category.name if report.category else "",
        "link": questionnaire_url(locked),
    }
    path = reverse("defects:questionnaire", args=[token_for(locked)])
    reporter = report.reporter
    if reporter is not None and reporter.is_active:
        notify(recipient=reporter, template="defects/questionnaire", context=context, link=path)
        return True
    if locked.reporter_email:
        send_templated_email(
            to=locked.reporter_email, template="defects/questionnaire", context=context
        )
        return True
    return False


@transaction.atomic
def answer_questionnaire(*, token: str, fixed: bool, comment: str = "") -> DefectReport:
    """The reporter's answer. “No”: the report is confirmed (open) again, with the
    comment as a public history entry, and its unit is told."""
    report = report_for_token(token)
    report = DefectReport.objects.select_for_update().get(pk=report.pk)
    if report.questionnaire_answered_at is not None or report.status != Status.FIXED:
        raise exceptions.QuestionnaireInvalid
    comment = (comment or "").replace("\r\n", "\n").strip()[:COMMENT_LIMIT]
    now = timezone.now()
    report.questionnaire_answered_at = now
    if fixed:
        report.save(update_fields=["questionnaire_answered_at"])
        return report
    report.status = Status.CONFIRMED
    report.fixed_at = None
    report.updated_at = now
    report.save()
    ReportUpdate.objects.create(
        report=report, status=Status.CONFIRMED, note=comment, created_at=now
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=None,
        obj=report,
        summary=f"defect report {report.number} reopened by the reporter",
        changes={"status": [Status.FIXED, Status.CONFIRMED]},
    )
    alert_unit(report, "defects/reopened", {"comment": comment})
    return report
