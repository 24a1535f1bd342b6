"""Reads of courses, assignments and classroom sessions."""

import datetime

from django.db import models
from django.utils import timezone


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state="published")


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days: int, today: datetime.date | None = None):
        """Open and due between today and ``days`` from now."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days))

    def of_active_staff(self):
        return self.filter(person__is_active=True, person__kind="staff")


class SessionQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(cancelled_at__isnull=True, starts_at__gte=timezone.now())

    def held(self):
        return self.filter(cancelled_at__isnull=True, starts_at__lt=timezone.now())
