"""Background tasks of the jobs app: a demonstration job that counts."""

from django.utils.translation import gettext
from django_tasks import task

from .services import job_task, report_progress


@task()
@job_task
def count_to(*, job_id: str, n: int, fail_at: int | None = None) -> int:
    """Count from 1 to ``n``, reporting each step; fail at ``fail_at`` (for tests)."""
    report_progress(job_id, done=0, total=n, message=gettext("Starting to count."))
    for number in range(1, n + 1):
        if fail_at is not None and number == fail_at:
            raise RuntimeError(f"Stopped at {number} as asked.")
        report_progress(
            job_id,
            done=number,
            total=n,
            message=gettext("Counted to %(number)d of %(total)d.") % {"number": number, "total": n},
        )
    return n
