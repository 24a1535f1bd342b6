"""File (Akte) pages: the list, creating, the detail page, editing, closing, sharing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.audit.services import history_for
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs, history_page

from ..access import get_visible_or_404, require_records_user
from ..exceptions import ConflictingEdit, RecordsError
from ..forms.files import FileCreateForm, FileEditForm, FileFilterForm, ShareForm
from ..forms.procedures import ProcedureForm
from ..models import FileShare, Procedure, RecordFile
from ..querysets import member_unit_ids
from ..services import files as services
from ..services.procedures import can_add_procedure
from .plan import perform

HISTORY_PREVIEW = 5


def file_trail(file=None, *more):
    items = [
        (_("E-file (e-Akte)"), reverse("records:home")),
        (_("Files"), reverse("records:file_list")),
    ]
    if file is not None:
        items.append((file.reference, reverse("records:file_detail", args=[file.pk])))
    return breadcrumbs(*items, *more)


def visible_file(request, pk) -> RecordFile:
    require_records_user(request.user)
    return get_visible_or_404(
        RecordFile.objects.select_related("plan_entry", "unit"), request.user, pk=pk
    )


def _my_units(user):
    return Unit.objects.filter(pk__in=member_unit_ids(user), is_active=True).order_by("code")


@require_GET
@login_required
def file_list(request):
    require_records_user(request.user)
    files = RecordFile.objects.visible_to(request.user).select_related("plan_entry", "unit")
    form = FileFilterForm(request.GET or None, units=_my_units(request.user))
    if form.is_valid():
        if form.cleaned_data.get("state"):
            files = files.filter(state=form.cleaned_data["state"])
        if form.cleaned_data.get("unit"):
            files = files.filter(unit=form.cleaned_data["unit"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/files/list.html",
        {
            "page": paginate(request, files.order_by("-created_at", "reference")),
            "filter_form": form,
            "query": query.urlencode(),
            "may_create": bool(member_unit_ids(request.user)),
            "breadcrumbs": file_trail(),
        },
    )


@login_required
def file_create(request):
    require_records_user(request.user)
    units = _my_units(request.user)
    form = FileCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            file = services.create_file(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The file %(reference)s was created.") % {"reference": file.reference},
            )
            return redirect("records:file_detail", file.pk)
    return render(
        request,
        "records/files/form.html",
        {
            "form": form,
            "title": _("New file"),
            "breadcrumbs": file_trail(None, (_("New file"), "")),
        },
    )


@require_GET
@login_required
def file_detail(request, pk):
    return file_page(request, visible_file(request, pk))


def file_page(request, file, *, procedure_form=None, status: int = 200):
    """The file's page; ``procedure_form`` is a refused new procedure, shown with its input."""
    procedures = (
        Procedure.objects.visible_to(request.user)
        .filter(file=file)
        .select_related("assigned_unit", "assigned_to")
        .order_by("number")
    )
    may_manage = services.can_manage_file(request.user, file)
    return render(
        request,
        "records/files/detail.html",
        {
            "file": file,
            "procedures": procedures,
            "shares": FileShare.objects.filter(file=file).select_related("unit", "user"),
            "may_manage": may_manage,
            "may_add_procedure": can_add_procedure(request.user, file),
            "procedure_form": procedure_form
            or (ProcedureForm() if can_add_procedure(request.user, file) else None),
            "form": procedure_form,
            "share_form": ShareForm() if may_manage else None,
            "history": history_for(file)[:HISTORY_PREVIEW],
            "history_url": reverse("records:file_history", args=[file.pk]),
            "breadcrumbs": file_trail(file),
        },
        status=status,
    )


@login_required
def file_edit(request, pk):
    file = visible_file(request, pk)
    if not services.can_manage_file(request.user, file):
        return redirect("records:file_detail", file.pk)
    form = FileEditForm(request.POST or None, initial=FileEditForm.initial_for(file))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_file(
                actor=request.user,
                file=file,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            )
        except ConflictingEdit as error:
            file.refresh_from_db()
            data = request.POST.copy()
            data["version"] = file.version
            form = FileEditForm(data)
            form.is_valid()
            form.add_error(None, error.message)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The file was saved."))
            return redirect("records:file_detail", file.pk)
    return render(
        request,
        "records/files/edit.html",
        {"form": form, "file": file, "breadcrumbs": file_trail(file, (_("Edit"), ""))},
    )


def _file_action(request, pk, action, success_message):
    file = visible_file(request, pk)
    return perform(
        request,
        lambda: action(file),
        success_message,
        then=reverse("records:file_detail", args=[file.pk]),
    )


@require_POST
@login_required
def file_close(request, pk):
    return _file_action(
        request,
        pk,
        lambda file: services.close_file(actor=request.user, file=file),
        _("The file was closed."),
    )


@require_POST
@login_required
def file_reopen(request, pk):
    return _file_action(
        request,
        pk,
        lambda file: services.reopen_file(actor=request.user, file=file),
        _("The file was reopened."),
    )


@require_POST
@login_required
def file_share(request, pk):
    file = visible_file(request, pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        for message in form.non_field_errors() or [_("Choose either a unit or a person.")]:
            messages.error(request, message)
        return redirect(reverse("records:file_detail", args=[file.pk]) + "#shares")
    return perform(
        request,
        lambda: services.share_file(
            actor=request.user,
            file=file,
            unit=form.cleaned_data.get("unit"),
            user=form.cleaned_data.get("user"),
        ),
        _("The file was shared."),
        then=reverse("records:file_detail", args=[file.pk]) + "#shares",
    )


@require_POST
@login_required
def file_share_remove(request, pk, share_pk):
    file = visible_file(request, pk)
    share = get_object_or_404(
        FileShare.objects.select_related("file", "unit"), pk=share_pk, file=file
    )
    return perform(
        request,
        lambda: services.remove_share(actor=request.user, share=share),
        _("The share was removed."),
        then=reverse("records:file_detail", args=[file.pk]) + "#shares",
    )


@require_GET
@login_required
def file_history(request, pk):
    file = visible_file(request, pk)
    return history_page(
        request,
        obj=file,
        subject=str(file),
        back_url=reverse("records:file_detail", args=[file.pk]),
        trail=file_trail(file, (_("History"), "")),
    )
