"""The data stewards' pages: every dataset with its state, creating and editing datasets,
adding resources by upload or address, a resource's load with its validation report and
Table Schema, replacing and deleting files, publishing and withdrawing, and switching the
automatic datasets on and off. Only data stewards (and administrators) get here; other
staff get 403. Every change goes through the services."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.accounts.permissions import require
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.exceptions import UserFacingError
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error
from rathaus.core.uploads.exceptions import UploadError

from . import forms
from .exceptions import NameTaken, NotAllowed
from .models import AutomaticDataset, Dataset, Resource, TableLoad
from .permissions import can_steward
from .services import automatic as automatic_services
from .services import datasets as dataset_services
from .services import resources as resource_services

REPORT_ROWS = 50


def steward_required(view):
    """Data stewards only: others (already known as staff here) get the 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_steward(request.user):
            record(
                action=AuditEntry.Action.PERMISSION_DENIED,
                actor=request.user if request.user.is_authenticated else None,
                summary=f"not a data steward: {request.path[:200]}",
            )
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise PermissionDenied from None

    return wrapped


def _crumbs(*items):
    return [
        {"label": _("Staff area"), "url": reverse("staff:home")},
        {"label": _("Open data"), "url": reverse("opendata_staff:list")},
        *items,
    ]


def _dataset_crumb(dataset):
    return {"label": dataset.title, "url": reverse("opendata_staff:dataset", args=[dataset.name])}


def _dataset(name) -> Dataset:
    return get_object_or_404(Dataset.objects.select_related("organization"), name=name)


def _resource(name, resource_id) -> Resource:
    dataset = _dataset(name)
    found = get_object_or_404(
        Resource.objects.select_related("file"), dataset=dataset, pk=resource_id
    )
    found.dataset = dataset
    return found


# ------------------------------------------------------------------ datasets


