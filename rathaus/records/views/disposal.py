"""Disposal (Aussonderung) pages for the archivist; everyone else gets 404. And the
download of one file as an xdomea message for anyone who may see the file."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import breadcrumbs

from ..access import is_archivist, require_records_user
from ..exceptions import RecordsError
from ..forms.disposal import DueFilterForm, EvaluationForm, MessageUploadForm
from ..models import DeletionProtocol, DisposalBatch, DisposalMessage, RecordFile
from ..services import disposal as services
from ..xdomea.common import max_message_bytes

State = RecordFile.DisposalState
IN_PROGRESS_SHOWN = 100
BATCHES_SHOWN = 50


def _require_archivist(request) -> None:
    require_records_user(request.user)
    if not is_archivist(request.user):
        raise Http404


def _trail(*more):
    return breadcrumbs(
        (_("E-file (e-Akte)"), reverse("records:home")),
        (_("Disposal"), reverse("records:disposal")),
        *more,
    )


def _batch_trail(batch, label):
    return _trail(
        (_("Disposal process"), reverse("records:disposal_batch", args=[batch.pk])), (label, "")
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@login_required
def disposal_list(request):
    """Files due for disposal (to offer), files in disposal, and the processes."""
    _require_archivist(request)
    filter_form = DueFilterForm(request.GET or None)
    due = filter_form.apply(
        RecordFile.objects.due_for_disposal().select_related("plan_entry", "unit")
    ).order_by("retention_ends_on", "reference")
    in_progress = (
        RecordFile.objects.exclude(disposal_state="")
        .select_related("plan_entry", "unit", "disposal_batch")
        .order_by("disposal_batch__created_at", "reference")
    )
    batches = DisposalBatch.objects.annotate(file_count=Count("files")).order_by("-created_at")
    return render(
        request,
        "records/disposal/list.html",
        {
            "page": paginate(request, due),
            "filter_form": filter_form,
            "query": _query_without_page(request),
            "in_progress": in_progress[:IN_PROGRESS_SHOWN],
            "in_progress_count": in_progress.count(),
            "batches": batches[:BATCHES_SHOWN],
            "breadcrumbs": _trail(),
        },
    )


@require_POST
@login_required
def offer(request):
    _require_archivist(request)
    try:
        batch = services.create_offer(actor=request.user, file_ids=_uuids(request.POST))
    except RecordsError as error:
        messages.error(request, error.message)
        return redirect("records:disposal")
    messages.success(
        request,
        _("The files were offered to the archive. Download the offer list (0501) and send it."),
    )
    return redirect("records:disposal_batch", batch.pk)


def _uuids(data) -> list:
    ids = []
    for value in data.getlist("files"):
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def _batch(pk) -> DisposalBatch:
    return get_object_or_404(DisposalBatch, pk=pk)


def _upload_form(request, prefix, help_text, bound):
    return MessageUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        prefix=prefix,
        max_bytes=max_message_bytes(),
        help_text=help_text,
    )


def _render_batch(request, batch, *, evaluation_form=None, receipt_form=None, status=200):
    files = list(
        RecordFile.objects.filter(disposal_batch=batch)
        .select_related("plan_entry", "unit")
        .order_by("reference")
    )
    counts = {}
    for record_file in files:
        counts[record_file.disposal_state] = counts.get(record_file.disposal_state, 0) + 1
    steps = services.next_steps(counts)
    return render(
        request,
        "records/disposal/batch.html",
        {
            "batch": batch,
            "files": files,
            "steps": steps,
            "disposal_messages": batch.messages.select_related("created_by"),
            "protocols": DeletionProtocol.objects.filter(disposal_batch_id=batch.pk),
            "evaluation_form": evaluation_form
            or _upload_form(request, "evaluation", _("The archive's evaluation (0502)."), False),
            "receipt_form": receipt_form
            or _upload_form(
                request,
                "receipt",
                _("The archive's receipt (0504, 0506 or 0507)."),
                False,
            ),
            "breadcrumbs": _trail((_("Disposal process"), "")),
        },
        status=status,
    )


@require_GET
@login_required
def batch_detail(request, pk):
    _require_archivist(request)
    return _render_batch(request, _batch(pk))


@require_GET
@login_required
def message_download(request, pk, message_pk):
    _require_archivist(request)
    message = get_object_or_404(DisposalMessage, pk=message_pk, batch_id=pk)
    try:
        data = services.read_message(message)
    except RecordsError as error:
        messages.error(request, error.message)
        return redirect("records:disposal_batch", pk)
    response = HttpResponse(data, content_type=message.content_type)
    response["Content-Disposition"] = f'attachment; filename="{message.filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def evaluate(request, pk):
    """Record the archive's evaluation by hand, one choice per offered file."""
    _require_archivist(request)
    batch = _batch(pk)
    files = list(
        RecordFile.objects.filter(disposal_batch=batch, disposal_state=State.OFFERED)
        .select_related("plan_entry")
        .order_by("reference")
    )
    if not files:
        messages.info(request, _("No file of this process waits for an evaluation."))
        return redirect("records:disposal_batch", batch.pk)
    form = EvaluationForm(request.POST or None, files=files)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_evaluation(
                actor=request.user, batch=batch, decisions=form.decisions()
            )
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, services.evaluation_message(result))
            return redirect("records:disposal_batch", batch.pk)
    return render(
        request,
        "records/disposal/evaluate.html",
        {
            "batch": batch,
            "form": form,
            "breadcrumbs": _batch_trail(batch, _("Record evaluation")),
        },
    )


