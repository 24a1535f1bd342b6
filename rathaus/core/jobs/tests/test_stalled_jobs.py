"""A job whose worker was lost (a crash, a killed process) would show "running" forever and
hold back what waits for it: ``fail_stalled_jobs`` marks it failed and tells its starter to
start it again, in every town; jobs still within their time and waiting jobs stay as they
are."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import start_job
from rathaus.core.jobs.tasks import count_to
from rathaus.core.tenancy import for_town, scopes_disabled

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _job(starter, state, *, hours_ago: float, label="Export") -> Job:
    moment = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Job.objects.create(
        label=label,
        task_path="x",
        started_by=starter,
        state=state,
        created_at=moment,
        started_at=moment if state != Job.State.QUEUED else None,
    )


def test_only_jobs_running_too_long_are_marked_failed_in_their_starters_language():
    german = UserFactory(preferred_language="de")
    stalled = _job(german, Job.State.RUNNING, hours_ago=3)
    running = _job(german, Job.State.RUNNING, hours_ago=0.5)
    waiting = _job(german, Job.State.QUEUED, hours_ago=5)
    done = _job(german, Job.State.SUCCEEDED, hours_ago=5)

    out = StringIO()
    call_command("fail_stalled_jobs", stdout=out)

    assert "1 stalled job(s)" in out.getvalue()
    stalled.refresh_from_db()
    assert stalled.state == Job.State.FAILED and stalled.finished_at is not None
    assert "Bitte starten Sie ihn erneut." in stalled.message
    for job, state in ((running, "running"), (waiting, "queued"), (done, "succeeded")):
        job.refresh_from_db()
        assert job.state == state


def test_the_limit_can_be_set(settings):
    job = _job(UserFactory(preferred_language="en"), Job.State.RUNNING, hours_ago=0.5)
    call_command("fail_stalled_jobs", "--hours", "0.25", stdout=StringIO())
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message.startswith("The job stopped without finishing")


def test_stalled_jobs_of_every_town_are_found(town, other_town):
    with for_town(other_town):
        elsewhere = _job(UserFactory(preferred_language="en"), Job.State.RUNNING, hours_ago=3)
    call_command("fail_stalled_jobs", stdout=StringIO())
    with scopes_disabled():
        elsewhere.refresh_from_db()
    assert elsewhere.state == Job.State.FAILED


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_queues_own_row_is_closed_too():
    job = start_job(task=count_to, label="Zählen", started_by=UserFactory(), kwargs={"n": 2})
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    # What a worker leaves behind when it is killed halfway through.
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=three_hours_ago)
    DBTaskResult.objects.filter(id=job.task_result_id).update(
        status="RUNNING", started_at=three_hours_ago
    )

    call_command("fail_stalled_jobs", stdout=StringIO())

    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
