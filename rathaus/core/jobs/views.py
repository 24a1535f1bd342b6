"""Pages showing a person the jobs they started, and a job's progress."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.pagination import paginate

from .models import Job

PAGE_SIZE = 20


def _own_job(request, pk) -> Job:
    return get_object_or_404(Job.objects.started_by(request.user), pk=pk)


@require_GET
@login_required
def my_jobs(request):
    page = paginate(request, Job.objects.started_by(request.user), PAGE_SIZE)
    return render(request, "jobs/list.html", {"page_obj": page})


@require_GET
@login_required
def detail(request, pk):
    job = _own_job(request, pk)
    breadcrumbs = [{"label": _("My jobs"), "url": reverse("jobs:list")}]
    return render(request, "jobs/detail.html", {"job": job, "breadcrumbs": breadcrumbs})


@require_GET
@login_required
def status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": str(job.get_state_display()),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "finished": job.is_finished,
            "result_url": job.result_url,
        }
    )