@steward_required
def dataset_list(request):
    form = forms.DatasetFilterForm(request.GET or None)
    datasets = (
        Dataset.objects.select_related("organization")
        .annotate(resource_count=Count("resources"))
        .order_by("-modified_at", "pk")
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            datasets = datasets.filter(Q(title__icontains=data["q"]) | Q(name__icontains=data["q"]))
        if data["state"]:
            datasets = datasets.filter(state=data["state"])
        if data["unit"]:
            datasets = datasets.filter(organization=data["unit"])
    return render(
        request,
        "opendata/staff/list.html",
        {
            "form": form,
            "page": paginate(request, datasets),
            "breadcrumbs": _crumbs()[:1] + [{"label": _("Open data")}],
        },
    )


def _save_dataset(request, form, dataset=None):
    """Create or change the dataset from a valid form; errors go back onto the form."""
    try:
        if dataset is None:
            return dataset_services.create_dataset(
                actor=request.user, keywords=form.keyword_list(), **form.service_fields()
            )
        return dataset_services.update_dataset(
            actor=request.user,
            dataset=dataset,
            keywords=form.keyword_list(),
            **form.service_fields(),
        )
    except NameTaken as error:
        form.add_error("name", error.message)
    except ValidationError as error:
        add_validation_error(form, error)
    except NotAllowed:
        raise
    except UserFacingError as error:
        form.add_error(None, error.message)
    return None


@steward_required
def dataset_new(request):
    form = forms.DatasetForm(request.POST or None, town=request.town)
    if request.method == "POST" and form.is_valid():
        created = _save_dataset(request, form)
        if created is not None:
            messages.success(
                request,
                _("The dataset is saved as a draft. Add a resource, then publish it."),
            )
            return redirect("opendata_staff:dataset", name=created.name)
    return render(
        request,
        "opendata/staff/dataset_form.html",
        {"form": form, "breadcrumbs": _crumbs({"label": _("New dataset")})},
        status=400 if form.is_bound else 200,
    )


@steward_required
def dataset_edit(request, name):
    found = _dataset(name)
    form = forms.DatasetForm(
        request.POST or None, initial=forms.DatasetForm.initial_for(found), town=request.town
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_dataset(request, form, found)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("opendata_staff:dataset", name=saved.name)
    return render(
        request,
        "opendata/staff/dataset_form.html",
        {
            "form": form,
            "dataset": found,
            "breadcrumbs": _crumbs(_dataset_crumb(found), {"label": _("Edit")}),
        },
        status=400 if form.is_bound else 200,
    )


@steward_required
def dataset(request, name):
    found = _dataset(name)
    resources = found.resources.select_related("file").prefetch_related(
        Prefetch("loads", queryset=TableLoad.objects.order_by("-created_at"), to_attr="load_list")
    )
    return render(
        request,
        "opendata/staff/dataset.html",
        {
            "dataset": found,
            "resources": resources,
            "keywords": found.tags.all(),
            "breadcrumbs": _crumbs({"label": found.title}),
        },
    )


@steward_required
@require_POST
def dataset_publish(request, name):
    found = _dataset(name)
    try:
        dataset_services.publish_dataset(actor=request.user, dataset=found)
    except NotAllowed:
        raise
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The dataset is published. Everyone can find it now."))
    return redirect("opendata_staff:dataset", name=found.name)


@steward_required
@require_POST
def dataset_withdraw(request, name):
    found = _dataset(name)
    dataset_services.withdraw_dataset(actor=request.user, dataset=found)
    messages.success(
        request, _("The dataset is withdrawn: it is a draft again and no longer public.")
    )
    return redirect("opendata_staff:dataset", name=found.name)


# ------------------------------------------------------------------ resources


@steward_required
def resource_new(request, name):
    found = _dataset(name)
    form = forms.ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = resource_services.add_resource(
                actor=request.user,
                dataset=found,
                name=data["name"],
                format=data["format"],
                description=data["description"],
                uploaded_file=data["upload"],
                url=data["url"] if not data["upload"] else "",
            )
        except NotAllowed:
            raise
        except (UserFacingError, UploadError) as error:
            form.add_error("upload" if data["upload"] else "url", error.message)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if created.is_tabular and created.file_id:
                messages.success(
                    request,
                    _("The file is stored. Its rows are being checked; the result appears below."),
                )
            else:
                messages.success(request, _("The resource is added."))
            return redirect("opendata_staff:resource", name=found.name, resource_id=created.pk)
    return render(
        request,
        "opendata/staff/resource_form.html",
        {
            "form": form,
            "dataset": found,
            "breadcrumbs": _crumbs(_dataset_crumb(found), {"label": _("Add a resource")}),
        },
        status=400 if form.is_bound else 200,
    )


def _rules_of(found: Resource, load: TableLoad | None) -> dict:
    """The rules the form shows: those of the last check when it failed (what the steward
    last tried, to correct further), else the ones in effect."""
    if load and load.state == TableLoad.State.INVALID and (load.schema or {}).get("fields"):
        return load.schema
    return found.schema or {}


def _resource_page(request, found, *, schema_formset=None, replace_form=None, edit_form=None):
    load = found.loads.select_related("job").first()
    errors = load.errors if load else []
    report = Paginator(errors or [], REPORT_ROWS).get_page(request.GET.get("page"))
    fields = _rules_of(found, load).get("fields", [])
    if schema_formset is None and fields:
        schema_formset = forms.SchemaFormSet(
            initial=[forms.SchemaFieldForm.initial_for(field) for field in fields],
            prefix="schema",
        )
    invalid = any(
        form is not None and form.is_bound for form in (schema_formset, replace_form, edit_form)
    )
    return render(
        request,
        "opendata/staff/resource.html",
        {
            "dataset": found.dataset,
            "resource": found,
            "load": load,
            "job_is_mine": bool(load and load.job and load.job.started_by_id == request.user.pk),
            "report": report,
            "schema_formset": schema_formset,
            "rules_not_in_effect": bool(fields) and _rules_of(found, load) != (found.schema or {}),
            "replace_form": replace_form or forms.ReplaceFileForm(),
            "edit_form": edit_form
            or forms.ResourceEditForm(initial=forms.ResourceEditForm.initial_for(found)),
            "breadcrumbs": _crumbs(_dataset_crumb(found.dataset), {"label": found.name}),
        },
        status=400 if invalid else 200,
    )


@steward_required
def resource(request, name, resource_id):
    return _resource_page(request, _resource(name, resource_id))


@steward_required
@require_POST
def resource_schema(request, name, resource_id):
    found = _resource(name, resource_id)
    rules = _rules_of(found, found.loads.first())
    if not rules.get("fields"):
        raise Http404
    formset = forms.SchemaFormSet(request.POST, prefix="schema")
    if formset.is_valid():
        schema = forms.schema_from_formset(formset, rules)
        try:
            resource_services.update_schema(actor=request.user, resource=found, schema=schema)
        except NotAllowed:
            raise
        except UserFacingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The rules are saved. The stored file is being checked against them.")
            )
            return redirect("opendata_staff:resource", name=name, resource_id=found.pk)
    return _resource_page(request, found, schema_formset=formset)


@steward_required
@require_POST
def resource_replace(request, name, resource_id):
    found = _resource(name, resource_id)
    form = forms.ReplaceFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            load = resource_services.replace_file(
                actor=request.user,
                resource=found,
                uploaded_file=form.cleaned_data["upload"],
                infer_schema=form.cleaned_data["infer_schema"],
            )
        except NotAllowed:
            raise
        except (UserFacingError, UploadError) as error:
            form.add_error("upload", error.message)
        else:
            if load is not None:
                messages.success(
                    request,
                    _(
                        "The new file is stored and being checked. Its rows replace the old "
                        "ones only if it has no errors."
                    ),
                )
            else:
                messages.success(request, _("The file is replaced."))
            return redirect("opendata_staff:resource", name=name, resource_id=found.pk)
    return _resource_page(request, found, replace_form=form)


@steward_required
@require_POST
def resource_edit(request, name, resource_id):
    found = _resource(name, resource_id)
    form = forms.ResourceEditForm(request.POST)
    if form.is_valid():
        try:
            resource_services.update_resource(
                actor=request.user, resource=found, **form.cleaned_data
            )
        except NotAllowed:
            raise
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("opendata_staff:resource", name=name, resource_id=found.pk)
    return _resource_page(request, found, edit_form=form)


@steward_required
def resource_delete(request, name, resource_id):
    found = _resource(name, resource_id)
    if request.method == "POST":
        try:
            resource_services.delete_resource(actor=request.user, resource=found)
        except NotAllowed:
            raise
        except UserFacingError as error:
            messages.error(request, error.message)
            return redirect("opendata_staff:resource", name=name, resource_id=found.pk)
        messages.success(request, _("The resource is deleted."))
        return redirect("opendata_staff:dataset", name=found.dataset.name)
    return render(
        request,
        "opendata/staff/resource_delete.html",
        {
            "dataset": found.dataset,
            "resource": found,
            "breadcrumbs": _crumbs(
                _dataset_crumb(found.dataset),
                {
                    "label": found.name,
                    "url": reverse("opendata_staff:resource", args=[name, found.pk]),
                },
                {"label": _("Delete")},
            ),
        },
    )


# ------------------------------------------------------------------ automatic datasets


@steward_required
def automatic(request):
    rows = [
        {"publisher": publisher, "automatic": found}
        for publisher, found in automatic_services.publishers()
    ]
    return render(
        request,
        "opendata/staff/automatic.html",
        {
            "rows": rows,
            "units": Unit.objects.filter(is_active=True).order_by("name"),
            "breadcrumbs": _crumbs({"label": _("Automatic datasets")}),
        },
    )


def _active_unit(pk: str) -> Unit | None:
    try:
        return Unit.objects.filter(pk=pk, is_active=True).first() if pk else None
    except (ValueError, ValidationError):
        return None


@steward_required
@require_POST
def automatic_switch(request, key):
    known = {publisher.key for publisher, _found in automatic_services.publishers()}
    require(key in known)
    try:
        if request.POST.get("enable") == "1":
            unit = _active_unit(request.POST.get("organization", ""))
            automatic_services.enable(actor=request.user, publisher_key=key, organization=unit)
            messages.success(
                request, _("The automatic dataset is switched on and will be kept up to date.")
            )
        else:
            automatic_services.disable(actor=request.user, publisher_key=key)
            messages.success(request, _("The automatic dataset is switched off."))
    except NotAllowed:
        raise
    except UserFacingError as error:
        messages.error(request, error.message)
    return redirect("opendata_staff:automatic")


@steward_required
@require_POST
def automatic_refresh(request, key):
    """Refresh now, as a background job whose progress page the steward is sent to."""
    get_object_or_404(AutomaticDataset, publisher_key=key, is_enabled=True)
    try:
        job = automatic_services.start_refresh(actor=request.user, publisher_key=key)
    except UserFacingError as error:
        messages.error(request, error.message)
        return redirect("opendata_staff:automatic")
    return redirect(job)
