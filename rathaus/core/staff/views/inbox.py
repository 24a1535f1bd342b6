"""Inboxes: accessibility feedback (administrators) and deletion requests (data-protection
officer and administrators)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts import permissions as perms
from rathaus.core.accounts.models import DeletionRequest
from rathaus.core.models import AccessibilityFeedback

from .. import services
from ..exceptions import StaffError
from ..forms import RejectDeletionForm
from .common import breadcrumbs, paginate

# --- accessibility feedback ---------------------------------------------------------------


def _require_feedback_handler(request, obj=None) -> None:
    perms.require(
        perms.can_handle_accessibility_feedback(request.user),
        actor=request.user,
        obj=obj,
        summary="accessibility feedback",
    )


def _feedback_crumbs(*more):
    return breadcrumbs((_("Accessibility feedback"), reverse("staff:feedback_list")), *more)


@require_GET
def feedback_list(request):
    _require_feedback_handler(request)
    show_handled = request.GET.get("erledigt") == "1"
    base = reverse("staff:feedback_list")
    feedback = AccessibilityFeedback.objects.filter(town=request.town).order_by("-created_at")
    feedback = (
        feedback.exclude(handled_at=None) if show_handled else feedback.filter(handled_at=None)
    )
    return render(
        request,
        "staff/feedback/list.html",
        {
            "page": paginate(request, feedback),
            "show_handled": show_handled,
            "tabs": [
                {"label": _("Open"), "url": base, "current": not show_handled},
                {"label": _("Handled"), "url": f"{base}?erledigt=1", "current": show_handled},
            ],
            "breadcrumbs": breadcrumbs((_("Accessibility feedback"), "")),
        },
    )


@require_GET
def feedback_detail(request, pk):
    feedback = get_object_or_404(
        AccessibilityFeedback.objects.select_related("handled_by"), pk=pk, town=request.town
    )
    _require_feedback_handler(request, feedback)
    return render(
        request,
        "staff/feedback/detail.html",
        {
            "feedback": feedback,
            "breadcrumbs": _feedback_crumbs((_("Feedback"), "")),
        },
    )


@require_POST
def feedback_handled(request, pk):
    feedback = get_object_or_404(AccessibilityFeedback, pk=pk, town=request.town)
    _require_feedback_handler(request, feedback)
    try:
        services.mark_feedback_handled(actor=request.user, feedback=feedback)
    except StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The feedback is marked as handled."))
    return redirect("staff:feedback_list")


# --- deletion requests --------------------------------------------------------------------


def _require_deletion_handler(request, obj=None) -> None:
    perms.require(
        perms.can_handle_deletion_requests(request.user),
        actor=request.user,
        obj=obj,
        summary="deletion requests",
    )


@require_GET
def deletion_request_list(request):
    _require_deletion_handler(request)
    base = reverse("staff:deletion_requests")
    state = request.GET.get("status") or DeletionRequest.State.OPEN
    if state not in DeletionRequest.State.values:
        state = DeletionRequest.State.OPEN
    requests = (
        DeletionRequest.objects.filter(state=state)
        .select_related("user", "handled_by")
        .order_by("-requested_at")
    )
    return render(
        request,
        "staff/deletion/list.html",
        {
            "page": paginate(request, requests),
            "tabs": [
                {"label": label, "url": f"{base}?status={value}", "current": value == state}
                for value, label in DeletionRequest.State.choices
            ],
            "breadcrumbs": breadcrumbs((_("Deletion requests"), "")),
        },
    )


def _deletion_detail(request, deletion_request, reject_form=None):
    return render(
        request,
        "staff/deletion/detail.html",
        {
            "deletion_request": deletion_request,
            "reject_form": reject_form or RejectDeletionForm(),
            "breadcrumbs": breadcrumbs(
                (_("Deletion requests"), reverse("staff:deletion_requests")),
                (_("Deletion request"), ""),
            ),
        },
    )


def _get_deletion_request(request, pk) -> DeletionRequest:
    deletion_request = get_object_or_404(
        DeletionRequest.objects.select_related("user", "handled_by"), pk=pk
    )
    _require_deletion_handler(request, deletion_request)
    return deletion_request


@require_GET
def deletion_request_detail(request, pk):
    return _deletion_detail(request, _get_deletion_request(request, pk))


@require_POST
def deletion_request_complete(request, pk):
    deletion_request = _get_deletion_request(request, pk)
    try:
        services.complete_deletion(actor=request.user, deletion_request=deletion_request)
    except StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The account was deleted (anonymised)."))
    return redirect("staff:deletion_requests")


@require_POST
def deletion_request_reject(request, pk):
    deletion_request = _get_deletion_request(request, pk)
    form = RejectDeletionForm(request.POST)
    if not form.is_valid():
        return _deletion_detail(request, deletion_request, reject_form=form)
    try:
        services.reject_deletion(
            actor=request.user, deletion_request=deletion_request, note=form.cleaned_data["note"]
        )
    except StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The deletion request was refused."))
    return redirect("staff:deletion_requests")
