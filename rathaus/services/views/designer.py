"""Staff pages for the catalogue and the form designer (no code needed to build a form)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.accounts.permissions import unit_ids_of
from rathaus.records.models import RecordFile

from ..exceptions import ServicesError
from ..formdefs import editing, engine
from ..forms.designer import DefinitionJsonForm, FieldForm, GroupForm, PageForm, ServiceForm
from ..models import FormDefinition, Service
from ..services import catalogue as catalogue_services
from ..services import forms as form_services
from ..services.permissions import can_edit_catalogue, can_edit_service, is_catalogue_manager


def _editable_services(user):
    if is_catalogue_manager(user):
        return Service.objects.all()
    return Service.objects.filter(unit_id__in=unit_ids_of(user, "unit_lead"))


def _service(request, pk) -> Service:
    service = get_object_or_404(Service.objects.select_related("unit"), pk=pk)
    if not can_edit_service(request.user, service):
        raise Http404
    return service


def _units(user):
    if is_catalogue_manager(user):
        return Unit.objects.active()
    return Unit.objects.filter(pk__in=unit_ids_of(user, "unit_lead"))


def _trail(*more) -> list[dict]:
    items = [{"label": _("Services and forms"), "url": reverse("services_staff:services")}]
    items.extend({"label": label, "url": url} for label, url in more)
    return items


@login_required
def services(request):
    if not can_edit_catalogue(request.user):
        raise Http404
    return render(
        request,
        "services/staff/services.html",
        {
            "services": _editable_services(request.user).select_related("unit"),
            "breadcrumbs": [{"label": _("Applications"), "url": reverse("services_staff:home")}],
        },
    )


def _service_form(request, instance=None):
    return ServiceForm(
        request.POST or None,
        instance=instance,
        units=_units(request.user),
        files=RecordFile.objects.open().filter(unit__in=_units(request.user)),
    )


@login_required
def service_create(request):
    if not can_edit_catalogue(request.user):
        raise Http404
    form = _service_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            service = catalogue_services.create_service(
                actor=request.user,
                data=form.service_data(),
                life_situations=form.cleaned_data["life_situations"],
            )
        except ServicesError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The service has been created."))
            return redirect("services_staff:service_forms", pk=service.pk)
    return render(
        request,
        "services/staff/service_form.html",
        {"form": form, "title": _("New service"), "breadcrumbs": _trail()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def service_edit(request, pk):
    service = _service(request, pk)
    form = _service_form(request, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.update_service(
                actor=request.user,
                service=Service.objects.get(pk=pk),
                data=form.service_data(),
                life_situations=form.cleaned_data["life_situations"],
            )
        except ServicesError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The service has been saved."))
            return redirect("services_staff:service_forms", pk=pk)
    return render(
        request,
        "services/staff/service_form.html",
        {"form": form, "title": service.name, "service": service, "breadcrumbs": _trail()},
        status=400 if request.method == "POST" else 200,
    )


class FimImportForm(forms.Form):
    schema = forms.FileField(
        label=gettext_lazy("FIM data-field schema (XDatenfelder 2 or 3, XML)"),
        error_messages={"required": gettext_lazy("Choose the XML file of the schema.")},
    )


class CodeListForm(forms.Form):
    code_list = forms.FileField(
        label=gettext_lazy("Code list (genericode, XML)"),
        error_messages={"required": gettext_lazy("Choose the XML file of the code list.")},
    )


@login_required
def service_forms(request, pk):
    """The service's form versions: the draft to design, the published ones, imports."""
    service = _service(request, pk)
    return _forms_page(request, service)


def _forms_page(request, service, *, fim_form=None, code_form=None, status=200):
    return render(
        request,
        "services/staff/forms.html",
        {
            "service": service,
            "versions": service.form_versions.order_by("-number"),
            "draft": form_services.draft_of(service),
            "fim_form": fim_form or FimImportForm(prefix="fim"),
            "code_form": code_form or CodeListForm(prefix="cl"),
            "form": fim_form or code_form,
            "breadcrumbs": _trail(
                (service.name, reverse("services_staff:service_edit", args=[service.pk]))
            ),
        },
        status=status,
    )


