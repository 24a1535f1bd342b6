"""The public pages of petitions: the explanation, the form, the receipt, "My petitions"
with each petition's history and answer, and the page on the citizens' initiative."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.pagination import paginate
from rathaus.core.ratelimit import RateLimited, client_key, hit
from rathaus.core.uploads.exceptions import CorruptedFile, UploadError
from rathaus.core.uploads.services import open_stored

from . import initiative
from .exceptions import PetitionError
from .forms import PetitionForm
from .models import Addressee, Petition
from .services import submission

SUBMISSIONS_PER_HOUR = 5


def _trail(*more) -> list[dict]:
    items = [{"label": _("Petitions and suggestions"), "url": reverse("petitions:index")}]
    items.extend({"label": label, "url": url} for label, url in more)
    return items


def _own(request, pk) -> Petition:
    """The submitter's own petition; anybody else gets 404."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Petition.objects.of_submitter(request.user).select_related("addressee"), pk=pk
    )


@require_GET
def index(request):
    return render(
        request,
        "petitions/index.html",
        {
            "addressees": Addressee.objects.offered(),
            "may_submit": submission.may_submit(request.user),
            "breadcrumbs": _trail(),
        },
    )


def _submission_key(request) -> str:
    value = request.POST.get("submission_key", "")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.uuid4())


@login_required
def new(request):
    """The form. Errors keep every value; a valid attachment is kept as well, so the
    person does not have to choose it again."""
    if not submission.may_submit(request.user):
        raise Http404
    key = _submission_key(request)
    if request.method == "POST":
        already = Petition.objects.of_submitter(request.user).filter(idempotency_key=key).first()
        if already is not None:
            return redirect("petitions:sent", pk=already.pk)
    form = PetitionForm(request.POST or None, request.FILES or None)
    kept = None
    if request.method == "POST":
        kept = submission.kept_attachment(
            file_id=request.POST.get("kept_attachment", ""), submitter=request.user
        )
        valid = form.is_valid()
        upload = form.cleaned_data.get("attachment")
        if upload:
            try:
                kept = submission.store_attachment(uploaded_file=upload, submitter=request.user)
            except UploadError as error:
                form.add_error("attachment", error.message)
                valid = False
        if valid:
            try:
                hit("petitions.submit", client_key(request), limit=SUBMISSIONS_PER_HOUR, per=3600)
                petition = submission.submit_petition(
                    submitter=request.user,
                    addressee=form.cleaned_data["addressee"],
                    kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    consent=form.cleaned_data["consent"],
                    idempotency_key=uuid.UUID(key),
                    attachment=kept,
                )
            except (PetitionError, RateLimited) as error:
                form.add_error(None, error.message)
            else:
                return redirect("petitions:sent", pk=petition.pk)
    return render(
        request,
        "petitions/form.html",
        {
            "form": form,
            "submission_key": key,
            "kept": kept,
            "breadcrumbs": _trail((_("Write a petition"), "")),
        },
    )


@require_GET
@login_required
def sent(request, pk):
    petition = _own(request, pk)
    return render(
        request,
        "petitions/sent.html",
        {"petition": petition, "breadcrumbs": _trail((petition.reference, ""))},
    )


@require_GET
@login_required
def mine(request):
    petitions = Petition.objects.of_submitter(request.user).for_list()
    return render(
        request,
        "petitions/mine.html",
        {"page": paginate(request, petitions), "breadcrumbs": _trail((_("My petitions"), ""))},
    )


@require_GET
@login_required
def detail(request, pk):
    petition = _own(request, pk)
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "events": petition.events.all(),
            "breadcrumbs": _trail(
                (_("My petitions"), reverse("petitions:mine")), (petition.reference, "")
            ),
        },
    )


def stored_file_response(stored) -> FileResponse:
    if stored is None:
        raise Http404
    try:
        handle = open_stored(stored)
    except CorruptedFile:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )


@require_GET
@login_required
def attachment(request, pk):
    return stored_file_response(_own(request, pk).attachment)


@require_GET
@login_required
def answer_letter(request, pk):
    return stored_file_response(_own(request, pk).answer_letter)


@require_GET
def citizens_initiative(request):
    return render(
        request,
        "petitions/initiative.html",
        {
            "law_url": initiative.LAW_URL,
            "columns": initiative.COLUMNS,
            "breadcrumbs": _trail((_("Citizens' initiative (Bürgerbegehren)"), "")),
        },
    )


@require_GET
def signature_list(request):
    response = HttpResponse(initiative.signature_list_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (
        'attachment; filename="unterschriftenliste-buergerbegehren.pdf"'
    )
    return response
