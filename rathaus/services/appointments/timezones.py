"""Wall-clock times of the town (settings.TIME_ZONE) as aware datetimes.

Opening hours and closures are kept as local times and dates; appointments are stored as
aware datetimes (UTC in the database). These helpers turn one into the other, also on the
days the clocks change.
"""

import datetime
import zoneinfo

from django.utils import timezone


def town_zone() -> zoneinfo.ZoneInfo:
    return timezone.get_default_timezone()


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """``time`` on ``day`` in the town's time zone, as an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=town_zone())


def local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Start of ``day`` and start of the day after, in the town's time zone."""
    return (
        local_datetime(day, datetime.time.min),
        local_datetime(day + datetime.timedelta(days=1), datetime.time.min),
    )


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(town_zone()).date()