@require_POST
@login_required
def fim_import(request, pk):
    from ..services.fim_import import import_fim_form

    service = _service(request, pk)
    form = FimImportForm(request.POST, request.FILES, prefix="fim")
    if form.is_valid():
        try:
            draft = import_fim_form(
                actor=request.user, service=service, data=form.cleaned_data["schema"].read()
            )
        except ServicesError as error:
            form.add_error("schema", error.message)
        else:
            messages.success(request, _("The schema has been imported as a new draft."))
            return redirect("services_staff:designer", pk=service.pk, form_pk=draft.pk)
    return _forms_page(request, service, fim_form=form, status=400)


@require_POST
@login_required
def code_list_import(request, pk):
    from ..services.fim_import import import_code_list

    service = _service(request, pk)
    form = CodeListForm(request.POST, request.FILES, prefix="cl")
    if form.is_valid():
        try:
            code_list = import_code_list(
                actor=request.user, data=form.cleaned_data["code_list"].read()
            )
        except ServicesError as error:
            form.add_error("code_list", error.message)
        else:
            messages.success(request, _("Code list “%(name)s” saved.") % {"name": code_list.name})
            return redirect("services_staff:service_forms", pk=service.pk)
    return _forms_page(request, service, code_form=form, status=400)


@require_POST
@login_required
def draft_start(request, pk):
    service = _service(request, pk)
    draft = form_services.start_draft(actor=request.user, service=service)
    return redirect("services_staff:designer", pk=pk, form_pk=draft.pk)


def _version(request, pk, form_pk) -> FormDefinition:
    service = _service(request, pk)
    return get_object_or_404(
        FormDefinition.objects.select_related("service"), pk=form_pk, service=service
    )


@login_required
def form_schema(request, pk, form_pk):
    """The form's answers as a JSON Schema (for other systems that receive them)."""
    from ..formdefs.jsonschema import answers_schema

    version = _version(request, pk, form_pk)
    schema = answers_schema(version.definition, title=f"{version.service.name} v{version.number}")
    response = JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"{slugify(version.service.name)}-v{version.number}.schema.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@login_required
def publish(request, pk, form_pk):
    version = _version(request, pk, form_pk)
    try:
        form_services.publish_form(actor=request.user, form=version)
    except ServicesError as error:
        messages.error(request, error.message)
        return redirect("services_staff:designer", pk=pk, form_pk=form_pk)
    messages.success(
        request, _("Version %(n)s is published; new applications use it.") % {"n": version.number}
    )
    return redirect("services_staff:service_forms", pk=pk)


# --- the designer ---------------------------------------------------------------------------------

OPERATIONS = (
    "add_page",
    "edit_page",
    "remove_page",
    "page_up",
    "page_down",
    "add_group",
    "edit_group",
    "remove_group",
    "add_field",
    "edit_field",
    "remove_field",
    "field_up",
    "field_down",
)


def _fields_before(definition: dict, field_id: str | None) -> list[dict]:
    """Fields a condition may refer to: the ones before (all, when adding at the end)."""
    result = []
    for _page, _group, item in engine.all_fields(definition):
        if item["id"] == field_id:
            break
        if item["type"] not in ("static", "file", "address"):
            result.append(item)
    return result


@login_required
def designer(request, pk, form_pk):
    version = _version(request, pk, form_pk)
    if version.is_published:
        return render(
            request,
            "services/staff/designer.html",
            _designer_context(version, readonly=True),
        )
    if request.method == "POST":
        return _designer_post(request, version)
    return render(request, "services/staff/designer.html", _designer_context(version))


