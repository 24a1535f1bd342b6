"""Document pages: upload into a procedure, the detail page with every version, a new
version, download (checked against its SHA-256) and a letter from a template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.uploads.responses import FILE_CSP, content_disposition, download_name

from ..access import get_visible_or_404, require_records_user
from ..exceptions import RecordsError
from ..forms.documents import DocumentUploadForm, LetterForm, VersionUploadForm
from ..models import Document, DocumentVersion
from ..services import documents as services
from .procedures import _trail, visible_procedure


def _versions():
    return DocumentVersion.objects.select_related("created_by").order_by("-number")


def visible_document(request, pk) -> Document:
    require_records_user(request.user)
    return get_visible_or_404(
        Document.objects.select_related(
            "procedure",
            "procedure__file",
            "procedure__assigned_unit",
            "current_version",
            "created_by",
        ).prefetch_related(Prefetch("versions", queryset=_versions())),
        request.user,
        pk=pk,
    )


def _document_trail(request, document, *more):
    return _trail(
        request,
        document.procedure,
        (document.title, reverse("records:document_detail", args=[document.pk])),
        *more,
    )


def _refusal_into(form, error: RecordsError) -> None:
    field = "file" if "file" in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def document_upload(request, pk):
    procedure = visible_procedure(request, pk)
    if not services.can_add_documents(request.user, procedure):
        return redirect("records:procedure_detail", procedure.pk)
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        duplicate="upload_anyway" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.upload_document(
                actor=request.user,
                procedure=procedure,
                title=data["title"],
                kind=data["kind"],
                received_on=data.get("received_on"),
                has_personal_data=data["has_personal_data"],
                uploaded_file=data["file"],
                confirm_duplicate=data.get("upload_anyway", False),
            )
        except services.DuplicateDocument as duplicate:
            form = _duplicate_form(DocumentUploadForm, request, duplicate)
        except RecordsError as error:
            _refusal_into(form, error)
        else:
            messages.success(request, _("The document was filed."))
            return redirect("records:document_detail", document.pk)
    return render(
        request,
        "records/documents/upload.html",
        {
            "form": form,
            "procedure": procedure,
            "breadcrumbs": _trail(request, procedure, (_("Upload document"), "")),
        },
    )


def _duplicate_form(form_class, request, duplicate, **kwargs):
    """The same form again, with every value kept, the warning and the "upload anyway" box."""
    form = form_class(request.POST, request.FILES, duplicate=True, **kwargs)
    form.is_valid()
    existing = duplicate.existing
    form.add_error(
        "file",
        _(
            "The same file is already in this procedure as “%(title)s” (version %(number)d). "
            "To file it again, choose the file again and tick “Upload anyway”."
        )
        % {"title": existing.document.title, "number": existing.number},
    )
    return form


@require_GET
@login_required
def document_detail(request, pk):
    document = visible_document(request, pk)
    may_add = services.can_add_documents(request.user, document.procedure)
    return render(
        request,
        "records/documents/detail.html",
        {
            "document": document,
            "procedure": document.procedure,
            "versions": document.versions.all(),
            "may_add": may_add,
            "breadcrumbs": _document_trail(request, document),
        },
    )


@login_required
def document_version_upload(request, pk):
    document = visible_document(request, pk)
    if not services.can_add_documents(request.user, document.procedure):
        return redirect("records:document_detail", document.pk)
    form = VersionUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": document.version},
        duplicate="upload_anyway" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_version(
                actor=request.user,
                document=document,
                uploaded_file=data["file"],
                expected_version=data["version"],
                comment=data["comment"],
                confirm_duplicate=data.get("upload_anyway", False),
            )
        except services.DuplicateDocument as duplicate:
            form = _duplicate_form(VersionUploadForm, request, duplicate)
        except RecordsError as error:
            _refusal_into(form, error)
        else:
            messages.success(request, _("The new version was filed."))
            return redirect("records:document_detail", document.pk)
    return render(
        request,
        "records/documents/version_upload.html",
        {
            "form": form,
            "document": document,
            "procedure": document.procedure,
            "breadcrumbs": _document_trail(request, document, (_("New version"), "")),
        },
    )


@require_GET
@login_required
def document_download(request, pk):
    require_records_user(request.user)
    try:
        version = DocumentVersion.objects.select_related(
            "stored_file", "document", "document__procedure", "document__procedure__file"
        ).get(pk=pk, document__in=Document.objects.visible_to(request.user))
    except (DocumentVersion.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        handle = services.open_version(actor=request.user, version=version)
    except services.ContentDamaged as error:
        return render(
            request,
            "records/documents/damaged.html",
            {"document": version.document, "version": version, "message": error.message},
            status=500,
        )
    stored = version.stored_file
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(download_name(stored))
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_from_template(request, pk):
    procedure = visible_procedure(request, pk)
    if not services.can_add_documents(request.user, procedure):
        return redirect("records:procedure_detail", procedure.pk)
    form = LetterForm(request.POST or None, initial={"subject": procedure.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.create_letter(
                actor=request.user,
                procedure=procedure,
                template=data["template"],
                title=data["title"],
                recipient=data["recipient"],
                subject=data["subject"],
                body=data["body"],
                has_personal_data=data["has_personal_data"],
            )
        except RecordsError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The letter was created and filed."))
            return redirect("records:document_detail", document.pk)
    return render(
        request,
        "records/documents/from_template.html",
        {
            "form": form,
            "procedure": procedure,
            "breadcrumbs": _trail(request, procedure, (_("Letter from a template"), "")),
        },
    )
