"""Background job of the file plan: importing a CSV with progress."""

from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, set_result


@task()
@job_task
def import_plan_job(*, job_id: str, text: str) -> dict:
    """Import the checked CSV; if it no longer passes the checks, nothing is written."""
    from .services.plan import ImportRefused, import_plan

    actor = Job.objects.select_related("started_by").get(pk=job_id).started_by

    def progress(done: int, total: int) -> None:
        report_progress(
            job_id, done=done, total=total, message=gettext("Importing file plan positions.")
        )

    report_progress(job_id, done=0, total=1, message=gettext("Checking the file."))
    try:
        result = import_plan(actor=actor, text=text, progress=progress)
    except ImportRefused as refusal:
        line, message = refusal.errors[0]
        set_result(
            job_id,
            url=reverse("records:plan_import"),
            message=gettext("Nothing was imported: line %(line)d: %(message)s")
            % {"line": line, "message": message},
        )
        return {"errors": len(refusal.errors)}
    set_result(
        job_id,
        url=reverse("records:plan"),
        message=gettext("Import finished: %(created)d positions created, %(updated)d changed.")
        % result,
    )
    return result
