"""Downloads of stored files: public ones for everybody, others for their uploader and
administrators. Apps with their own rules serve files through their own views."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from rathaus.core.accounts.permissions import is_administrator
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_permission_denied

from .models import StoredFile
from .responses import serve_stored_file


@require_GET
def public(request, pk):
    stored_file = get_object_or_404(StoredFile.objects.public(), pk=pk)
    return serve_stored_file(request, stored_file, inline=stored_file.is_image, public=True)


@require_GET
@login_required
def download(request, pk):
    stored_file = get_object_or_404(StoredFile, pk=pk)
    user = request.user
    if stored_file.uploaded_by_id == user.pk:
        return serve_stored_file(request, stored_file)
    if user.is_town_staff and is_administrator(user):
        record(action=AuditEntry.Action.VIEW, actor=user, obj=stored_file, summary="download")
        return serve_stored_file(request, stored_file)
    record_permission_denied(actor=user, obj=stored_file, summary="download")
    raise Http404
