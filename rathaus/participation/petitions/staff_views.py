"""Staff pages of petitions: the queue with filters, a petition's page with its actions
(forward, examine, answer, close, file in the e-file) and the list of addressees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import breadcrumbs

from .exceptions import PetitionError
from .forms import AddresseeForm, AnswerForm, ForwardForm
from .models import Addressee, Petition
from .services import addressees as addressee_services
from .services import handling
from .views import stored_file_response

QUEUE_PER_PAGE = 25


def can_use_petitions(user) -> bool:
    """Clerks and unit leads (of any unit) and administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or bool(unit_ids_of(user))


def _require_user(user) -> None:
    if not can_use_petitions(user):
        raise Http404


def _petition_or_404(request, pk) -> Petition:
    _require_user(request.user)
    petition = (
        Petition.objects.visible_to_staff(request.user)
        .select_related("addressee", "addressee__record_file", "unit", "submitter", "attachment")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise Http404
    return petition


def _trail(*more):
    return breadcrumbs((_("Petitions"), reverse("petitions_staff:queue")), *more)


@require_GET
@login_required
def queue(request):
    _require_user(request.user)
    petitions = Petition.objects.visible_to_staff(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        petitions = petitions.open()
    elif status in Petition.Status.values:
        petitions = petitions.filter(status=status)
    else:
        status = ""
    addressee_id = request.GET.get("adressat", "")
    addressees = list(Addressee.objects.order_by("position", "name"))
    if addressee_id:
        known = {str(a.pk) for a in addressees}
        petitions = (
            petitions.filter(addressee_id=addressee_id)
            if addressee_id in known
            else petitions.none()
        )
    return render(
        request,
        "petitions/staff/queue.html",
        {
            "page": paginate(request, petitions.for_list(), per_page=QUEUE_PER_PAGE),
            "statuses": Petition.Status.choices,
            "status": status,
            "addressees": addressees,
            "addressee_id": addressee_id,
            "may_manage_addressees": addressee_services.can_manage_addressees(request.user),
            "breadcrumbs": _trail(),
        },
    )


def _detail_page(request, petition, *, forward_form=None, answer_form=None, status=200):
    return render(
        request,
        "petitions/staff/detail.html",
        {
            "petition": petition,
            "events": petition.events.select_related("actor"),
            "forward_form": forward_form or ForwardForm(exclude=petition.addressee),
            "answer_form": answer_form or AnswerForm(),
            "breadcrumbs": _trail((petition.reference, "")),
        },
        status=status,
    )


@require_GET
@login_required
def detail(request, pk):
    petition = _petition_or_404(request, pk)
    return _detail_page(request, petition)


def _back(petition):
    return redirect("petitions_staff:detail", pk=petition.pk)


@require_POST
@login_required
def forward(request, pk):
    petition = _petition_or_404(request, pk)
    form = ForwardForm(request.POST, exclude=petition.addressee)
    if form.is_valid():
        try:
            handling.forward_petition(
                actor=request.user,
                petition=petition,
                addressee=form.cleaned_data["addressee"],
                note=form.cleaned_data["note"],
            )
        except PetitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The petition was forwarded."))
            if handling.can_handle(request.user, Petition.objects.get(pk=petition.pk)):
                return _back(petition)
            return redirect("petitions_staff:queue")
    return _detail_page(request, petition, forward_form=form, status=400)


def _action(request, pk, action, success: str):
    petition = _petition_or_404(request, pk)
    try:
        action(actor=request.user, petition=petition)
    except PetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(petition)


@require_POST
@login_required
def examine(request, pk):
    return _action(request, pk, handling.start_examination, _("The petition is in examination."))


@require_POST
@login_required
def close(request, pk):
    return _action(request, pk, handling.close_petition, _("The petition is closed."))


@require_POST
@login_required
def file_now(request, pk):
    return _action(request, pk, handling.file_now, _("The petition is filed in the e-file."))


@require_POST
@login_required
def answer(request, pk):
    petition = _petition_or_404(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            handling.answer_petition(
                actor=request.user, petition=petition, answer=form.cleaned_data["answer"]
            )
        except PetitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The answer was sent to the submitter."))
            return _back(petition)
    return _detail_page(request, petition, answer_form=form, status=400)


@require_GET
@login_required
def attachment(request, pk):
    return stored_file_response(_petition_or_404(request, pk).attachment)


@require_GET
@login_required
def answer_letter(request, pk):
    return stored_file_response(_petition_or_404(request, pk).answer_letter)


# --- addressees ------------------------------------------------------------------------------


def _require_administrator(user) -> None:
    if not addressee_services.can_manage_addressees(user):
        raise Http404


def _addressee_trail(*more):
    return _trail((_("Addressees"), reverse("petitions_staff:addressee_list")), *more)


@require_GET
@login_required
def addressee_list(request):
    _require_administrator(request.user)
    addressees = Addressee.objects.select_related("unit", "record_file").order_by(
        "position", "name"
    )
    return render(
        request,
        "petitions/staff/addressees.html",
        {"page": paginate(request, addressees), "breadcrumbs": _addressee_trail()},
    )


def _addressee_form_page(request, addressee: Addressee | None):
    _require_administrator(request.user)
    form = AddresseeForm(request.POST or None, instance=addressee)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if addressee is None:
                addressee_services.create_addressee(actor=request.user, data=data)
            else:
                addressee_services.update_addressee(
                    actor=request.user, addressee=addressee, data=data
                )
        except PetitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The addressee was saved."))
            return redirect("petitions_staff:addressee_list")
    title = _("New addressee") if addressee is None else addressee.name
    return render(
        request,
        "petitions/staff/addressee_form.html",
        {
            "form": form,
            "addressee": addressee,
            "title": title,
            "breadcrumbs": _addressee_trail((title, "")),
        },
    )


@login_required
def addressee_create(request):
    return _addressee_form_page(request, None)


@login_required
def addressee_edit(request, pk):
    _require_administrator(request.user)
    addressee = Addressee.objects.filter(pk=pk).first()
    if addressee is None:
        raise Http404
    return _addressee_form_page(request, addressee)
