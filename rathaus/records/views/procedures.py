"""Procedure (Vorgang) pages: creating in a file, the detail page with notes, documents and
routes, done/reopen, moving to another file and handing over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.audit.services import history_for
from rathaus.core.staff.views.common import history_page

from ..access import get_visible_or_404, require_records_user
from ..exceptions import RecordsError
from ..forms.procedures import HandoverForm, MoveForm, NoteForm, ProcedureForm
from ..models import Document, Procedure, RecordFile, RouteStep
from ..services import procedures as services
from .files import HISTORY_PREVIEW, file_page, file_trail, visible_file
from .plan import perform


def visible_procedure(request, pk) -> Procedure:
    require_records_user(request.user)
    return get_visible_or_404(
        Procedure.objects.select_related(
            "file", "file__plan_entry", "file__unit", "assigned_unit", "assigned_to", "created_by"
        ),
        request.user,
        pk=pk,
    )


def _trail(request, procedure, *more):
    file = procedure.file
    visible = RecordFile.objects.visible_to(request.user).filter(pk=file.pk).exists()
    trail = file_trail(file if visible else None)
    trail.append(
        {
            "label": procedure.reference,
            "url": reverse("records:procedure_detail", args=[procedure.pk]),
        }
    )
    trail.extend({"label": label, "url": url} for label, url in more)
    return trail


@require_POST
@login_required
def procedure_create(request, pk):
    file = visible_file(request, pk)
    form = ProcedureForm(request.POST)
    if form.is_valid():
        try:
            procedure = services.create_procedure(
                actor=request.user, file=file, data=form.cleaned_data
            )
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The procedure was created."))
            return redirect("records:procedure_detail", procedure.pk)
    return file_page(request, file, procedure_form=form, status=400)


def _detail_context(request, procedure, note_form=None) -> dict:
    may_work = services.can_work_on(request.user, procedure)
    return {
        "procedure": procedure,
        "file": procedure.file,
        "notes": procedure.notes.select_related("author"),
        "documents": Document.objects.filter(procedure=procedure).select_related("current_version"),
        "routes": procedure.routes.select_related("started_by").prefetch_related(
            Prefetch(
                "steps",
                queryset=RouteStep.objects.select_related(
                    "assigned_user", "assigned_unit", "decided_by"
                ),
            )
        ),
        "may_work": may_work,
        "note_form": (note_form or NoteForm()) if may_work and procedure.file.is_open else None,
        "history": history_for(procedure)[:HISTORY_PREVIEW],
        "history_url": reverse("records:procedure_history", args=[procedure.pk]),
        "breadcrumbs": _trail(request, procedure),
    }


@login_required
def procedure_detail(request, pk):
    procedure = visible_procedure(request, pk)
    return render(request, "records/procedures/detail.html", _detail_context(request, procedure))


@require_POST
@login_required
def note_add(request, pk):
    procedure = visible_procedure(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(
                actor=request.user, procedure=procedure, text=form.cleaned_data["text"]
            )
        except RecordsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The note was added."))
        return redirect(reverse("records:procedure_detail", args=[procedure.pk]) + "#notes")
    return render(
        request,
        "records/procedures/detail.html",
        _detail_context(request, procedure, note_form=form),
    )


def _procedure_action(request, pk, action, success_message):
    procedure = visible_procedure(request, pk)
    return perform(
        request,
        lambda: action(procedure),
        success_message,
        then=reverse("records:procedure_detail", args=[procedure.pk]),
    )


@require_POST
@login_required
def procedure_done(request, pk):
    return _procedure_action(
        request,
        pk,
        lambda p: services.mark_done(actor=request.user, procedure=p),
        _("The procedure is marked as done."),
    )


@require_POST
@login_required
def procedure_reopen(request, pk):
    return _procedure_action(
        request,
        pk,
        lambda p: services.reopen_procedure(actor=request.user, procedure=p),
        _("The procedure was reopened."),
    )


def _move_targets(request, procedure):
    return (
        RecordFile.objects.visible_to(request.user)
        .open()
        .exclude(pk=procedure.file_id)
        .order_by("reference")
    )


@login_required
def procedure_move(request, pk):
    procedure = visible_procedure(request, pk)
    if not services.can_work_on(request.user, procedure):
        return redirect("records:procedure_detail", procedure.pk)
    targets = _move_targets(request, procedure)
    form = MoveForm(request.POST or None, files=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_procedure(
                actor=request.user, procedure=procedure, target=form.cleaned_data["target"]
            )
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The procedure was moved."))
            return redirect("records:procedure_detail", procedure.pk)
    return render(
        request,
        "records/procedures/move.html",
        {
            "form": form,
            "procedure": procedure,
            "breadcrumbs": _trail(request, procedure, (_("Move"), "")),
        },
    )


@login_required
def procedure_handover(request, pk):
    procedure = visible_procedure(request, pk)
    if not services.can_work_on(request.user, procedure):
        return redirect("records:procedure_detail", procedure.pk)
    form = HandoverForm(request.POST or None, initial={"unit": procedure.assigned_unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.hand_over(
                actor=request.user,
                procedure=procedure,
                unit=form.cleaned_data["unit"],
                user=form.cleaned_data.get("user"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The procedure was handed over."))
            still_visible = Procedure.objects.visible_to(request.user).filter(pk=procedure.pk)
            if still_visible.exists():
                return redirect("records:procedure_detail", procedure.pk)
            return redirect("records:home")
    return render(
        request,
        "records/procedures/handover.html",
        {
            "form": form,
            "procedure": procedure,
            "breadcrumbs": _trail(request, procedure, (_("Hand over"), "")),
        },
    )


@login_required
def procedure_history(request, pk):
    procedure = visible_procedure(request, pk)
    return history_page(
        request,
        obj=procedure,
        subject=str(procedure),
        back_url=reverse("records:procedure_detail", args=[procedure.pk]),
        trail=_trail(request, procedure, (_("History"), "")),
    )
