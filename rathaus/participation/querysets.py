"""Reads of participatory processes."""

from django.db import models
from django.utils import timezone


class ProcessQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def running(self, today=None):
        """Published processes with a phase that has not ended."""
        today = today or timezone.localdate()
        return self.published().filter(phases__ends_on__gte=today).distinct()


class PhaseQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)
