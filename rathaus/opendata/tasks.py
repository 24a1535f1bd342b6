"""Background jobs of the open-data catalogue: checking and loading an uploaded table."""

from django.urls import reverse
from django_tasks import task

from rathaus.core.jobs.services import job_task, set_result


@task()
@job_task
def load_table(*, job_id: str, load_id: str) -> int:
    """Check a tabular file against its Table Schema and, when it is valid, make it the
    resource's table (``datastore.loading.run_load``). Returns the rows loaded."""
    from .datastore.loading import run_load
    from .models import TableLoad

    try:
        return run_load(load_id, job_id=job_id)
    finally:
        # Whatever the outcome, the job's page leads to the resource and its check report.
        load = TableLoad.objects.select_related("resource__dataset").filter(pk=load_id).first()
        if load is not None:
            resource = load.resource
            url = reverse("opendata_staff:resource", args=[resource.dataset.name, resource.pk])
            set_result(job_id, url=url)
