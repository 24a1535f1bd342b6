"""Deadline reminders of the funding catalogue, sent by the daily run
(``manage.py programme_daily``): the e-Government officers are told 30 and 7 days before a
funding programme's next deadline, and 30 and 7 days before a granted application's next
report is due.

Each reminder goes out once, however often the run is repeated: sending it writes an audit
entry whose summary names the date and the stage ("30 days"), and a reminder whose entry
exists is not sent again. A changed deadline is a new date and is reminded of anew. A
programme's ``reminded_for`` keeps the deadline last reminded of. A date first seen less than
a week ahead gets only the 7-day reminder; with no officer appointed nothing is recorded, so
the reminder follows once there is one.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.models import User
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.models import Town
from rathaus.core.notifications.services import notify
from rathaus.core.tenancy import for_town

from .models import FundingApplication, FundingProgramme

FIRST_REMINDER_DAYS = 30
LAST_REMINDER_DAYS = 7


@dataclass
class ReminderCounts:
    deadlines: int = 0
    reports: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def stage_for(days_left: int) -> int | None:
    """The reminder due when a date is ``days_left`` days away: 30, 7 or none."""
    if 0 <= days_left <= LAST_REMINDER_DAYS:
        return LAST_REMINDER_DAYS
    if LAST_REMINDER_DAYS < days_left <= FIRST_REMINDER_DAYS:
        return FIRST_REMINDER_DAYS
    return None


def reminder_key(kind: str, date: datetime.date, stage: int) -> str:
    """The audit summary that records one reminder (and keeps it from going out twice)."""
    return f"{kind} reminder sent: {date.isoformat()}, {stage} days before"


def was_sent(obj, key: str) -> bool:
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), summary=key
    ).exists()


def officers() -> list[User]:
    return list(User.objects.staff().active().with_role(Role.EGOV_OFFICER))


def _remind_deadline(programme: FundingProgramme, today: datetime.date) -> bool:
    with transaction.atomic():
        locked = FundingProgramme.objects.select_for_update().filter(pk=programme.pk).first()
        if locked is None or locked.deadline is None:
            return False
        days_left = (locked.deadline - today).days
        stage = stage_for(days_left)
        key = reminder_key("deadline", locked.deadline, stage) if stage else ""
        recipients = officers()
        if not stage or not recipients or was_sent(locked, key):
            return False
        link = reverse("programme:funding_detail", args=[locked.pk])
        for officer in recipients:
            notify(
                recipient=officer,
                template="programme_funding_deadline",
                context={"programme": locked, "days_left": days_left},
                link=link,
            )
        record(
            action=AuditEntry.Action.OTHER,
            obj=locked,
            summary=key,
            changes={"deadline": locked.deadline.isoformat(), "recipients": len(recipients)},
        )
        locked.reminded_for = locked.deadline
        locked.save(update_fields=["reminded_for"])
    return True


def _remind_report(application: FundingApplication, today: datetime.date) -> bool:
    with transaction.atomic():
        locked = (
            FundingApplication.objects.select_for_update(of=("self",))
            .select_related("programme", "measure")
            .filter(pk=application.pk, status=FundingApplication.Status.GRANTED)
            .first()
        )
        if locked is None or locked.next_report_due is None:
            return False
        days_left = (locked.next_report_due - today).days
        stage = stage_for(days_left)
        key = reminder_key("report", locked.next_report_due, stage) if stage else ""
        recipients = officers()
        if not stage or not recipients or was_sent(locked, key):
            return False
        link = reverse("programme:funding_detail", args=[locked.programme_id])
        for officer in recipients:
            notify(
                recipient=officer,
                template="programme_funding_report_due",
                context={
                    "application": locked,
                    "programme": locked.programme,
                    "days_left": days_left,
                },
                link=link,
            )
        record(
            action=AuditEntry.Action.OTHER,
            obj=locked,
            summary=key,
            changes={
                "next_report_due": locked.next_report_due.isoformat(),
                "recipients": len(recipients),
            },
        )
    return True


def send_reminders(today: datetime.date | None = None) -> ReminderCounts:
    """Send the funding reminders due in the current town; returns how many went out."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=FIRST_REMINDER_DAYS)
    counts = ReminderCounts()
    for programme in FundingProgramme.objects.filter(
        deadline__gte=today, deadline__lte=horizon
    ).order_by("deadline", "pk"):
        counts.deadlines += _remind_deadline(programme, today)
    for application in FundingApplication.objects.filter(
        status=FundingApplication.Status.GRANTED,
        next_report_due__gte=today,
        next_report_due__lte=horizon,
    ).order_by("next_report_due", "pk"):
        counts.reports += _remind_report(application, today)
    return counts


def send_reminders_of_towns(towns=None, *, today: datetime.date | None = None) -> dict:
    """{town name: {"deadlines": n, "reports": n}}, town by town, each in its own scope."""
    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            result[str(town)] = send_reminders(today=today).as_dict()
    return result
