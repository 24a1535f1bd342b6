"""The expert group's pages under /expertengruppe/: members, meetings with agenda, minutes,
numbered decisions and documents, and the tasks that follow from the decisions.

Open to the group's current members (staff, or external experts with a citizen account) and
to the e-Government officer; everyone else gets 404. Staff pass their second factor first,
as in the staff area. The officer manages the membership. Writes go through
``services.group``.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.accounts.middleware import redirect_with_next
from rathaus.core.accounts.otp import has_confirmed_device
from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.responses import serve_stored_file

from .exceptions import ProgrammeError
from .forms_group import (
    DecisionForm,
    DocumentForm,
    ExternalMemberForm,
    MeetingForm,
    MemberForm,
    StaffMemberForm,
    TaskForm,
)
from .models import Decision, ExpertGroupMember, GroupDocument, GroupTask, Meeting
from .permissions import can_see_expert_group, can_work_in_expert_group, is_officer
from .services import group as services

MEETINGS_PER_PAGE = 20
TASKS_PER_PAGE = 25


def group_page(view):
    """Signed in, a second factor for staff, and a member of the group or the officer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_with_next(settings.LOGIN_URL, request.get_full_path())
        if user.is_town_staff and not user.is_verified():
            target = "otp:verify" if has_confirmed_device(user) else "otp:setup"
            return redirect_with_next(target, request.get_full_path())
        require(can_see_expert_group(user), actor=user, summary="expert group: not a member")
        return view(request, *args, **kwargs)

    return wrapped


def _require_officer(request, obj=None) -> None:
    require(
        is_officer(request.user),
        actor=request.user,
        obj=obj,
        summary="expert group: not the officer",
    )


