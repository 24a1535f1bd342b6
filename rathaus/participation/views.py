"""Public pages of participation: the processes, a process's page, its proposals (index,
page, submitting, supporting) and its accountability page."""

import importlib.util

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.exceptions import UserFacingError
from rathaus.core.pagination import paginate
from rathaus.core.ratelimit import client_key, hit
from rathaus.core.uploads.exceptions import UploadError

from . import services
from .forms import ProposalFilterForm, ProposalForm
from .models import RANDOM_PRIME, Feature, Milestone, Process, Proposal

PROPOSALS_PER_PAGE = 20
PROPOSAL_RATE = {"limit": 10, "per": 3600}
SUPPORT_RATE = {"limit": 60, "per": 600}


def engagement_tags_available() -> bool:
    """The engagement app's template tags (comment thread, report link, follow button)."""
    return (
        importlib.util.find_spec("rathaus.participation.engagement.templatetags.engagement")
        is not None
    )


def _process_or_404(request, slug: str) -> Process:
    """A public process; staff who run processes also see unpublished ones (a preview)."""
    processes = Process.objects.prefetch_related("phases")
    if not services.can_manage_participation(request.user):
        processes = processes.public()
    process = processes.filter(slug=slug).first()
    if process is None:
        raise Http404
    return process


def _trail(*more) -> list[dict]:
    return [{"label": _("Participation"), "url": reverse("participation:index")}] + [
        {"label": label, "url": url} for label, url in more
    ]


def _features_used(process: Process) -> set[str]:
    return {feature for phase in process.phases.all() for feature in phase.features}


def _app_url(name: str, slug: str, fallback: str) -> str:
    """A page of a feature app (surveys, budgets, consultations) of this process."""
    try:
        return reverse(name, kwargs={"process_slug": slug})
    except NoReverseMatch:
        return f"/beteiligung/{slug}/{fallback}/"


def feature_links(process: Process) -> list[dict]:
    """Links to the features the process's phases use, each marked if active now."""
    used = _features_used(process)
    links = []
    if Feature.PROPOSALS in used or Feature.SUPPORT in used:
        links.append(
            {
                "label": _("Proposals"),
                "url": reverse("participation:proposals", args=[process.slug]),
                "active": process.feature_active(Feature.PROPOSALS)
                or process.feature_active(Feature.SUPPORT)
                or process.feature_active(Feature.COMMENTS),
            }
        )
    for feature, name, fallback, label in (
        (Feature.SURVEYS, "surveys:index", "umfragen", _("Surveys")),
        (Feature.BUDGET_VOTING, "budgets:index", "buergerhaushalt", _("Participatory budget")),
        (Feature.CONSULTATION, "consultations:index", "entwuerfe", _("Draft documents")),
    ):
        if feature in used:
            links.append(
                {
                    "label": label,
                    "url": _app_url(name, process.slug, fallback),
                    "active": process.feature_active(feature),
                }
            )
    return links


@require_GET
def index(request):
    today = timezone.localdate()
    with_phases = Prefetch("phases")
    return render(
        request,
        "participation/index.html",
        {
            "running": Process.objects.public_running(today).prefetch_related(with_phases),
            "past": paginate(request, Process.objects.public_past(today)),
            "today": today,
        },
    )


@require_GET
def process(request, slug):
    process = _process_or_404(request, slug)
    today = timezone.localdate()
    current = process.current_phase(today)
    return render(
        request,
        "participation/process.html",
        {
            "process": process,
            "phases": process.phases.all(),
            "current": current,
            "current_is_running": current is not None
            and current.starts_on <= today <= current.ends_on,
            "documents": process.documents.select_related("file").filter(file__is_public=True),
            "links": feature_links(process),
            "has_accountability": Proposal.objects.public().of_process(process).accepted().exists(),
            "engagement_tags": engagement_tags_available() and not process.is_hidden,
            "breadcrumbs": _trail((process.title, "")),
        },
    )


def _seed(chosen: int | None) -> int:
    """The random order's seed: the one in the address, else one per day, so that the
    order stays while somebody pages through it and nobody needs a session for it."""
    if chosen:
        return max(1, min(chosen, RANDOM_PRIME - 1))
    return timezone.localdate().toordinal() * 7919 % (RANDOM_PRIME - 1) + 1


def _page_of_proposals(request, ordered):
    """One page of ``ordered`` proposals: first the page's ids in order (a narrow query the
    sort indexes answer, and a cheap sort for the random order), then those rows only."""
    page = paginate(request, ordered.values_list("id", flat=True), per_page=PROPOSALS_PER_PAGE)
    ids = list(page.object_list)
    rows = {row.pk: row for row in Proposal.objects.filter(pk__in=ids).for_index()} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


