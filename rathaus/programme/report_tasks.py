"""Background job of the annual report: generating its figures from live data, with
progress the officer follows on the job's page."""

from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, set_result

from .models import AnnualReport


@task()
@job_task
def generate_annual_report(*, job_id: str, report_id: str) -> dict:
    from .services.report import generate_report

    report = AnnualReport.objects.get(pk=report_id)
    starter = Job.objects.select_related("started_by").get(pk=job_id).started_by
    report_progress(job_id, done=0, total=1, message=gettext("Gathering the figures."))

    def progress(done: int, total: int, message: str) -> None:
        report_progress(job_id, done=done, total=total, message=message)

    generate_report(report=report, actor=starter, progress=progress)
    set_result(
        job_id,
        url=reverse("programme:report_preview", args=[report.year]),
        message=gettext("The annual report %(year)s is generated: open the preview.")
        % {"year": report.year},
    )
    return {"report_id": report_id, "year": report.year}
