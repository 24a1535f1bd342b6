"""Organisations (businesses) and their members, invitations, and choosing whom a
person acts for. Only members see an organisation; anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..exceptions import AlreadyMember, InvalidToken, LastOwner
from ..forms import ActForForm, InvitationForm, MemberRoleForm, OrganisationForm
from ..models import Invitation, Membership
from ..organisations import act_for as switch_acting_for
from ..organisations import acting_organisation
from ..tokens import INVITATION_VALID_FOR
from ._common import base_url, safe_next

LAST_OWNER_MESSAGE = gettext_lazy(
    "An organisation needs at least one owner. Make another member owner first."
)


def _own_membership(request, organisation_id) -> Membership:
    """The signed-in person's membership of the organisation, or 404."""
    membership = (
        Membership.objects.for_user(request.user).filter(organisation_id=organisation_id).first()
    )
    if membership is None:
        raise Http404
    return membership


def _require_owner(membership: Membership) -> None:
    if membership.role != Membership.Role.OWNER:
        raise Http404


def _crumbs(organisation=None, label: str | None = None) -> list[dict]:
    items = [{"label": _("My account"), "url": reverse("accounts:dashboard")}]
    if organisation is not None:
        items.append(
            {
                "label": organisation.name,
                "url": reverse(
                    "accounts:organisation", kwargs={"organisation_id": organisation.pk}
                ),
            }
        )
    if label:
        items.append({"label": label, "url": ""})
    return items


def _to_organisation(organisation):
    return redirect("accounts:organisation", organisation_id=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(user=request.user, data=form.cleaned_data)
        messages.success(request, _("The organisation has been created. You are its owner."))
        return _to_organisation(organisation)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "breadcrumbs": _crumbs(label=_("New organisation"))},
    )


@login_required
@require_http_methods(["GET"])
def organisation_detail(request, organisation_id):
    own = _own_membership(request, organisation_id)
    organisation = own.organisation
    is_owner = own.role == Membership.Role.OWNER
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "own_membership": own,
            "is_owner": is_owner,
            "members": Membership.objects.of_organisation(organisation),
            "invitations": (
                organisation.invitations.open(INVITATION_VALID_FOR) if is_owner else []
            ),
            "breadcrumbs": _crumbs(organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id):
    own = _own_membership(request, organisation_id)
    _require_owner(own)
    organisation = own.organisation
    form = OrganisationForm(request.POST or None, initial=model_to_dict(organisation))
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        )
        messages.success(request, _("The organisation's details have been saved."))
        return _to_organisation(organisation)
    return render(
        request,
        "accounts/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "breadcrumbs": _crumbs(organisation, _("Edit details")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, organisation_id):
    own = _own_membership(request, organisation_id)
    _require_owner(own)
    organisation = own.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=base_url(request),
            )
        except AlreadyMember:
            form.add_error("email", _("This person is already a member."))
        else:
            messages.success(request, _("The invitation has been sent."))
            return _to_organisation(organisation)
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "organisation": organisation,
            "breadcrumbs": _crumbs(organisation, _("Invite a member")),
        },
    )


@login_required
@require_POST
def invitation_revoke(request, organisation_id, invitation_id):
    own = _own_membership(request, organisation_id)
    _require_owner(own)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation=own.organisation, accepted_at__isnull=True
    )
    services.revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return _to_organisation(own.organisation)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_for_token(token=token)
        if request.method == "POST":
            membership = services.accept_invitation(token=token, user=request.user)
            messages.success(
                request,
                _("You are now a member of %(organisation)s.")
                % {"organisation": membership.organisation.name},
            )
            return _to_organisation(membership.organisation)
    except InvalidToken:
        return render(request, "accounts/invitation_invalid.html", status=400)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


def _member_of(own: Membership, membership_id) -> Membership:
    return get_object_or_404(Membership.objects.of_organisation(own.organisation), pk=membership_id)


@login_required
@require_http_methods(["GET", "POST"])
def member(request, organisation_id, membership_id):
    """An owner's page for one member: change the role, or remove the member."""
    own = _own_membership(request, organisation_id)
    _require_owner(own)
    membership = _member_of(own, membership_id)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except LastOwner:
            form.add_error("role", LAST_OWNER_MESSAGE)
        else:
            messages.success(request, _("The role has been changed."))
            return _to_organisation(own.organisation)
    return render(
        request,
        "accounts/member.html",
        {
            "form": form,
            "organisation": own.organisation,
            "membership": membership,
            "breadcrumbs": _crumbs(own.organisation, membership.user.get_full_name()),
        },
    )


@login_required
@require_POST
def member_remove(request, organisation_id, membership_id):
    own = _own_membership(request, organisation_id)
    _require_owner(own)
    membership = _member_of(own, membership_id)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except LastOwner:
        messages.error(request, LAST_OWNER_MESSAGE)
        return redirect(
            "accounts:member", organisation_id=organisation_id, membership_id=membership_id
        )
    messages.success(request, _("The member has been removed."))
    if membership.user_id == request.user.pk:
        return redirect("accounts:dashboard")
    return _to_organisation(own.organisation)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_leave(request, organisation_id):
    own = _own_membership(request, organisation_id)
    error = ""
    if request.method == "POST":
        try:
            services.leave_organisation(user=request.user, organisation=own.organisation)
        except LastOwner:
            error = LAST_OWNER_MESSAGE
        else:
            messages.success(
                request,
                _("You have left %(organisation)s.") % {"organisation": own.organisation.name},
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/organisation_leave.html",
        {
            "organisation": own.organisation,
            "error": error,
            "breadcrumbs": _crumbs(own.organisation, _("Leave")),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def act_for(request):
    """Choose whether to act as a private person or for one of one's organisations."""
    memberships = list(Membership.objects.for_user(request.user).order_by("organisation__name"))
    current = acting_organisation(request)
    form = ActForForm(
        request.POST or None,
        memberships=memberships,
        initial={"acting_for": str(current.pk) if current else ActForForm.MYSELF},
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        try:
            switch_acting_for(request, organisation)
        except PermissionError as exc:
            raise Http404 from exc
        if organisation is None:
            messages.success(request, _("You now act as a private person."))
        else:
            messages.success(
                request,
                _("You now act for %(organisation)s.") % {"organisation": organisation.name},
            )
        return redirect(safe_next(request, reverse("accounts:dashboard")))
    return render(
        request,
        "accounts/act_for.html",
        {
            "form": form,
            "next": safe_next(request, ""),
            "breadcrumbs": _crumbs(label=_("Act for")),
        },
    )