@require_GET
def proposals(request, slug):
    process = _process_or_404(request, slug)
    signed_in = request.user.is_authenticated
    filters = ProposalFilterForm(request.GET or None, signed_in=signed_in)
    chosen = filters.values()
    rows = Proposal.objects.public().of_process(process)
    rows = rows.answered_as(chosen["state"]).with_location(chosen["located"])
    if chosen["mine"]:
        rows = rows.by(request.user)
    seed = _seed(chosen["seed"])
    page = _page_of_proposals(request, rows.sorted_by(chosen["sort"], seed))
    return render(
        request,
        "participation/proposals.html",
        {
            "process": process,
            "page": page,
            "filters": filters,
            "seed": seed,
            "sort": chosen["sort"],
            "supported": services.supported_ids(request.user, page.object_list),
            "may_submit": process.feature_active(Feature.PROPOSALS),
            "support_open": process.feature_active(Feature.SUPPORT),
            "breadcrumbs": _trail(
                (process.title, reverse("participation:process", args=[slug])),
                (_("Proposals"), ""),
            ),
        },
    )


def _submission_error(form, error: UserFacingError) -> None:
    from rathaus.participation.engagement.exceptions import NameRequired

    from .exceptions import IncompleteLocation

    field = {NameRequired: "show_name", IncompleteLocation: "longitude"}.get(type(error))
    form.add_error(field, error.message)


@login_required
def proposal_create(request, slug):
    process = _process_or_404(request, slug)
    posted = request.method == "POST"
    form = ProposalForm(
        request.POST if posted else None, request.FILES if posted else None, process=process
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            hit("participation.proposal", client_key(request), **PROPOSAL_RATE)
            photo = None
            if data.get("image"):
                from rathaus.core.uploads.images import read_photo

                photo = read_photo(data["image"])
            proposal = services.submit_proposal(
                author=request.user,
                process=process,
                title=data["title"],
                text=data["text"],
                show_name=data["show_name"] == "yes",
                idempotency_key=data["submission"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photo=photo,
            )
        except UploadError as error:
            form.add_error("image", error.message)
        except UserFacingError as error:
            _submission_error(form, error)
        else:
            messages.success(request, _("Thank you. Your proposal has been published."))
            return redirect("participation:proposal", slug, proposal.pk)
    return render(
        request,
        "participation/proposal_form.html",
        {
            "process": process,
            "form": form,
            "open": process.feature_active(Feature.PROPOSALS),
            "breadcrumbs": _trail(
                (process.title, reverse("participation:process", args=[slug])),
                (_("Proposals"), reverse("participation:proposals", args=[slug])),
                (_("New proposal"), ""),
            ),
        },
    )


def _proposal_or_404(request, slug, pk) -> Proposal:
    process = _process_or_404(request, slug)
    proposals = Proposal.objects.filter(process=process)
    if not services.can_manage_participation(request.user):
        proposals = proposals.public()
    proposal = proposals.select_related("author", "image").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    proposal.process = process
    return proposal


@require_GET
def proposal(request, slug, pk):
    proposal = _proposal_or_404(request, slug, pk)
    process = proposal.process
    counted = services.proposals.public_comment_count(proposal)
    if counted != proposal.comment_count:
        services.refresh_comment_count(proposal)
    user = request.user
    supported = bool(services.supported_ids(user, [proposal.pk]))
    return render(
        request,
        "participation/proposal.html",
        {
            "process": process,
            "proposal": proposal,
            "author_name": proposal.author.get_full_name()
            if proposal.show_name and proposal.author
            else "",
            "milestones": proposal.milestones.all() if proposal.is_accepted else [],
            "supported": supported,
            "support_open": process.feature_active(Feature.SUPPORT) and not proposal.is_hidden,
            "own": user.is_authenticated and proposal.author_id == user.pk,
            "engagement_tags": engagement_tags_available() and not proposal.is_hidden,
            "breadcrumbs": _trail(
                (process.title, reverse("participation:process", args=[slug])),
                (_("Proposals"), reverse("participation:proposals", args=[slug])),
                (proposal.title, ""),
            ),
        },
    )


@require_POST
@login_required
def support(request, slug, pk):
    proposal = _proposal_or_404(request, slug, pk)
    try:
        hit("participation.support", client_key(request), **SUPPORT_RATE)
        services.support_proposal(user=request.user, proposal=proposal)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You support this proposal."))
    return redirect("participation:proposal", slug, proposal.pk)


@require_POST
@login_required
def withdraw_support(request, slug, pk):
    proposal = _proposal_or_404(request, slug, pk)
    try:
        hit("participation.support", client_key(request), **SUPPORT_RATE)
        services.withdraw_support(user=request.user, proposal=proposal)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn your support."))
    return redirect("participation:proposal", slug, proposal.pk)


@require_GET
def accountability(request, slug):
    """The accountability page (Rechenschaft): accepted proposals and how far they are."""
    process = _process_or_404(request, slug)
    accepted = Proposal.objects.public().of_process(process).accepted()
    rows = accepted.order_by("-progress", "title", "id").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "title"))
    )
    average = accepted.aggregate(average=Avg("progress"))["average"]
    return render(
        request,
        "participation/accountability.html",
        {
            "process": process,
            "page": paginate(request, rows, per_page=10),
            "average": round(average) if average is not None else None,
            "today": timezone.localdate(),
            "breadcrumbs": _trail(
                (process.title, reverse("participation:process", args=[slug])),
                (_("Implementation"), ""),
            ),
        },
    )
