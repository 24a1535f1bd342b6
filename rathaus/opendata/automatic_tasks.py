"""Background job of the automatic datasets: "refresh now", started by a data steward.

The nightly refresh of every town is ``manage.py opendata_refresh`` (a systemd timer);
this task refreshes one automatic dataset and tells the steward how it went.
"""

from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.services import job_task, report_progress, set_result

from .models import AutomaticDataset


@task()
@job_task
def refresh_automatic_dataset(*, job_id: str, automatic_id: int) -> dict:
    from .services.automatic import run_refresh

    automatic = AutomaticDataset.objects.select_related("dataset", "organization").get(
        pk=automatic_id
    )
    report_progress(job_id, done=0, total=1, message=gettext("Building the figures."))
    resource = run_refresh(automatic)
    if resource is None:
        report_progress(
            job_id,
            done=1,
            total=1,
            message=gettext("Nothing was published: %(error)s") % {"error": automatic.last_error},
        )
        return {"published": False, "error": automatic.last_error}
    set_result(
        job_id,
        url=resource.dataset.get_absolute_url(),
        message=gettext("Published: %(name)s") % {"name": resource.name},
    )
    return {"published": True, "resource_id": str(resource.pk)}