def _designer_context(version, *, readonly=False, **extra) -> dict:
    definition = version.definition
    target = extra.pop("target", None)
    return {
        "version": version,
        "service": version.service,
        "definition": definition,
        "pages": engine.pages(definition),
        "readonly": readonly,
        "page_form": extra.pop("page_form", None) or PageForm(prefix="p"),
        "group_form": extra.pop("group_form", None) or GroupForm(prefix="g"),
        "new_field_form": extra.pop("new_field_form", None)
        or FieldForm(prefix="nf", other_fields=_fields_before(definition, None)),
        "target": target,
        "json_url": reverse("services_staff:designer_json", args=[version.service_id, version.pk]),
        "breadcrumbs": _trail(
            (
                version.service.name,
                reverse("services_staff:service_forms", args=[version.service_id]),
            )
        ),
        **extra,
    }


def _designer_post(request, version):
    operation = request.POST.get("op", "")
    if operation not in OPERATIONS:
        raise Http404
    definition = version.definition
    target = request.POST.get("target", "")
    try:
        changed, error_context = _apply(operation, definition, target, request.POST)
    except KeyError:
        raise Http404 from None
    if changed is None:
        context = _designer_context(version, target=target, **error_context)
        context["form"] = next(iter(error_context.values()), None)
        return render(request, "services/staff/designer.html", context, status=400)
    try:
        form_services.save_draft(actor=request.user, form=version, definition=changed)
    except ServicesError as error:
        messages.error(request, error.message)
    url = reverse("services_staff:designer", args=[version.service_id, version.pk])
    return redirect(f"{url}#{target or 'pages'}")


def _apply(operation, definition, target, data):
    """The changed definition, or (None, forms with errors) when the input is wrong."""
    if operation in ("add_page", "edit_page"):
        before = _fields_on_pages_before(definition, target) if operation == "edit_page" else ()
        form = PageForm(data, prefix="p", other_fields=before)
        if not form.is_valid():
            return None, {"page_form": form}
        if operation == "add_page":
            return editing.add_page(definition, form.cleaned_data["title"]), {}
        return (
            editing.update_page(
                definition, target, title=form.cleaned_data["title"], show_if=form.condition()
            ),
            {},
        )
    if operation == "remove_page":
        return editing.remove_page(definition, target), {}
    if operation in ("page_up", "page_down"):
        return editing.move_page(definition, target, -1 if operation == "page_up" else 1), {}
    if operation in ("add_group", "edit_group"):
        form = GroupForm(data, prefix="g")
        if not form.is_valid():
            return None, {"group_form": form}
        values = {
            "title": form.cleaned_data["title"],
            "hint": form.cleaned_data["hint"],
            "repeat": form.repeat(),
        }
        if operation == "add_group":
            return editing.add_group(definition, target, **values), {}
        return editing.update_group(definition, target, **values), {}
    if operation == "remove_group":
        return editing.remove_group(definition, target), {}
    if operation in ("add_field", "edit_field"):
        prefix = "nf" if operation == "add_field" else "ef"
        before = None if operation == "add_field" else target
        form = FieldForm(data, prefix=prefix, other_fields=_fields_before(definition, before))
        if not form.is_valid():
            key = "new_field_form" if operation == "add_field" else "edit_field_form"
            return None, {key: form}
        if operation == "add_field":
            return editing.add_field(definition, target, form.field_definition()), {}
        return editing.update_field(definition, target, form.field_definition()), {}
    if operation == "remove_field":
        return editing.remove_field(definition, target), {}
    return editing.move_field(definition, target, -1 if operation == "field_up" else 1), {}


def _fields_on_pages_before(definition: dict, page_id: str) -> list[dict]:
    """Fields a page's condition may refer to: those on the pages before it."""
    result = []
    for page in engine.pages(definition):
        if page["id"] == page_id:
            break
        for group in page.get("groups", []):
            result.extend(
                item
                for item in group.get("fields", [])
                if item["type"] not in ("static", "file", "address")
            )
    return result


