"""Background jobs run, report progress, and show it only to the person who started them."""

import signal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import report_progress, set_result, start_job
from rathaus.core.jobs.tasks import count_to
from rathaus.core.jobs.views import PAGE_SIZE

BACKEND = "rathaus.core.accounts.backends.EmailBackend"


@pytest.fixture
def person(client):
    user = UserFactory(preferred_language="de")
    client.force_login(user, backend=BACKEND)
    return user


def test_started_job_runs_to_the_end(person):
    job = start_job(task=count_to, label="Zählen", started_by=person, kwargs={"n": 3})
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at is not None and job.finished_at is not None
    assert job.task_result_id
    assert job.task_path == "rathaus.core.jobs.tasks.count_to"
    assert job.message == "Bis 3 von 3 gezählt."


def test_progress_messages_are_in_the_starters_language():
    english = UserFactory(preferred_language="en")
    job = start_job(task=count_to, label="Count", started_by=english, kwargs={"n": 2})
    assert job.message == "Counted to 2 of 2."


def test_failed_job_is_marked_failed_with_a_general_message(person, client):
    job = start_job(task=count_to, label="Zählen", started_by=person, kwargs={"n": 5, "fail_at": 3})
    assert job.state == Job.State.FAILED
    assert job.finished_at is not None
    assert job.done == 2
    assert "Stopped at" not in job.message
    assert "konnte nicht abgeschlossen werden" in job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Der Auftrag ist fehlgeschlagen." in page


def test_progress_page_shows_how_far_the_job_is(person, client):
    job = Job.objects.create(label="Export", task_path="x", started_by=person, state="running")
    report_progress(job.pk, done=2, total=5, message="Akte 2 von 5 exportiert")
    response = client.get(job.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="job-progress" max="100" value="40">' in page
    assert "Akte 2 von 5 exportiert" in page
    assert "Läuft" in page
    assert f'href="{job.get_absolute_url()}"' in page and "Aktualisieren" in page
    assert "jobs/progress.js" in page
    assert "<script>" not in page


def test_finished_job_links_to_its_result(person, client):
    job = start_job(task=count_to, label="Zählen", started_by=person, kwargs={"n": 1})
    set_result(job.pk, url="/dateien/ergebnis/")
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'href="/dateien/ergebnis/"' in page
    assert "Aktualisieren" not in page
    assert "progress.js" not in page


def test_result_must_be_a_path_on_the_site(person):
    job = Job.objects.create(label="x", task_path="x", started_by=person)
    with pytest.raises(ValueError, match="path on this site"):
        set_result(job.pk, url="https://evil.example/")


def test_status_endpoint_reports_progress_as_json(person, client):
    job = Job.objects.create(label="x", task_path="x", started_by=person, state="running")
    report_progress(job.pk, done=1, total=4, message="eins")
    data = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert data == {
        "state": "running",
        "state_label": "Läuft",
        "done": 1,
        "total": 4,
        "percent": 25,
        "message": "eins",
        "finished": False,
        "result_url": "",
    }


def test_someone_else_gets_404_for_the_job_and_its_status(person, client):
    job = start_job(task=count_to, label="Zählen", started_by=UserFactory(), kwargs={"n": 1})
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404


def test_anonymous_visitor_is_asked_to_sign_in(client):
    job = start_job(task=count_to, label="Zählen", started_by=UserFactory(), kwargs={"n": 1})
    assert client.get(job.get_absolute_url()).status_code == 302


def test_my_jobs_lists_only_own_jobs_page_by_page(person, client):
    Job.objects.create(label="Meiner erster", task_path="x", started_by=person)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:list"))
    for n in range(PAGE_SIZE + 1):
        Job.objects.create(label=f"Meiner {n:02d}", task_path="x", started_by=person)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("jobs:list"))
    assert len(many) == len(few)
    Job.objects.create(label="Fremder Auftrag", task_path="x", started_by=UserFactory())
    first = client.get(reverse("jobs:list")).content.decode()
    second = client.get(reverse("jobs:list"), {"page": 2}).content.decode()
    assert first.count("Meiner ") == PAGE_SIZE
    assert second.count("Meiner ") == 2
    assert "Fremder Auftrag" not in first + second


def test_my_jobs_without_jobs_says_so(person, client):
    assert "noch keine Aufträge" in client.get(reverse("jobs:list")).content.decode()


@pytest.fixture
def keep_signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


@pytest.mark.django_db(transaction=True)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_database_queue_and_worker_run_the_job(keep_signal_handlers):
    starter = UserFactory()
    job = start_job(task=count_to, label="Zählen", started_by=starter, kwargs={"n": 4})
    assert job.state == Job.State.QUEUED
    queued = DBTaskResult.objects.get(id=job.task_result_id)
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total) == (4, 4)
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
