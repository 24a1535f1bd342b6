"""Background jobs of the annual report, with progress the officer follows on the job's page:
generating its figures from live data, and publishing it (rendering the frozen web page and
the PDF, then marking it published)."""

from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, set_result

from .models import AnnualReport


def _starter(job_id: str):
    return Job.objects.select_related("started_by").get(pk=job_id).started_by


def _progress_of(job_id: str):
    def progress(done: int, total: int, message: str) -> None:
        report_progress(job_id, done=done, total=total, message=message)

    return progress


@task()
@job_task
def generate_annual_report(*, job_id: str, report_id: str) -> dict:
    from .services.report import generate_report

    report = AnnualReport.objects.get(pk=report_id)
    starter = _starter(job_id)
    report_progress(job_id, done=0, total=1, message=gettext("Gathering the figures."))
    generate_report(report=report, actor=starter, progress=_progress_of(job_id))
    set_result(
        job_id,
        url=reverse("programme:report_preview", args=[report.year]),
        message=gettext("The annual report %(year)s is generated: open the preview.")
        % {"year": report.year},
    )
    return {"report_id": report_id, "year": report.year}


@task()
@job_task
def publish_annual_report(*, job_id: str, report_id: str) -> dict:
    """Render and publish the report; on an error it stays a draft (the job fails)."""
    from .services.report import publish_report

    report = AnnualReport.objects.get(pk=report_id)
    starter = _starter(job_id)
    report_progress(job_id, done=0, total=3, message=gettext("Rendering the report."))
    publish_report(actor=starter, report=report, job_id=job_id, progress=_progress_of(job_id))
    set_result(
        job_id,
        url=reverse("programme:report", args=[report.year]),
        message=gettext("The annual report %(year)s is published. Its page and PDF are frozen.")
        % {"year": report.year},
    )
    return {"report_id": report_id, "year": report.year}
