"""Progress of background jobs, shown to the person who started them."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.tenancy import TownOwned, scoped_manager


class JobQuerySet(models.QuerySet):
    def started_by(self, user) -> "JobQuerySet":
        """The jobs a person started, newest first (nobody else sees them)."""
        return self.filter(started_by=user).order_by("-created_at", "-pk")


class Job(TownOwned):
    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job state", "Waiting")
        RUNNING = "running", pgettext_lazy("job state", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("job state", "Done")
        FAILED = "failed", pgettext_lazy("job state", "Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(_("job"), max_length=200)
    task_path = models.CharField(max_length=200)
    task_result_id = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager(JobQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["started_by", "-created_at"], name="jobs_by_starter_idx")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0
