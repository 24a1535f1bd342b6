"""Starting background jobs and reporting their progress.

A job is a django-tasks task wrapped with ``@job_task``; ``start_job`` creates the
``Job`` row the starter watches and enqueues the task with ``job_id``::

    @task()
    @job_task
    def export_files(*, job_id: str, unit_id: str) -> None:
        for done, item in enumerate(items, 1):
            ...
            report_progress(job_id, done=done, total=len(items))
        set_result(job_id, url="/…/download/")

    job = start_job(task=export_files, label=_("Export"), started_by=user,
                    kwargs={"unit_id": str(unit.pk)})
    return redirect(job)
"""

import datetime
import functools
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from rathaus.core.tenancy import for_town, scopes_disabled

from .models import Job

logger = logging.getLogger(__name__)

# A job running this long has lost its worker (a crash, a killed process, a restarted
# machine): nothing will finish it. Jobs here take seconds to minutes.
STALLED_AFTER = datetime.timedelta(hours=2)


def start_job(*, task, label: str, started_by, args=(), kwargs: dict | None = None) -> Job:
    """Create the job the starter can watch and enqueue ``task`` with ``job_id=<its id>``.

    Arguments must be JSON-serialisable (ids, not model instances). With the
    database backend the task is queued in the same transaction, so a worker picks
    it up only once the job exists.
    """
    with transaction.atomic():
        job = Job.objects.create(
            label=str(label)[:200], task_path=task.module_path, started_by=started_by
        )
        result = task.enqueue(*args, job_id=str(job.pk), **(kwargs or {}))
        # update(), not save(): an immediate backend has already moved the job on.
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def report_progress(job_id, *, done: int, total: int, message: str = "") -> None:
    """Tell the starter how far the job is (``done`` of ``total`` steps)."""
    Job.objects.filter(pk=job_id).update(
        done=max(0, done), total=max(0, total), message=str(message)[:300]
    )


def set_result(job_id, *, url: str, message: str = "") -> None:
    """Where the starter finds what the job produced (a path on this site)."""
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("A job's result must be a path on this site.")
    fields = {"result_url": url[:500]}
    if message:
        fields["message"] = str(message)[:300]
    Job.objects.filter(pk=job_id).update(**fields)


def _language_of(job: Job) -> str:
    starter = job.started_by
    return getattr(starter, "preferred_language", "") or settings.LANGUAGE_CODE


def job_task(func):
    """Run ``func(*, job_id, ...)`` as a job: mark it running, then done or failed.

    Put it under ``@task()``. The job carries its town: the body runs inside that town's
    scope (a worker has none of its own), so it sees and creates only that town's rows.
    While it runs, the starter's language is active, so progress messages can be
    translated with ``gettext``. On an error the job is marked failed with a general
    message (the details go to the log, not to the page) and the error is raised again
    for the task backend.
    """

    @functools.wraps(func)
    def run(*args, job_id, **kwargs):
        # The job's id is all the task gets; which town it belongs to is only known once
        # the row is read, so this one look-up happens outside any town's scope.
        with scopes_disabled():
            job = Job.objects.select_related("town", "started_by").get(pk=job_id)
        with for_town(job.town):
            return _run_job(func, job, job_id, args, kwargs)

    return run


def _run_job(func, job: Job, job_id, args, kwargs):
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, started_at=timezone.now(), finished_at=None
    )
    language = _language_of(job)
    try:
        with translation.override(language):
            value = func(*args, job_id=job_id, **kwargs)
    except Exception:
        logger.exception("Job %s (%s) failed.", job_id, job.task_path)
        with translation.override(language):
            message = gettext(
                "The job could not be finished. Please try again later; if it fails "
                "again, tell the town hall's IT."
            )
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished_at=timezone.now(), message=message
        )
        raise
    finished = Job.objects.filter(pk=job_id)
    finished.filter(total__gt=0).update(done=F("total"))
    finished.update(state=Job.State.SUCCEEDED, finished_at=timezone.now())
    return value


def fail_stalled_jobs(*, older_than: datetime.timedelta = STALLED_AFTER, now=None) -> int:
    """Mark the jobs of every town that have been running for longer than ``older_than``
    as failed, with a message that says to start them again; returns how many.

    Whatever a job holds back while it runs (an annual report being published) is free
    again. Should such a job still finish after all, it marks itself done as usual.
    """
    now = now or timezone.now()
    with scopes_disabled():
        stalled = list(
            Job.objects.filter(state=Job.State.RUNNING, started_at__lt=now - older_than)
            .select_related("started_by")
            .order_by("started_at")
        )
        for job in stalled:
            with translation.override(_language_of(job)):
                message = gettext(
                    "The job stopped without finishing, because the server processing it "
                    "was interrupted. Please start it again."
                )
            Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                state=Job.State.FAILED, finished_at=now, message=message
            )
            logger.warning("Job %s (%s) had stalled and is marked failed.", job.pk, job.task_path)
        _fail_task_results([job.task_result_id for job in stalled if job.task_result_id], now)
    return len(stalled)


def _fail_task_results(ids: list[str], now) -> None:
    """The database queue's own rows of the stalled jobs, so that they are pruned like
    others (another backend's ids are not this table's: they are left alone)."""
    ids = [value for value in ids if _is_uuid(value)]
    if not ids or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=now
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
