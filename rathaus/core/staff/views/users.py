"""People: accounts list, staff invitations, account changes and roles (administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts import otp
from rathaus.core.accounts import permissions as perms
from rathaus.core.accounts.models import RoleAssignment, User
from rathaus.core.audit.services import history_for

from .. import services
from ..exceptions import StaffError
from ..forms import AccountForm, RoleAssignmentForm, StaffAccountForm, UserFilterForm
from .common import add_validation_error, breadcrumbs, history_page, paginate, perform

HISTORY_PREVIEW = 5


def _require_user_admin(request, obj=None) -> None:
    perms.require(
        perms.can_manage_users(request.user), actor=request.user, obj=obj, summary="people"
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _user_crumbs(user: User | None = None, *more):
    items = [(_("People"), reverse("staff:users"))]
    if user is not None:
        items.append((user.get_full_name() or user.email, reverse("staff:user", args=[user.pk])))
    return breadcrumbs(*items, *more)


@require_GET
def user_list(request):
    _require_user_admin(request)
    form = UserFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    users = User.objects.order_by("-date_joined", "pk").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit").order_by("role"),
        )
    )
    if kind:
        users = users.filter(kind=kind)
    page = paginate(request, users)
    return render(
        request,
        "staff/users/list.html",
        {
            "page": page,
            "filter_form": form,
            "kind": kind,
            "breadcrumbs": breadcrumbs((_("People"), "")),
        },
    )


def user_create(request):
    _require_user_admin(request)
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff_account(
                actor=request.user,
                town=request.town,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except StaffError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request, _("The staff account was created and the invitation was sent.")
            )
            return redirect("staff:user", user.pk)
    return render(
        request,
        "staff/users/create.html",
        {"form": form, "breadcrumbs": _user_crumbs(None, (_("New staff account"), ""))},
    )


def _detail_context(request, user: User, role_form=None) -> dict:
    assignments = user.role_assignments.select_related("unit").order_by("role", "unit__code")
    return {
        "person": user,
        "assignments": assignments,
        "role_form": role_form or RoleAssignmentForm(),
        "has_second_factor": otp.has_confirmed_device(user),
        "history": history_for(user)[:HISTORY_PREVIEW],
        "history_url": reverse("staff:user_history", args=[user.pk]),
        "breadcrumbs": _user_crumbs(user),
    }


@require_GET
def user_detail(request, pk):
    user = get_object_or_404(User, pk=pk)
    _require_user_admin(request, user)
    return render(request, "staff/users/detail.html", _detail_context(request, user))


def user_edit(request, pk):
    user = get_object_or_404(User, pk=pk)
    _require_user_admin(request, user)
    initial = {"given_name": user.given_name, "family_name": user.family_name, "kind": user.kind}
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_account(actor=request.user, user=user, **form.cleaned_data)
        except StaffError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("staff:user", user.pk)
    return render(
        request,
        "staff/users/edit.html",
        {"form": form, "person": user, "breadcrumbs": _user_crumbs(user, (_("Edit"), ""))},
    )


def _account_action(request, pk, action, success_message):
    user = get_object_or_404(User, pk=pk)
    _require_user_admin(request, user)
    return perform(
        request, lambda: action(user), success_message, then=reverse("staff:user", args=[user.pk])
    )


@require_POST
def user_disable(request, pk):
    return _account_action(
        request,
        pk,
        lambda user: services.disable_account(actor=request.user, user=user),
        _("The account was disabled; its sessions have ended."),
    )


@require_POST
def user_enable(request, pk):
    return _account_action(
        request,
        pk,
        lambda user: services.enable_account(actor=request.user, user=user),
        _("The account was enabled."),
    )


@require_POST
def user_reset_second_factor(request, pk):
    return _account_action(
        request,
        pk,
        lambda user: services.reset_second_factor(actor=request.user, user=user),
        _("The second factor was reset. The person sets up a new one at their next sign-in."),
    )


@require_POST
def user_resend_invitation(request, pk):
    return _account_action(
        request,
        pk,
        lambda user: services.resend_staff_invitation(
            actor=request.user, user=user, town=request.town, base_url=_base_url(request)
        ),
        _("The invitation was sent again."),
    )


@require_POST
def user_role_add(request, pk):
    user = get_object_or_404(User, pk=pk)
    _require_user_admin(request, user)
    form = RoleAssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assign_role(
                actor=request.user,
                user=user,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except StaffError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The role was assigned."))
            return redirect("staff:user", user.pk)
    context = _detail_context(request, user, role_form=form)
    return render(request, "staff/users/detail.html", context)


@require_POST
def role_remove(request, pk):
    """Remove a role; from a person's page (administrators) or a unit's page (unit leads)."""
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=pk)
    perms.require(
        perms.can_remove_assignment(request.user, assignment),
        actor=request.user,
        obj=assignment.unit or assignment.user,
        summary="remove role",
    )
    try:
        services.remove_role(actor=request.user, assignment=assignment)
    except StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role was removed."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("staff:home")
    return redirect(next_url)


@require_GET
def user_history(request, pk):
    user = get_object_or_404(User, pk=pk)
    _require_user_admin(request, user)
    return history_page(
        request,
        obj=user,
        subject=user.get_full_name() or user.email,
        back_url=reverse("staff:user", args=[user.pk]),
        trail=_user_crumbs(user, (_("History"), "")),
    )
