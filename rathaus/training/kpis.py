"""Key figures of staff training, for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time (then "until today"). Figures about a state (the
trained share, the overdue assignments) are taken on the period's last day, or today if
that lies ahead; they count the people active on the staff now. They come from the same
functions as the compliance view, so both give the same numbers.
"""

import datetime

from django.utils import timezone

from rathaus.core.accounts.models import User
from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from . import compliance
from .models import Certificate


def _as_of(period) -> datetime.date:
    today = timezone.localdate()
    return min(period[1], today) if period else today


def trained_share_of_staff(as_of: datetime.date | None = None) -> compliance.Rate:
    """Active staff with any assignment or certificate, and those of them who completed
    every course they are assigned with a valid certificate (inside the town's scope)."""
    staff = User.objects.staff().active()
    return compliance.trained_share(staff, list(compliance.compliance_courses()), as_of)


@register_kpi(
    key="training.trained_share",
    label="Anteil geschulter Beschäftigter",
    unit="%",
    description="Of the active staff with a course to take, the share who have completed "
    "every assigned course with a valid certificate, on the period's last day.",
)
def trained_share(town, period) -> float | None:
    with for_town(town):
        return trained_share_of_staff(_as_of(period)).percent


@register_kpi(
    key="training.overdue",
    label="Überfällige Schulungen",
    unit="Schulungen",
    description="Open course assignments of active staff past their due date, on the "
    "period's last day.",
)
def overdue(town, period) -> int:
    as_of = _as_of(period)
    with for_town(town):
        staff = User.objects.staff().active()
        courses = list(compliance.compliance_courses())
        shares = compliance.course_shares(staff, courses, as_of)
        return sum(rate.overdue for rate in shares.values())


@register_kpi(
    key="training.certificates",
    label="Ausgestellte Schulungsnachweise",
    unit="Nachweise",
    description="Certificates issued for completed courses (online or in a classroom "
    "session) in the period.",
)
def certificates(town, period) -> int:
    with for_town(town):
        issued = Certificate.objects.all()
        if period:
            first, last = period
            issued = issued.filter(issued_on__gte=first, issued_on__lte=last)
        return issued.count()