def _trail(request, *items) -> list[dict]:
    """Staff see the staff area above the group; external experts their account."""
    if request.user.is_town_staff:
        first = {"label": _("Staff area"), "url": reverse("staff:home")}
    else:
        first = {"label": _("My account"), "url": reverse("accounts:dashboard")}
    trail = [first, {"label": _("Expert group"), "url": reverse("expert_group:home")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail


def _meeting_crumb(meeting):
    return (meeting.title, reverse("expert_group:meeting", args=[meeting.pk]))


def _members() -> list[ExpertGroupMember]:
    members = list(services.current_members())
    members.sort(
        key=lambda m: (not m.is_chair, (m.person.get_full_name() or m.person.email).casefold())
    )
    return members


# --- Home and members ---------------------------------------------------------------------


@require_GET
@group_page
def home(request):
    today = timezone.localdate()
    officer = is_officer(request.user)
    return render(
        request,
        "programme/group/home.html",
        {
            "members": _members(),
            "former": list(services.former_members()) if officer else [],
            "upcoming": list(services.upcoming_meetings()[:3]),
            "recent": list(services.meetings().filter(starts_at__lt=timezone.now())[:3]),
            "tasks": list(services.open_tasks()[:10]),
            "task_count": services.open_tasks().count(),
            "today": today,
            "is_officer": officer,
            "breadcrumbs": _trail(request),
        },
    )


def _member_form_page(request, template, form, title, status=200, **extra):
    return render(
        request,
        template,
        {"form": form, "title": title, "breadcrumbs": _trail(request, (title, "")), **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@group_page
def member_add_staff(request):
    _require_officer(request)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_staff_member(actor=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The member of staff belongs to the expert group now."))
            return redirect("expert_group:home")
    return _member_form_page(
        request,
        "programme/group/member_form.html",
        form,
        _("Add a member of staff"),
        status=400 if form.is_bound else 200,
        submit=_("Add to the group"),
    )


@require_http_methods(["GET", "POST"])
@group_page
def member_add_external(request):
    _require_officer(request)
    form = ExternalMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_external_member(actor=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            if member.person.has_usable_password():
                messages.success(
                    request,
                    _("The expert already had an account and belongs to the expert group now."),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The expert belongs to the expert group now and has been e-mailed a "
                        "link to choose a password."
                    ),
                )
            return redirect("expert_group:home")
    return _member_form_page(
        request,
        "programme/group/member_form.html",
        form,
        _("Invite an external expert"),
        status=400 if form.is_bound else 200,
        submit=_("Invite to the group"),
        external=True,
    )


def _member(pk) -> ExpertGroupMember:
    return get_object_or_404(ExpertGroupMember.objects.select_related("person"), pk=pk)


@require_http_methods(["GET", "POST"])
@group_page
def member_edit(request, pk):
    _require_officer(request)
    member = _member(pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(actor=request.user, member=member, **form.cleaned_data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("expert_group:home")
    name = member.person.get_full_name() or member.person.email
    return _member_form_page(
        request,
        "programme/group/member_form.html",
        form,
        _("Change the membership of %(name)s") % {"name": name},
        status=400 if form.is_bound else 200,
        submit=_("Save changes"),
        member=member,
    )


@require_http_methods(["GET", "POST"])
@group_page
def member_end(request, pk):
    _require_officer(request)
    member = _member(pk)
    name = member.person.get_full_name() or member.person.email
    if request.method == "POST":
        try:
            services.end_membership(actor=request.user, member=member)
        except ProgrammeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s has left the expert group.") % {"name": name})
        return redirect("expert_group:home")
    title = _("End the membership")
    return render(
        request,
        "programme/group/member_end.html",
        {
            "member": member,
            "name": name,
            "title": title,
            "breadcrumbs": _trail(request, (title, "")),
        },
    )


@require_POST
@group_page
def member_invite_again(request, pk):
    _require_officer(request)
    member = _member(pk)
    try:
        services.resend_invitation(actor=request.user, member=member)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation has been sent again."))
    return redirect("expert_group:home")


# --- Meetings -----------------------------------------------------------------------------


@require_GET
@group_page
def meeting_list(request):
    return render(
        request,
        "programme/group/meeting_list.html",
        {
            "page": paginate(request, services.meetings(), per_page=MEETINGS_PER_PAGE),
            "now": timezone.now(),
            "breadcrumbs": _trail(request, (_("Meetings"), "")),
        },
    )


def _meeting(pk) -> Meeting:
    return get_object_or_404(Meeting, pk=pk)


@require_GET
@group_page
def meeting_detail(request, pk):
    meeting = _meeting(pk)
    decisions = list(meeting.decisions.prefetch_related("tasks__owner").order_by("number"))
    return render(
        request,
        "programme/group/meeting_detail.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "documents": list(meeting.documents.select_related("file").order_by("-uploaded_at")),
            "today": timezone.localdate(),
            "may_work": can_work_in_expert_group(request.user),
            "breadcrumbs": _trail(
                request, (_("Meetings"), reverse("expert_group:meetings")), (meeting.title, "")
            ),
        },
    )


def _meeting_form_page(request, form, meeting=None, status=200):
    title = _("Change the meeting") if meeting else _("Record a meeting")
    items = [(_("Meetings"), reverse("expert_group:meetings"))]
    if meeting:
        items.append(_meeting_crumb(meeting))
    items.append((title, ""))
    return render(
        request,
        "programme/group/meeting_form.html",
        {"form": form, "meeting": meeting, "title": title, "breadcrumbs": _trail(request, *items)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@group_page
def meeting_new(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("expert_group:meeting", pk=meeting.pk)
    return _meeting_form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@group_page
def meeting_edit(request, pk):
    meeting = _meeting(pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, **form.service_fields())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("expert_group:meeting", pk=meeting.pk)
    return _meeting_form_page(request, form, meeting, status=400 if form.is_bound else 200)


def _under_meeting_page(request, template, form, meeting, title, **extra):
    """A form for something of a meeting (a decision, a task, a document), under the meeting."""
    return render(
        request,
        template,
        {
            "form": form,
            "meeting": meeting,
            "title": title,
            **extra,
            "breadcrumbs": _trail(
                request,
                (_("Meetings"), reverse("expert_group:meetings")),
                _meeting_crumb(meeting),
                (title, ""),
            ),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@group_page
def decision_new(request, pk):
    meeting = _meeting(pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_decision(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                task_title=data["task_title"],
                task_owner=data["task_owner"],
                task_due_on=data["task_due_on"],
            )
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Decision %(number)s is recorded.") % {"number": decision.number},
            )
            return redirect(reverse("expert_group:meeting", args=[meeting.pk]) + "#decisions")
    title = _("Record a decision")
    return _under_meeting_page(request, "programme/group/decision_form.html", form, meeting, title)


# --- Tasks --------------------------------------------------------------------------------


@require_GET
@group_page
def task_list(request):
    show_done = request.GET.get("erledigt") == "1"
    rows = (
        GroupTask.objects.select_related("owner", "decision__meeting")
        .filter(done_on__isnull=not show_done)
        .order_by("-done_on" if show_done else "due_on", "title")
    )
    return render(
        request,
        "programme/group/task_list.html",
        {
            "page": paginate(request, rows, per_page=TASKS_PER_PAGE),
            "show_done": show_done,
            "today": timezone.localdate(),
            "breadcrumbs": _trail(request, (_("Tasks"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
@group_page
def task_new(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    meeting = decision.meeting
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_task(actor=request.user, decision=decision, **form.cleaned_data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The task is given."))
            return redirect(reverse("expert_group:meeting", args=[meeting.pk]) + "#decisions")
    title = _("Give a task for decision %(number)s") % {"number": decision.number}
    return _under_meeting_page(
        request, "programme/group/task_form.html", form, meeting, title, decision=decision
    )


def _back(request, task) -> str:
    """Back to where the button was: the task list or the meeting."""
    if request.POST.get("from") == "tasks":
        return reverse("expert_group:tasks")
    if request.POST.get("from") == "home":
        return reverse("expert_group:home")
    if task.decision_id:
        return reverse("expert_group:meeting", args=[task.decision.meeting_id]) + "#decisions"
    return reverse("expert_group:tasks")


@require_POST
@group_page
def task_done(request, pk):
    task = get_object_or_404(GroupTask.objects.select_related("decision"), pk=pk)
    services.complete_task(actor=request.user, task=task)
    messages.success(request, _("The task “%(title)s” is done.") % {"title": task.title})
    return redirect(_back(request, task))


@require_POST
@group_page
def task_reopen(request, pk):
    task = get_object_or_404(GroupTask.objects.select_related("decision"), pk=pk)
    services.reopen_task(actor=request.user, task=task)
    messages.success(request, _("The task “%(title)s” is open again.") % {"title": task.title})
    return redirect(_back(request, task))


# --- Documents ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@group_page
def document_new(request, pk):
    meeting = _meeting(pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
            )
        except UploadError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect(reverse("expert_group:meeting", args=[meeting.pk]) + "#documents")
    title = _("Upload a document")
    return _under_meeting_page(request, "programme/group/document_form.html", form, meeting, title)


@require_GET
@group_page
def document_download(request, pk):
    document = get_object_or_404(GroupDocument.objects.select_related("file"), pk=pk)
    return serve_stored_file(request, document.file)
