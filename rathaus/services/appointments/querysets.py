"""Reads of appointments: which desks a member of staff looks after, which appointments
are booked on a day or due for a reminder."""

import datetime

from django.db import models

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of

from .timezones import local_day_bounds


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_town_staff)


class DeskQuerySet(models.QuerySet):
    def active(self) -> "DeskQuerySet":
        return self.filter(is_active=True)

    def offering(self, service) -> "DeskQuerySet":
        """Active desks where ``service`` can be booked."""
        return self.active().filter(services=service)

    def managed_by(self, user) -> "DeskQuerySet":
        """Desks of the units where the person is a clerk or lead (and the units below);
        every desk for administrators."""
        if not _is_staff(user):
            return self.none()
        if is_administrator(user):
            return self
        return self.filter(unit_id__in=unit_ids_of(user))


class ClosureQuerySet(models.QuerySet):
    def between(self, first_day: datetime.date, last_day: datetime.date) -> "ClosureQuerySet":
        return self.filter(date__gte=first_day, date__lte=last_day)

    def affecting(self, desk_ids) -> "ClosureQuerySet":
        """Closures of the whole town and of the given desks."""
        return self.filter(models.Q(desk__isnull=True) | models.Q(desk_id__in=list(desk_ids)))

    def visible_to(self, user) -> "ClosureQuerySet":
        """Town-wide closures and those of the desks the person looks after."""
        from .models import Desk

        if not _is_staff(user):
            return self.none()
        return self.filter(
            models.Q(desk__isnull=True) | models.Q(desk__in=Desk.objects.managed_by(user))
        )


class AppointmentQuerySet(models.QuerySet):
    def booked(self) -> "AppointmentQuerySet":
        return self.filter(state="booked")

    def overlapping(
        self, starts_at: datetime.datetime, ends_at: datetime.datetime
    ) -> "AppointmentQuerySet":
        """Appointments that share at least a moment with ``[starts_at, ends_at)``."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def on_day(self, day: datetime.date) -> "AppointmentQuerySet":
        """Appointments that start on ``day`` in the town's time zone."""
        start, end = local_day_bounds(day)
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def for_day_view(self, desk, day: datetime.date) -> "AppointmentQuerySet":
        return (
            self.booked()
            .on_day(day)
            .filter(desk=desk)
            .select_related("service", "application")
            .order_by("starts_at", "seat")
        )

    def due_for_reminder(
        self, *, now: datetime.datetime, until: datetime.datetime, notice: datetime.timedelta
    ) -> "AppointmentQuerySet":
        """Booked appointments starting after ``now`` and up to ``until`` that were not
        reminded of yet and whose last confirmation went out at least ``notice`` before
        their start (a booking made this morning for tomorrow needs no reminder)."""
        return (
            self.booked()
            .filter(
                reminder_sent_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=until,
                updated_at__lte=models.F("starts_at") - notice,
            )
            .select_related("desk", "service", "booked_by")
            .order_by("starts_at")
        )
