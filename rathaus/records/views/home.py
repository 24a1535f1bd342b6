"""The e-file's start page: what waits for me, my units' open files, search, links."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from ..access import is_archivist, require_records_user
from ..models import RecordFile
from ..querysets import member_unit_ids
from ..services.routes import inbox_steps

INBOX_PREVIEW = 5
FILES_PREVIEW = 10


def _disposal_url(user) -> str:
    if not is_archivist(user):
        return ""
    try:
        return reverse("records:disposal")
    except NoReverseMatch:  # the disposal pages are not installed
        return ""


@require_GET
@login_required
def index(request):
    require_records_user(request.user)
    steps = inbox_steps(request.user)
    units = member_unit_ids(request.user)
    files = (
        RecordFile.objects.filter(unit__in=units)
        .open()
        .select_related("unit")
        .order_by("-created_at", "reference")[:FILES_PREVIEW]
        if units
        else RecordFile.objects.none()
    )
    return render(
        request,
        "records/home.html",
        {
            "inbox_count": steps.count(),
            "inbox_items": list(steps[:INBOX_PREVIEW]),
            "unit_files": files,
            "disposal_url": _disposal_url(request.user),
        },
    )
