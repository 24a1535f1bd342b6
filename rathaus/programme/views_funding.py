"""Funding pages under /staff/programm/foerderung/: the catalogue of funding programmes (filter
by funder level and open deadline), a programme with the measures it could fund and the
applications made to it, the applications for funding, and the best-practice library
(beispiele/). Every member of staff reads them; the e-Government officer edits them. Writes
go through ``services.funding``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, history_page

from .exceptions import ProgrammeError
from .forms_funding import ApplicationForm, PracticeForm, ProgrammeForm
from .models import BestPractice, FieldOfAction, FundingApplication, FundingProgramme
from .permissions import can_read_programme, is_officer
from .services import funding as services
from .trail import programme_trail

PER_PAGE = 25


def _require_staff(request) -> None:
    require(can_read_programme(request.user), actor=request.user, summary="funding pages")


def _require_officer(request, obj=None) -> None:
    require(
        is_officer(request.user), actor=request.user, obj=obj, summary="funding: not the officer"
    )


def _trail(*more):
    return programme_trail((_("Funding"), reverse("programme:funding")), *more)


def _programme_crumb(programme):
    return (programme.name, reverse("programme:funding_detail", args=[programme.pk]))


def _tabs(current: str) -> list[dict]:
    tabs = [
        ("programmes", _("Funding programmes"), reverse("programme:funding")),
        ("applications", _("Applications for funding"), reverse("programme:funding_applications")),
        ("practices", _("Best practices"), reverse("programme:practices")),
    ]
    return [{"label": label, "url": url, "current": key == current} for key, label, url in tabs]


# --- Funding programmes -------------------------------------------------------------------


@require_GET
def funding_list(request):
    _require_staff(request)
    levels = list(FundingProgramme.Level.choices)
    level = request.GET.get("level", "")
    if level not in dict(levels):
        level = ""
    open_only = request.GET.get("open") == "1"
    today = timezone.localdate()
    rows = services.programmes(level=level, open_only=open_only, today=today)
    return render(
        request,
        "programme/funding/list.html",
        {
            "page": paginate(request, rows, per_page=PER_PAGE),
            "levels": levels,
            "level": level,
            "open_only": open_only,
            "today": today,
            "is_officer": is_officer(request.user),
            "tabs": _tabs("programmes"),
            "breadcrumbs": _trail((_("Funding programmes"), "")),
        },
    )


@require_GET
def funding_detail(request, pk):
    _require_staff(request)
    programme = get_object_or_404(FundingProgramme, pk=pk)
    return render(
        request,
        "programme/funding/detail.html",
        {
            "programme": programme,
            "measures": list(programme.measures.select_related("field").order_by("code")),
            "applications": list(
                programme.applications.select_related("measure").order_by("-submitted_on", "pk")
            ),
            "today": timezone.localdate(),
            "is_officer": is_officer(request.user),
            "breadcrumbs": _trail((programme.name, "")),
        },
    )


def _programme_form_page(request, form, programme=None, status=200):
    title = _("Change the funding programme") if programme else _("Add a funding programme")
    trail = _trail(_programme_crumb(programme), (title, "")) if programme else _trail((title, ""))
    return render(
        request,
        "programme/funding/form.html",
        {"form": form, "programme": programme, "title": title, "breadcrumbs": trail},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def funding_new(request):
    _require_officer(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(
                actor=request.user,
                measures=form.cleaned_data["measures"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The funding programme is in the catalogue."))
            return redirect("programme:funding_detail", pk=programme.pk)
    return _programme_form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def funding_edit(request, pk):
    _require_officer(request)
    programme = get_object_or_404(FundingProgramme, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                actor=request.user,
                programme=programme,
                measures=form.cleaned_data["measures"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:funding_detail", pk=programme.pk)
    return _programme_form_page(request, form, programme, status=400 if form.is_bound else 200)


def _delete_text(subject: str) -> str:
    return _("Delete “%(subject)s”? The audit trail keeps a record of it.") % {"subject": subject}


@require_http_methods(["GET", "POST"])
def funding_delete(request, pk):
    _require_officer(request)
    programme = get_object_or_404(FundingProgramme, pk=pk)
    if request.method == "POST":
        try:
            services.delete_programme(actor=request.user, programme=programme)
        except ProgrammeError as error:
            messages.error(request, error.message)
            return redirect("programme:funding_detail", pk=programme.pk)
        messages.success(request, _("The funding programme is deleted."))
        return redirect("programme:funding")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": _("Delete the funding programme"),
            "text": _delete_text(programme.name),
            "button": _("Delete"),
            "cancel_url": reverse("programme:funding_detail", args=[programme.pk]),
            "breadcrumbs": _trail(_programme_crumb(programme), (_("Delete"), "")),
        },
    )


@require_GET
def funding_history(request, pk):
    _require_officer(request)
    programme = get_object_or_404(FundingProgramme, pk=pk)
    return history_page(
        request,
        obj=programme,
        subject=programme.name,
        back_url=reverse("programme:funding_detail", args=[programme.pk]),
        trail=_trail(_programme_crumb(programme), (_("History"), "")),
    )


# --- Applications for funding -------------------------------------------------------------


@require_GET
def application_list(request):
    _require_staff(request)
    statuses = list(FundingApplication.Status.choices)
    status = request.GET.get("status", "")
    if status not in dict(statuses):
        status = ""
    return render(
        request,
        "programme/funding/applications.html",
        {
            "page": paginate(request, services.applications(status=status), per_page=PER_PAGE),
            "statuses": statuses,
            "status": status,
            "reports_due": list(services.reports_due(days=60)),
            "today": timezone.localdate(),
            "is_officer": is_officer(request.user),
            "tabs": _tabs("applications"),
            "breadcrumbs": _trail((_("Applications for funding"), "")),
        },
    )


def _application_form_page(request, form, programme, application=None, status=200):
    title = _("Change the application") if application else _("Record an application for funding")
    return render(
        request,
        "programme/funding/application_form.html",
        {
            "form": form,
            "programme": programme,
            "application": application,
            "title": title,
            "breadcrumbs": _trail(_programme_crumb(programme), (title, "")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def application_new(request, pk):
    _require_officer(request)
    programme = get_object_or_404(FundingProgramme, pk=pk)
    form = ApplicationForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_application(
                actor=request.user, programme=programme, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The application for funding is recorded."))
            return redirect("programme:funding_detail", pk=programme.pk)
    return _application_form_page(request, form, programme, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    _require_officer(request)
    application = get_object_or_404(FundingApplication.objects.select_related("programme"), pk=pk)
    programme = application.programme
    form = ApplicationForm(request.POST or None, instance=application, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                actor=request.user, application=application, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:funding_detail", pk=programme.pk)
    return _application_form_page(
        request, form, programme, application, status=400 if form.is_bound else 200
    )


# --- Best practices -----------------------------------------------------------------------


def _practices_trail(*more):
    return _trail((_("Best practices"), reverse("programme:practices")), *more)


@require_GET
def practice_list(request):
    _require_staff(request)
    fields = list(FieldOfAction.objects.order_by("position", "title"))
    chosen = next((f for f in fields if f.slug == request.GET.get("field")), None)
    return render(
        request,
        "programme/funding/practice_list.html",
        {
            "page": paginate(request, services.practices(field=chosen), per_page=PER_PAGE),
            "field_choices": [(field.slug, field.title) for field in fields],
            "chosen": chosen,
            "is_officer": is_officer(request.user),
            "tabs": _tabs("practices"),
            "breadcrumbs": _trail((_("Best practices"), "")),
        },
    )


@require_GET
def practice_detail(request, pk):
    _require_staff(request)
    practice = get_object_or_404(BestPractice, pk=pk)
    return render(
        request,
        "programme/funding/practice_detail.html",
        {
            "practice": practice,
            "fields": list(practice.fields.order_by("position", "title")),
            "measures": list(practice.measures.order_by("code")),
            "is_officer": is_officer(request.user),
            "breadcrumbs": _practices_trail((str(practice), "")),
        },
    )


def _practice_form_page(request, form, practice=None, status=200):
    title = _("Change the best practice") if practice else _("Add a best practice")
    crumbs = [(title, "")]
    if practice:
        crumbs.insert(0, (str(practice), reverse("programme:practice_detail", args=[practice.pk])))
    return render(
        request,
        "programme/funding/practice_form.html",
        {
            "form": form,
            "practice": practice,
            "title": title,
            "breadcrumbs": _practices_trail(*crumbs),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def practice_new(request):
    _require_officer(request)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                actor=request.user,
                fields_of_action=form.cleaned_data["fields_of_action"],
                measures=form.cleaned_data["measures"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The best practice is in the library."))
            return redirect("programme:practice_detail", pk=practice.pk)
    return _practice_form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    _require_officer(request)
    practice = get_object_or_404(BestPractice, pk=pk)
    form = PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_practice(
                actor=request.user,
                practice=practice,
                fields_of_action=form.cleaned_data["fields_of_action"],
                measures=form.cleaned_data["measures"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:practice_detail", pk=practice.pk)
    return _practice_form_page(request, form, practice, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def practice_delete(request, pk):
    _require_officer(request)
    practice = get_object_or_404(BestPractice, pk=pk)
    if request.method == "POST":
        services.delete_practice(actor=request.user, practice=practice)
        messages.success(request, _("The best practice is deleted."))
        return redirect("programme:practices")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": _("Delete the best practice"),
            "text": _delete_text(str(practice)),
            "button": _("Delete"),
            "cancel_url": reverse("programme:practice_detail", args=[practice.pk]),
            "breadcrumbs": _practices_trail(
                (str(practice), reverse("programme:practice_detail", args=[practice.pk])),
                (_("Delete"), ""),
            ),
        },
    )