@require_POST
@login_required
def evaluation_upload(request, pk):
    _require_archivist(request)
    batch = _batch(pk)
    form = _upload_form(request, "evaluation", _("The archive's evaluation (0502)."), True)
    if form.is_valid():
        try:
            result = services.import_evaluation(
                actor=request.user, batch=batch, data=form.data_bytes()
            )
        except RecordsError as error:
            form.add_error("message", error.message)
        else:
            messages.success(request, services.evaluation_message(result))
            return redirect("records:disposal_batch", batch.pk)
    return _render_batch(request, batch, evaluation_form=form, status=400)


@require_POST
@login_required
def handover(request, pk):
    _require_archivist(request)
    batch = _batch(pk)
    try:
        services.hand_over(actor=request.user, batch=batch)
    except RecordsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The hand-over (0503) was created. Download it and send it to the archive."),
        )
    return redirect("records:disposal_batch", batch.pk)


def _receipt_message(count: int) -> str:
    return ngettext(
        "Receipt recorded for %(count)s file.", "Receipt recorded for %(count)s files.", count
    ) % {"count": count}


@require_POST
@login_required
def receipt_upload(request, pk):
    _require_archivist(request)
    batch = _batch(pk)
    form = _upload_form(request, "receipt", _("The archive's receipt (0504, 0506 or 0507)."), True)
    if form.is_valid():
        try:
            result = services.import_receipt(
                actor=request.user, batch=batch, data=form.data_bytes()
            )
        except RecordsError as error:
            form.add_error("message", error.message)
        else:
            if result["type_code"] == "0504":
                messages.success(request, _("The archive confirmed it received the offer."))
            else:
                messages.success(request, _receipt_message(result["received"]))
            for reference, reason in result["rejected"].items():
                messages.warning(
                    request,
                    _("The archive did not take %(reference)s: %(reason)s")
                    % {"reference": reference, "reason": reason},
                )
            return redirect("records:disposal_batch", batch.pk)
    return _render_batch(request, batch, receipt_form=form, status=400)


@require_POST
@login_required
def receipt_confirm(request, pk):
    _require_archivist(request)
    batch = _batch(pk)
    try:
        count = services.confirm_receipt(actor=request.user, batch=batch)
    except RecordsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _receipt_message(count))
    return redirect("records:disposal_batch", batch.pk)


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, pk):
    """Confirm, then delete every file of the process that may be deleted now."""
    _require_archivist(request)
    batch = _batch(pk)
    files = list(
        RecordFile.objects.filter(disposal_batch=batch, disposal_state__in=services.DELETABLE)
        .select_related("plan_entry")
        .order_by("reference")
    )
    if request.method == "POST":
        try:
            protocols = services.delete_due_files(actor=request.user, batch=batch)
        except RecordsError as error:
            messages.error(request, error.message)
        else:
            count = len(protocols)
            messages.success(
                request,
                ngettext(
                    "%(count)s file was deleted for good. The deletion protocol lists it.",
                    "%(count)s files were deleted for good. The deletion protocol lists them.",
                    count,
                )
                % {"count": count},
            )
        return redirect("records:disposal_batch", batch.pk)
    return render(
        request,
        "records/disposal/delete.html",
        {
            "batch": batch,
            "files": files,
            "breadcrumbs": _batch_trail(batch, _("Delete files")),
        },
    )


@require_GET
@login_required
def deletion_protocols(request):
    _require_archivist(request)
    protocols = DeletionProtocol.objects.all()
    search = request.GET.get("reference", "").strip()
    if search:
        protocols = protocols.filter(Q(file_reference__icontains=search))
    return render(
        request,
        "records/disposal/protocols.html",
        {
            "page": paginate(request, protocols.order_by("-deleted_at")),
            "reference": search,
            "query": _query_without_page(request),
            "breadcrumbs": _trail((_("Deletion protocols"), "")),
        },
    )
