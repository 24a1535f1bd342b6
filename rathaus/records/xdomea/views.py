"""The staff pages for xdomea: import a message into a new file, download a file as one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.staff.views.common import breadcrumbs

from ..access import get_visible_or_404, require_records_user
from ..models import RecordFile
from ..querysets import member_unit_ids
from .common import MessageError, max_message_bytes
from .export import export_file
from .forms import ImportForm
from .importing import import_handover


@login_required
@require_http_methods(["GET", "POST"])
def import_message(request):
    require_records_user(request.user)
    units = Unit.objects.filter(pk__in=member_unit_ids(request.user), is_active=True)
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["message"]
        if upload.size > max_message_bytes():
            form.add_error("message", _("The message is too large."))
        else:
            try:
                record_file = import_handover(
                    b"".join(upload.chunks()),
                    unit=form.cleaned_data["unit"],
                    plan_entry=form.cleaned_data["plan_entry"],
                    actor=request.user,
                )
            except MessageError as error:
                form.add_error("message", error.message)
            else:
                messages.success(
                    request,
                    _("The message was imported as file %(reference)s.")
                    % {"reference": record_file.reference},
                )
                return redirect("records:file_detail", pk=record_file.pk)
    return render(
        request,
        "records/xdomea/import.html",
        {
            "form": form,
            "breadcrumbs": breadcrumbs(
                (_("E-file"), reverse("records:home")),
                (_("Import xdomea message"), ""),
            ),
        },
    )


@login_required
@require_POST
def export_message(request, pk):
    """Download the file as an xdomea message zip (a POST: the export is audited)."""
    require_records_user(request.user)
    record_file = get_visible_or_404(RecordFile.objects, request.user, pk=pk)
    try:
        message = export_file(record_file, request.user)
    except MessageError as error:
        messages.error(request, error.message)
        return redirect("records:file_detail", pk=record_file.pk)
    response = HttpResponse(message.content, content_type=message.content_type)
    response["Content-Disposition"] = f'attachment; filename="{message.filename}"'
    return response