@login_required
def page_edit(request, pk, form_pk, page_id):
    """Change a page's title and when it is shown (its own page, so no JavaScript)."""
    from ..forms.designer import condition_initial

    version = _version(request, pk, form_pk)
    page = next((p for p in engine.pages(version.definition) if p["id"] == page_id), None)
    if page is None or version.is_published:
        raise Http404
    form = PageForm(
        initial={"title": page.get("title", ""), **condition_initial(page.get("show_if"))},
        prefix="p",
        other_fields=_fields_on_pages_before(version.definition, page_id),
    )
    return render(
        request,
        "services/staff/page_edit.html",
        {
            "version": version,
            "service": version.service,
            "page": page,
            "form": form,
            "breadcrumbs": _trail(
                (version.service.name, reverse("services_staff:service_forms", args=[pk])),
                (
                    _("Form version %(n)s") % {"n": version.number},
                    reverse("services_staff:designer", args=[pk, form_pk]),
                ),
            ),
        },
    )


@login_required
def field_edit(request, pk, form_pk, field_id):
    """Change one field (its own page, so it works without JavaScript)."""
    version = _version(request, pk, form_pk)
    item = engine.field_index(version.definition).get(field_id)
    if item is None or version.is_published:
        raise Http404
    form = FieldForm(
        initial=FieldForm.initial_for(item),
        prefix="ef",
        other_fields=_fields_before(version.definition, field_id),
    )
    return render(
        request,
        "services/staff/field_edit.html",
        {
            "version": version,
            "service": version.service,
            "item": item,
            "form": form,
            "breadcrumbs": _trail(
                (version.service.name, reverse("services_staff:service_forms", args=[pk])),
                (
                    _("Form version %(n)s") % {"n": version.number},
                    reverse("services_staff:designer", args=[pk, form_pk]),
                ),
            ),
        },
    )


@login_required
def designer_json(request, pk, form_pk):
    """The whole definition as JSON, for those who prefer to edit it directly."""
    version = _version(request, pk, form_pk)
    if version.is_published:
        raise Http404
    form = DefinitionJsonForm(
        request.POST or None,
        initial={"definition": json.dumps(version.definition, ensure_ascii=False, indent=2)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            form_services.save_draft(
                actor=request.user, form=version, definition=form.cleaned_data["definition"]
            )
        except ServicesError as error:
            form.add_error("definition", error.message)
        else:
            messages.success(request, _("The form definition has been saved."))
            return redirect("services_staff:designer", pk=pk, form_pk=form_pk)
    return render(
        request,
        "services/staff/designer_json.html",
        {
            "version": version,
            "form": form,
            "breadcrumbs": _trail(
                (version.service.name, reverse("services_staff:service_forms", args=[pk])),
                (
                    _("Form version %(n)s") % {"n": version.number},
                    reverse("services_staff:designer", args=[pk, form_pk]),
                ),
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def preview(request, pk, form_pk, index=0):
    """A page of the form as an applicant sees it (nothing is stored)."""
    version = _version(request, pk, form_pk)
    if index >= len(engine.pages(version.definition)):
        raise Http404
    form = engine.PageForm(
        request.POST or None,
        request.FILES or None,
        definition=version.definition,
        page_index=index,
        answers={},
        prefix="a",
    )
    if request.method == "POST":
        form.is_valid()
    return render(
        request,
        "services/staff/preview.html",
        {
            "version": version,
            "service": version.service,
            "form": form,
            "page": engine.pages(version.definition)[index],
            "layout": form.layout(),
            "index": index,
            "pages": engine.pages(version.definition),
            "breadcrumbs": _trail(
                (version.service.name, reverse("services_staff:service_forms", args=[pk])),
                (
                    _("Form version %(n)s") % {"n": version.number},
                    reverse("services_staff:designer", args=[pk, form_pk]),
                ),
            ),
        },
    )
