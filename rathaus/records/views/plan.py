"""The file plan (Aktenplan) pages: the tree, editing by archivists, CSV import and export,
and the e-file settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.staff.views.common import add_validation_error, breadcrumbs

from ..access import require_records_user
from ..exceptions import ConflictingEdit, RecordsError
from ..forms.plan import PlanEntryForm, PlanImportForm, RecordsSettingsForm
from ..models import FilePlanEntry, RecordsSettings
from ..services import plan as services


def _trail(*more):
    return breadcrumbs(
        (_("E-file (e-Akte)"), reverse("records:home")),
        (_("File plan"), reverse("records:plan")),
        *more,
    )


def _require_archivist(request):
    require_records_user(request.user)
    if not services.can_edit_plan(request.user):
        raise Http404


def perform(request, action, success_message: str, *, then):
    """Run one action from a button: a refusal becomes an error message."""
    try:
        action()
    except RecordsError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message)
    return redirect(then)


@require_GET
@login_required
def plan_tree(request):
    require_records_user(request.user)
    entries = list(FilePlanEntry.objects.order_by("code"))
    used = set(
        FilePlanEntry.objects.filter(files__isnull=False).values_list("pk", flat=True).distinct()
    ) | {entry.parent_id for entry in entries if entry.parent_id}
    for entry in entries:
        entry.in_use = entry.pk in used
    return render(
        request,
        "records/plan/tree.html",
        {
            "tree": services.build_tree(entries),
            "may_edit": services.can_edit_plan(request.user),
            "may_edit_settings": services.can_edit_settings(request.user),
            "breadcrumbs": _trail(),
        },
    )


@login_required
def plan_create(request):
    _require_archivist(request)
    initial = {}
    if request.GET.get("parent"):
        parent = FilePlanEntry.objects.filter(pk=request.GET["parent"]).first()
        if parent:
            initial["parent"] = parent.pk
    form = PlanEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_entry(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The position was created."))
            return redirect("records:plan")
    return render(
        request,
        "records/plan/form.html",
        {
            "form": form,
            "title": _("New file plan position"),
            "breadcrumbs": _trail((_("New position"), "")),
        },
    )


@login_required
def plan_edit(request, pk):
    _require_archivist(request)
    entry = get_object_or_404(FilePlanEntry, pk=pk)
    form = PlanEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(
                actor=request.user,
                entry=entry,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version") or 0,
            )
        except ConflictingEdit as error:
            entry.refresh_from_db()
            data = request.POST.copy()
            data["version"] = entry.version
            form = PlanEntryForm(data, instance=entry)
            form.is_valid()
            form.add_error(None, error.message)
        except ValidationError as error:
            add_validation_error(form, error)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The position was saved."))
            return redirect("records:plan")
    entry.refresh_from_db()
    return render(
        request,
        "records/plan/form.html",
        {
            "form": form,
            "entry": entry,
            "title": _("Edit file plan position %(code)s") % {"code": entry.code},
            "breadcrumbs": _trail((str(entry), "")),
        },
    )


def _entry_action(request, pk, action, success_message):
    _require_archivist(request)
    entry = get_object_or_404(FilePlanEntry, pk=pk)
    return perform(
        request,
        lambda: action(entry),
        success_message,
        then=reverse("records:plan") + f"#entry-{entry.pk}",
    )


@require_POST
@login_required
def plan_retire(request, pk):
    return _entry_action(
        request,
        pk,
        lambda entry: services.retire_entry(actor=request.user, entry=entry),
        _("The position was retired; no new files can be created under it."),
    )


@require_POST
@login_required
def plan_reactivate(request, pk):
    return _entry_action(
        request,
        pk,
        lambda entry: services.reactivate_entry(actor=request.user, entry=entry),
        _("The position is active again."),
    )


@require_POST
@login_required
def plan_delete(request, pk):
    _require_archivist(request)
    entry = get_object_or_404(FilePlanEntry, pk=pk)
    return perform(
        request,
        lambda: services.delete_entry(actor=request.user, entry=entry),
        _("The position was deleted."),
        then=reverse("records:plan"),
    )


@login_required
def plan_import(request):
    _require_archivist(request)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        text = services.decode_upload(form.cleaned_data["file"].read())
        try:
            job = services.start_plan_import(actor=request.user, text=text)
        except services.ImportRefused as refusal:
            errors = refusal.errors
            form.add_error(
                "file",
                _("The file has errors in %(count)d places; nothing was imported.")
                % {"count": len(errors)},
            )
        else:
            return redirect(job)
    return render(
        request,
        "records/plan/import.html",
        {"form": form, "errors": errors, "breadcrumbs": _trail((_("Import"), ""))},
    )


@require_GET
@login_required
def plan_export(request):
    require_records_user(request.user)
    response = HttpResponse(
        "\ufeff" + services.export_plan_csv(), content_type="text/csv; charset=utf-8"
    )
    name = f"aktenplan-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def records_settings(request):
    if not getattr(request.user, "is_town_staff", False) or not services.can_edit_settings(
        request.user
    ):
        raise Http404
    current = RecordsSettings.current()
    form = RecordsSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except RecordsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("records:settings")
    return render(
        request,
        "records/plan/settings.html",
        {
            "form": form,
            "breadcrumbs": breadcrumbs(
                (_("E-file (e-Akte)"), reverse("records:home")), (_("E-file settings"), "")
            ),
        },
    )
