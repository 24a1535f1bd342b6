"""A job carries its town: its body sees and writes only that town's data, wherever it runs,
and only that town's host shows it."""

import contextvars

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks import task

from rathaus.core.accounts.models import Unit, User
from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, start_job
from rathaus.core.tenancy import current_town, for_town, scopes_disabled

from .test_jobs import keep_signal_handlers  # noqa: F401 (a fixture)

BACKEND = "rathaus.core.accounts.backends.EmailBackend"
OTHER_HOST = "musterstadt.localhost"


@task()
@job_task
def survey_the_town(*, job_id: str) -> int:
    """Count the town's accounts and leave a unit behind, saying which town it ran for."""
    accounts = User.objects.count()
    Unit.objects.create(name="Angelegt vom Auftrag", code="job")
    report_progress(job_id, done=accounts, total=accounts, message=current_town().name)
    return accounts


@pytest.fixture
def two_towns(town, other_town):
    """Weiterstadt with three accounts, Musterstadt with one."""
    UserFactory.create_batch(3)
    with for_town(other_town):
        UserFactory()
    return town, other_town


def _start_in(town) -> Job:
    with for_town(town):
        starter = User.objects.first()
        return start_job(task=survey_the_town, label="Zählen", started_by=starter)


def _units_named_by_the_job(town) -> int:
    with for_town(town):
        return Unit.objects.filter(code="job").count()


def _run_worker_outside_any_town():
    """A worker process has no town of its own: run it in a fresh context, without the
    test's scope."""
    contextvars.Context().run(
        call_command, "db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0
    )


def test_immediate_job_counts_and_writes_only_in_its_own_town(two_towns):
    town, other_town = two_towns
    job = _start_in(other_town)
    assert job.state == Job.State.SUCCEEDED
    assert job.town_id == other_town.pk
    assert (job.done, job.message) == (1, "Musterstadt")
    assert _units_named_by_the_job(other_town) == 1
    assert _units_named_by_the_job(town) == 0


def test_job_runs_for_its_own_town_even_when_picked_up_in_another_towns_scope(two_towns):
    town, other_town = two_towns
    with for_town(other_town):
        job = Job.objects.create(label="Zählen", task_path=survey_the_town.module_path)
    with for_town(town):
        survey_the_town.enqueue(job_id=str(job.pk))
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.state, job.done, job.message) == (Job.State.SUCCEEDED, 1, "Musterstadt")
    assert _units_named_by_the_job(town) == 0
    assert _units_named_by_the_job(other_town) == 1


@pytest.mark.django_db(transaction=True)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_worker_runs_each_queued_job_for_its_own_town(two_towns, keep_signal_handlers):  # noqa: F811
    town, other_town = two_towns
    ours = _start_in(town)
    theirs = _start_in(other_town)
    assert {ours.state, theirs.state} == {Job.State.QUEUED}

    _run_worker_outside_any_town()

    with scopes_disabled():
        ours.refresh_from_db()
        theirs.refresh_from_db()
    assert (ours.state, ours.done, ours.message) == (Job.State.SUCCEEDED, 3, "Weiterstadt")
    assert (theirs.state, theirs.done, theirs.message) == (Job.State.SUCCEEDED, 1, "Musterstadt")
    assert _units_named_by_the_job(town) == 1
    assert _units_named_by_the_job(other_town) == 1


def test_job_of_one_town_is_404_on_the_other_towns_host(two_towns, client):
    town, other_town = two_towns
    job = _start_in(town)
    with for_town(other_town):
        stranger = User.objects.get()
        client.force_login(stranger, backend=BACKEND)
    for url in (job.get_absolute_url(), reverse("jobs:status", args=[job.pk])):
        assert client.get(url, HTTP_HOST=OTHER_HOST).status_code == 404
    listing = client.get(reverse("jobs:list"), HTTP_HOST=OTHER_HOST).content.decode()
    assert "Zählen" not in listing


def test_starter_of_a_job_is_not_signed_in_on_the_other_towns_host(two_towns, client):
    town, _ = two_towns
    job = _start_in(town)
    client.force_login(job.started_by, backend=BACKEND)
    assert client.get(job.get_absolute_url()).status_code == 200
    response = client.get(job.get_absolute_url(), HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
