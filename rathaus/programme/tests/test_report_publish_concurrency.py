"""Two presses of "publish" at the same moment start one publishing job; the other is
refused (PostgreSQL, whose row locks make that so)."""

import threading

import pytest
from django.db import connection

from rathaus.core.jobs.models import Job
from rathaus.core.tenancy import for_town

from ..models import AnnualReport
from ..services import report as services
from .factories import THIS_YEAR, AnnualReportFactory, FieldOfActionFactory, MeasureFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_publishing_twice_at_once_starts_one_job(town, officer, settings):
    from django.db import connections

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    MeasureFactory(field=FieldOfActionFactory(), title="Parkausweis online")
    report = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=report, actor=officer)
    services.save_texts(actor=officer, report=report, texts={"summary": "Ein gutes Jahr."})

    barrier = threading.Barrier(2)
    started, refused, errors = [], [], []

    def press():
        try:
            with for_town(town):
                barrier.wait()
                started.append(services.start_publishing(actor=officer, report=report))
        except services.ReportPublishing:
            refused.append(True)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(started) == 1 and len(refused) == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [started[0].pk]
    assert AnnualReport.objects.get().job_id == started[0].pk
