"""The e-file's start page: what waits for me, my unit's open files, search."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..access import require_records_user


@login_required
def index(request):
    require_records_user(request.user)
    return render(request, "records/home.html", {})
