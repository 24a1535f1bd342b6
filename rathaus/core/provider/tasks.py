"""Background jobs of the provider area: exporting and deleting a town.

A job belongs to the provider's tenant (its starter's town), and the job machinery runs
it inside that town's scope; the town it works on is passed by id.
"""

import tempfile
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, set_result
from rathaus.core.models import Town

from . import services


def _starter(job_id):
    return Job.objects.select_related("started_by").get(pk=job_id).started_by


@task()
@job_task
def export_town_job(*, job_id: str, town_id: str) -> str:
    """Write the town's ZIP archive, keep it as a file of the provider's tenant and offer
    it on the job's page."""
    from rathaus.core.towns.export import export_town

    town = Town.objects.get(pk=town_id)
    name = services.export_file_name(town, timezone.localdate())

    def progress(done: int, total: int) -> None:
        report_progress(
            job_id, done=done, total=total + 1, message=gettext("Collecting the town's data.")
        )

    progress(0, 0)
    with tempfile.TemporaryDirectory(prefix="rathaus-export-") as directory:
        archive = export_town(town=town, destination=Path(directory) / name, progress=progress)
        stored = services.store_town_export(
            actor=_starter(job_id), town=town, archive=Path(archive), name=name
        )
    set_result(
        job_id,
        url=reverse("provider:export_download", args=[stored.pk]),
        message=gettext("The export is ready for download."),
    )
    return str(stored.pk)


@task()
@job_task
def delete_town_job(*, job_id: str, town_id: str) -> None:
    """Delete the town with all its data."""
    town = Town.objects.filter(pk=town_id).first()
    if town is None:
        report_progress(job_id, done=1, total=1, message=gettext("The town was already deleted."))
        return
    report_progress(job_id, done=0, total=1, message=gettext("Deleting the town's data."))
    services.delete_town_now(actor=_starter(job_id), town=town)
    report_progress(job_id, done=1, total=1, message=gettext("The town has been deleted."))
    set_result(job_id, url=reverse("provider:towns"))
