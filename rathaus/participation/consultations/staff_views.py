"""Staff pages of document consultations: drafts, the importer, sections, and the
consultation report for the council (HTML, PDF, CSV)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.core.exceptions import UserFacingError
from rathaus.core.staff.views.common import breadcrumbs
from rathaus.core.uploads.exceptions import UploadError
from rathaus.participation.models import Process

from . import services
from .forms import DraftForm, ImportForm, SectionForm
from .models import Draft, Section
from .querysets import comment_counts
from .report import build_report, render_csv, render_pdf


def _process(request, process_slug) -> Process:
    services.require_manager(request.user)
    process = Process.objects.filter(slug=process_slug).first()
    if process is None:
        raise Http404
    return process


def _draft(request, process_slug, pk) -> Draft:
    process = _process(request, process_slug)
    draft = Draft.objects.filter(process=process, pk=pk).select_related("original_file").first()
    if draft is None:
        raise Http404
    draft.process = process
    return draft


def _section(draft, section_pk) -> Section:
    section = Section.objects.filter(draft=draft, pk=section_pk).first()
    if section is None:
        raise Http404
    section.draft = draft
    return section


def _trail(process, *items):
    try:
        first = [(process.title, reverse("participation_staff:process", args=[process.slug]))]
    except NoReverseMatch:
        first = []
    drafts = (_("Drafts"), reverse("consultations_staff:index", args=[process.slug]))
    return breadcrumbs(*first, drafts, *items)


def _draft_crumb(draft):
    return (draft.title, reverse("consultations_staff:draft", args=[draft.process.slug, draft.pk]))


def index(request, process_slug):
    process = _process(request, process_slug)
    return render(
        request,
        "consultations/staff/index.html",
        {
            "process": process,
            "drafts": Draft.objects.of_process(process),
            "breadcrumbs": _trail(process),
        },
    )


def _draft_form_page(request, process, draft=None):
    form = DraftForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        original = form.cleaned_data.get("original_upload")
        data = form.service_data()
        try:
            if draft is None:
                draft = services.create_draft(
                    actor=request.user, process=process, data=data, original=original
                )
            else:
                draft.refresh_from_db()
                services.update_draft(actor=request.user, draft=draft, data=data, original=original)
        except (UploadError, UserFacingError) as error:
            form.add_error("original_upload", error.message)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("consultations_staff:draft", process.slug, draft.pk)
    title = _("Edit draft") if draft else _("New draft")
    return render(
        request,
        "consultations/staff/form.html",
        {
            "process": process,
            "form": form,
            "title": title,
            "multipart": True,
            "cancel_url": reverse("consultations_staff:draft", args=[process.slug, draft.pk])
            if draft
            else reverse("consultations_staff:index", args=[process.slug]),
            "breadcrumbs": _trail(process, (title, "")),
        },
    )


@require_http_methods(["GET", "POST"])
def draft_create(request, process_slug):
    return _draft_form_page(request, _process(request, process_slug))


@require_http_methods(["GET", "POST"])
def draft_edit(request, process_slug, pk):
    draft = _draft(request, process_slug, pk)
    return _draft_form_page(request, draft.process, draft)


def draft(request, process_slug, pk):
    found = _draft(request, process_slug, pk)
    sections = list(Section.objects.filter(draft=found))
    counts = comment_counts(sections)
    for section in sections:
        section.comment_count = counts.get(str(section.pk), 0)
    return render(
        request,
        "consultations/staff/draft.html",
        {
            "process": found.process,
            "draft": found,
            "sections": sections,
            "breadcrumbs": _trail(found.process, (found.title, "")),
        },
    )


@require_http_methods(["GET", "POST"])
def import_text(request, process_slug, pk):
    found = _draft(request, process_slug, pk)
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_sections(
                actor=request.user,
                draft=found,
                text=form.cleaned_data["text"],
                replace=form.cleaned_data["replace"],
            )
        except UserFacingError as error:
            form.add_error("text", error.message)
        else:
            messages.success(
                request, _("%(count)s sections have been imported.") % {"count": len(created)}
            )
            return redirect("consultations_staff:draft", found.process.slug, found.pk)
    title = _("Import sections from text")
    return render(
        request,
        "consultations/staff/form.html",
        {
            "process": found.process,
            "form": form,
            "title": title,
            "cancel_url": reverse("consultations_staff:draft", args=[process_slug, found.pk]),
            "breadcrumbs": _trail(found.process, _draft_crumb(found), (title, "")),
        },
    )


def _section_form_page(request, found, section=None):
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if section is None:
            services.create_section(actor=request.user, draft=found, data=data)
        else:
            section.refresh_from_db()
            services.update_section(actor=request.user, section=section, data=data)
        messages.success(request, _("The section has been saved."))
        return redirect("consultations_staff:draft", found.process.slug, found.pk)
    title = section.label if section else _("New section")
    return render(
        request,
        "consultations/staff/form.html",
        {
            "process": found.process,
            "form": form,
            "title": title,
            "cancel_url": reverse("consultations_staff:draft", args=[found.process.slug, found.pk]),
            "breadcrumbs": _trail(found.process, _draft_crumb(found), (title, "")),
        },
    )


@require_http_methods(["GET", "POST"])
def section_create(request, process_slug, pk):
    return _section_form_page(request, _draft(request, process_slug, pk))


@require_http_methods(["GET", "POST"])
def section_edit(request, process_slug, pk, section_pk):
    found = _draft(request, process_slug, pk)
    return _section_form_page(request, found, _section(found, section_pk))


@require_POST
def section_delete(request, process_slug, pk, section_pk):
    found = _draft(request, process_slug, pk)
    try:
        services.delete_section(actor=request.user, section=_section(found, section_pk))
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The section has been deleted."))
    return redirect("consultations_staff:draft", found.process.slug, found.pk)


def report(request, process_slug, pk):
    found = _draft(request, process_slug, pk)
    return render(
        request,
        "consultations/staff/report.html",
        {
            "process": found.process,
            "draft": found,
            "report": build_report(found),
            "breadcrumbs": _trail(
                found.process, _draft_crumb(found), (_("Consultation report"), "")
            ),
        },
    )


def report_pdf(request, process_slug, pk):
    found = _draft(request, process_slug, pk)
    response = HttpResponse(render_pdf(build_report(found)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beteiligungsbericht-{found.pk}.pdf"'
    return response


def report_csv(request, process_slug, pk):
    found = _draft(request, process_slug, pk)
    headers = [_("Section"), _("Date"), _("Name (if shown)"), _("Comment")]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beteiligungsbericht-{found.pk}.csv"'
    response.write("\ufeff" + render_csv(build_report(found), headers))
    return response
