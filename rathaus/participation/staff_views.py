"""Staff pages of participation: processes with their phases, documents and publication,
and the official answers to proposals with their implementation. For participation
managers and administrators (the staff area itself needs a second factor)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.exceptions import UserFacingError
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs
from rathaus.core.uploads.exceptions import UploadError

from . import services
from .forms import (
    AnswerForm,
    DocumentForm,
    ImplementationForm,
    MilestoneForm,
    PhaseForm,
    ProcessForm,
)
from .models import Milestone, Phase, Process, ProcessDocument, Proposal


def _require_manager(user) -> None:
    if not services.can_manage_participation(user):
        raise Http404


def _process_or_404(request, slug) -> Process:
    _require_manager(request.user)
    process = Process.objects.filter(slug=slug).first()
    if process is None:
        raise Http404
    return process


def _trail(*more):
    return breadcrumbs((_("Participation"), reverse("participation_staff:process_list")), *more)


def _process_trail(process: Process, *more):
    return _trail(
        (process.title, reverse("participation_staff:process_detail", args=[process.slug])),
        *more,
    )


@require_GET
@login_required
def process_list(request):
    _require_manager(request.user)
    processes = (
        Process.objects.with_dates()
        .annotate(proposal_count=Count("proposals", distinct=True))
        .order_by("-created_at", "id")
    )
    return render(
        request,
        "participation/staff/process_list.html",
        {"page": paginate(request, processes), "breadcrumbs": _trail()},
    )


def _process_form_page(request, process: Process | None):
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PROCESS_FIELDS}
        try:
            if process is None:
                saved = services.create_process(actor=request.user, data=data)
            else:
                # The form has changed ``process`` while validating: the service compares
                # with the stored row.
                stored = Process.objects.get(pk=process.pk)
                saved = services.update_process(actor=request.user, process=stored, data=data)
        except ValidationError as error:
            add_validation_error(form, error)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The process was saved."))
            return redirect("participation_staff:process_detail", saved.slug)
    title = _("New process") if process is None else _("Edit process")
    trail = _trail((title, ""))
    return render(
        request,
        "participation/staff/process_form.html",
        {"form": form, "process": process, "title": title, "breadcrumbs": trail},
    )


@login_required
def process_create(request):
    _require_manager(request.user)
    return _process_form_page(request, None)


@login_required
def process_edit(request, slug):
    process = _process_or_404(request, slug)
    return _process_form_page(request, process)


@require_GET
@login_required
def process_detail(request, slug):
    process = _process_or_404(request, slug)
    counts = Proposal.objects.of_process(process).aggregate(
        total=Count("id"),
        hidden=Count("id", filter=Q(is_hidden=True)),
        unanswered=Count("id", filter=Q(state=Proposal.State.PUBLISHED)),
    )
    return render(
        request,
        "participation/staff/process_detail.html",
        {
            "process": process,
            "phases": process.phases.all(),
            "current": process.current_phase(),
            "documents": process.documents.select_related("file"),
            "counts": counts,
            "breadcrumbs": _process_trail(process),
        },
    )


@require_POST
@login_required
def process_publish(request, slug):
    process = _process_or_404(request, slug)
    publish = request.POST.get("publish") == "1"
    try:
        services.set_published(actor=request.user, process=process, published=publish)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The process is published.") if publish else _("The process is no longer public."),
        )
    return redirect("participation_staff:process_detail", process.slug)


def _phase_form_page(request, process: Process, phase: Phase | None):
    form = PhaseForm.for_phase(phase, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if phase is None:
                services.create_phase(actor=request.user, process=process, data=form.cleaned_data)
            else:
                services.update_phase(actor=request.user, phase=phase, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The phase was saved."))
            return redirect("participation_staff:process_detail", process.slug)
    title = _("New phase") if phase is None else _("Edit phase")
    return render(
        request,
        "participation/staff/phase_form.html",
        {
            "form": form,
            "process": process,
            "phase": phase,
            "title": title,
            "breadcrumbs": _process_trail(process, (title, "")),
        },
    )


def _phase_or_404(process: Process, pk) -> Phase:
    phase = process.phases.filter(pk=pk).first()
    if phase is None:
        raise Http404
    return phase


@login_required
def phase_create(request, slug):
    process = _process_or_404(request, slug)
    return _phase_form_page(request, process, None)


@login_required
def phase_edit(request, slug, pk):
    process = _process_or_404(request, slug)
    return _phase_form_page(request, process, _phase_or_404(process, pk))


@require_POST
@login_required
def phase_delete(request, slug, pk):
    process = _process_or_404(request, slug)
    phase = _phase_or_404(process, pk)
    services.delete_phase(actor=request.user, phase=phase)
    messages.success(request, _("The phase was deleted."))
    return redirect("participation_staff:process_detail", process.slug)


@login_required
def document_create(request, slug):
    process = _process_or_404(request, slug)
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.add_document(
                actor=request.user,
                process=process,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
                position=form.cleaned_data["position"],
            )
        except UploadError as error:
            form.add_error("file", error.message)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The document was published."))
            return redirect("participation_staff:process_detail", process.slug)
    title = _("New document")
    return render(
        request,
        "participation/staff/document_form.html",
        {
            "form": form,
            "process": process,
            "title": title,
            "breadcrumbs": _process_trail(process, (title, "")),
        },
    )


@require_POST
@login_required
def document_delete(request, slug, pk):
    process = _process_or_404(request, slug)
    document = ProcessDocument.objects.filter(process=process, pk=pk).first()
    if document is None:
        raise Http404
    services.delete_document(actor=request.user, document=document)
    messages.success(request, _("The document was deleted."))
    return redirect("participation_staff:process_detail", process.slug)


STAFF_STATE_FILTERS = {
    "": None,
    "offen": Proposal.State.PUBLISHED,
    "in-pruefung": Proposal.State.EVALUATING,
    "angenommen": Proposal.State.ACCEPTED,
    "abgelehnt": Proposal.State.REJECTED,
}


@require_GET
@login_required
def proposal_list(request, slug):
    process = _process_or_404(request, slug)
    key = request.GET.get("antwort", "")
    state = STAFF_STATE_FILTERS.get(key)
    rows = Proposal.objects.of_process(process).answered_as(state or "")
    base = reverse("participation_staff:proposal_list", args=[slug])
    tabs = [
        {
            "label": label,
            "url": f"{base}?antwort={value}" if value else base,
            "current": value == key,
        }
        for value, label in (
            ("", _("All")),
            ("offen", _("Not yet answered")),
            ("in-pruefung", _("Under evaluation")),
            ("angenommen", _("Accepted")),
            ("abgelehnt", _("Rejected")),
        )
    ]
    return render(
        request,
        "participation/staff/proposal_list.html",
        {
            "process": process,
            "page": paginate(request, rows.order_by("-created_at", "id").for_index()),
            "tabs": tabs,
            "breadcrumbs": _process_trail(process, (_("Proposals"), "")),
        },
    )


def _staff_proposal_or_404(request, slug, pk) -> Proposal:
    process = _process_or_404(request, slug)
    proposal = (
        Proposal.objects.filter(process=process, pk=pk).select_related("author", "image").first()
    )
    if proposal is None:
        raise Http404
    proposal.process = process
    return proposal


def _proposal_page(request, proposal: Proposal, **forms):
    process = proposal.process
    answer_form = forms.get("answer_form") or AnswerForm(
        initial={"state": proposal.state if proposal.is_answered else "", "answer": proposal.answer}
    )
    implementation_form = forms.get("implementation_form") or ImplementationForm(
        initial={
            "implementation": proposal.implementation or Proposal.Implementation.NOT_STARTED,
            "progress": proposal.progress,
            "note": proposal.implementation_note,
        }
    )
    milestone_form = forms.get("milestone_form") or MilestoneForm(prefix="neu")
    milestones = [
        (milestone, MilestoneForm.for_milestone(milestone))
        for milestone in proposal.milestones.all()
    ]
    every_form = [answer_form, implementation_form, milestone_form]
    return render(
        request,
        "participation/staff/proposal_detail.html",
        {
            "process": process,
            "proposal": proposal,
            "answer_form": answer_form,
            "implementation_form": implementation_form,
            "milestone_form": milestone_form,
            "milestones": milestones,
            "form": next((form for form in every_form if form.errors), None),
            "breadcrumbs": _process_trail(
                process,
                (_("Proposals"), reverse("participation_staff:proposal_list", args=[process.slug])),
                (proposal.title, ""),
            ),
        },
        status=400 if any(form.errors for form in every_form) else 200,
    )


@require_GET
@login_required
def proposal_detail(request, slug, pk):
    return _proposal_page(request, _staff_proposal_or_404(request, slug, pk))


def _back_to(proposal: Proposal):
    return redirect("participation_staff:proposal_detail", proposal.process.slug, proposal.pk)


@require_POST
@login_required
def proposal_answer(request, slug, pk):
    proposal = _staff_proposal_or_404(request, slug, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_proposal(
                actor=request.user,
                proposal=proposal,
                state=form.cleaned_data["state"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except UserFacingError as error:
            form.add_error("answer", error.message)
        else:
            messages.success(request, _("The answer was published; the proposer has been told."))
            return _back_to(proposal)
    return _proposal_page(request, proposal, answer_form=form)


@require_POST
@login_required
def proposal_implementation(request, slug, pk):
    proposal = _staff_proposal_or_404(request, slug, pk)
    form = ImplementationForm(request.POST)
    if form.is_valid():
        try:
            services.update_implementation(
                actor=request.user,
                proposal=proposal,
                implementation=form.cleaned_data["implementation"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The implementation was updated."))
            return _back_to(proposal)
    return _proposal_page(request, proposal, implementation_form=form)


@require_POST
@login_required
def milestone_create(request, slug, pk):
    proposal = _staff_proposal_or_404(request, slug, pk)
    form = MilestoneForm(request.POST, prefix="neu")
    if form.is_valid():
        try:
            services.add_milestone(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The milestone was added."))
            return _back_to(proposal)
    return _proposal_page(request, proposal, milestone_form=form)


def _milestone_or_404(proposal: Proposal, milestone_pk) -> Milestone:
    milestone = Milestone.objects.filter(proposal=proposal, pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    return milestone


@require_POST
@login_required
def milestone_edit(request, slug, pk, milestone_pk):
    proposal = _staff_proposal_or_404(request, slug, pk)
    milestone = _milestone_or_404(proposal, milestone_pk)
    form = MilestoneForm.for_milestone(milestone, request.POST)
    if form.is_valid():
        try:
            services.update_milestone(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return _back_to(proposal)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return _back_to(proposal)


@require_POST
@login_required
def milestone_delete(request, slug, pk, milestone_pk):
    proposal = _staff_proposal_or_404(request, slug, pk)
    milestone = _milestone_or_404(proposal, milestone_pk)
    services.delete_milestone(actor=request.user, milestone=milestone)
    messages.success(request, _("The milestone was deleted."))
    return _back_to(proposal)
