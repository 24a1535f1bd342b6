"""The expert group (Expertengruppe): its members, meetings with agenda and minutes, numbered
decisions, the tasks that follow from them, and the documents of each meeting.

The e-Government officer decides who is a member: a member of staff, or an external expert,
who gets a citizen account and sets its password through the accounts' own password link
(the same signed link as "forgot your password"), and then sees the group's pages and
nothing of the staff area. Members record meetings, decisions and tasks and upload
documents. Every write checks the right, runs in one transaction and is audited; audit
entries name members by id, never by name.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.permissions import require
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import diff_instance, record, record_update, snapshot
from rathaus.core.notifications.services import absolute_url, notify, send_templated_email
from rathaus.core.tenancy import current_town
from rathaus.core.uploads.services import store_upload

from ..exceptions_funding import (
    AccountInactive,
    AlreadyMember,
    MemberAlreadyLeft,
    NotAMember,
    NotInvitable,
    StaffAddressForExternal,
)
from ..models import Decision, ExpertGroupMember, GroupDocument, GroupTask, Meeting
from ..permissions import can_work_in_expert_group, is_officer

# Office documents and PDF: agendas, minutes, presentations saved as PDF, spreadsheets.
DOCUMENT_KINDS = {"pdf", "docx", "odt", "xlsx"}
MEETING_FIELDS = ("title", "starts_at", "place", "agenda", "minutes")


def _member_label(member: ExpertGroupMember) -> str:
    return f"expert-group member {member.pk}"


def _require_officer(actor, obj=None, summary: str = "") -> None:
    require(
        is_officer(actor), actor=actor, obj=obj, summary=summary or "expert group: not the officer"
    )


def _require_worker(actor, obj=None, summary: str = "") -> None:
    require(
        can_work_in_expert_group(actor),
        actor=actor,
        obj=obj,
        summary=summary or "expert group: not a member",
    )


# --- Reads --------------------------------------------------------------------------------


def current_members() -> QuerySet:
    return ExpertGroupMember.objects.filter(left_on__isnull=True).select_related("person")


def former_members() -> QuerySet:
    return ExpertGroupMember.objects.filter(left_on__isnull=False).select_related("person")


def member_people() -> list[User]:
    """The people of the current members, by name (names are encrypted: sorted here)."""
    people = [member.person for member in current_members()]
    return sorted(people, key=lambda person: (person.get_full_name() or person.email).casefold())


def open_tasks() -> QuerySet:
    """Tasks not done yet, the earliest due first (for the group's page and the dashboard)."""
    return (
        GroupTask.objects.filter(done_on__isnull=True)
        .select_related("owner", "decision__meeting")
        .order_by("due_on", "title")
    )


def overdue_tasks(today: datetime.date | None = None) -> QuerySet:
    return open_tasks().filter(due_on__lt=today or timezone.localdate())


def meetings() -> QuerySet:
    return Meeting.objects.order_by("-starts_at")


def upcoming_meetings(now: datetime.datetime | None = None) -> QuerySet:
    return Meeting.objects.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")


def invitation_link(user: User) -> str:
    """The accounts' set-password link for ``user`` (valid until a password is set, and at
    most PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


# --- Members ------------------------------------------------------------------------------


def _set_chair(member: ExpertGroupMember, is_chair: bool) -> None:
    """The group has one chair: naming a new one ends the chair of the previous one."""
    if is_chair:
        ExpertGroupMember.objects.filter(is_chair=True).exclude(pk=member.pk).update(is_chair=False)
    member.is_chair = is_chair


def _join(
    *, person: User, organisation: str, is_external: bool, is_chair: bool, today
) -> ExpertGroupMember:
    member = ExpertGroupMember.objects.select_for_update().filter(person=person).first()
    if member is not None and member.left_on is None:
        raise AlreadyMember
    if member is None:
        member = ExpertGroupMember(person=person)
    member.organisation = organisation
    member.is_external = is_external
    member.joined_on = today
    member.left_on = None
    _set_chair(member, is_chair)
    member.save()
    return member


@transaction.atomic
def add_staff_member(
    *, actor, person: User, organisation: str, is_chair: bool = False, today=None
) -> ExpertGroupMember:
    """Make a member of staff a member of the group (again, if they had left)."""
    _require_officer(actor, summary="add expert-group member")
    if not person.is_town_staff or not person.is_active:
        raise NotAMember
    member = _join(
        person=person,
        organisation=organisation,
        is_external=False,
        is_chair=is_chair,
        today=today or timezone.localdate(),
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=member,
        object_repr=_member_label(member),
        summary="member of staff joined the expert group",
        changes=snapshot(member),
    )
    notify(
        recipient=person,
        template="programme_group_joined",
        context={"member": member, "town": current_town()},
        link=reverse("expert_group:home"),
    )
    return member


@transaction.atomic
def add_external_member(
    *,
    actor,
    email: str,
    given_name: str,
    family_name: str,
    organisation: str,
    is_chair: bool = False,
    language: str = "de",
    today=None,
) -> ExpertGroupMember:
    """Make an external expert a member. Without an account under the address, a citizen
    account without a password is opened and the expert is e-mailed the link to choose one;
    an existing citizen account is used as it is."""
    _require_officer(actor, summary="add external expert-group member")
    person = User.objects.filter(email_lookup=email_lookup_for(email)).first()
    opened = person is None
    if person is None:
        person = User.objects.create_user(
            email=email,
            password=None,
            kind=User.Kind.CITIZEN,
            given_name=given_name,
            family_name=family_name,
            preferred_language=language,
        )
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=person,
            summary="citizen account opened for an external expert",
            changes={"kind": [None, person.kind]},
        )
    elif person.is_town_staff:
        raise StaffAddressForExternal
    elif not person.is_active:
        raise AccountInactive
    member = _join(
        person=person,
        organisation=organisation,
        is_external=True,
        is_chair=is_chair,
        today=today or timezone.localdate(),
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=member,
        object_repr=_member_label(member),
        summary="external expert joined the expert group" + (" and was invited" if opened else ""),
        changes=snapshot(member),
    )
    if person.has_usable_password():
        notify(
            recipient=person,
            template="programme_group_joined",
            context={"member": member, "town": current_town()},
            link=reverse("expert_group:home"),
        )
    else:
        _send_invitation(member)
    return member


def _send_invitation(member: ExpertGroupMember) -> None:
    person = member.person
    send_templated_email(
        to=person.email,
        template="programme_group_invitation",
        context={
            "member": member,
            "person": person,
            "town": current_town(),
            "link": invitation_link(person),
            "group_link": absolute_url(reverse("expert_group:home")),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        language=person.preferred_language,
    )
    # The postbox keeps the way to the group once the expert has signed in.
    notify(
        recipient=person,
        template="programme_group_joined",
        context={"member": member, "town": current_town()},
        link=reverse("expert_group:home"),
        email=False,
    )


@transaction.atomic
def resend_invitation(*, actor, member: ExpertGroupMember) -> None:
    """E-mail the set-password link again to an external expert who has no password yet."""
    _require_officer(actor, obj=member, summary="resend expert-group invitation")
    person = member.person
    if not member.is_external or member.left_on or person.has_usable_password():
        raise NotInvitable
    record(
        action=AuditEntry.Action.OTHER,
        actor=actor,
        obj=member,
        object_repr=_member_label(member),
        summary="expert-group invitation sent again",
    )
    _send_invitation(member)


@transaction.atomic
def update_member(
    *, actor, member: ExpertGroupMember, organisation: str, is_chair: bool
) -> ExpertGroupMember:
    _require_officer(actor, obj=member, summary="change expert-group member")
    if member.left_on is not None:
        raise MemberAlreadyLeft
    before = snapshot(member)
    member.organisation = organisation
    _set_chair(member, is_chair)
    member.save()
    changes = diff_instance(before, member)
    if changes:
        # Not record_update: a member's own label is the person's name.
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=member,
            object_repr=_member_label(member),
            summary="expert-group member changed",
            changes=changes,
        )
    return member


@transaction.atomic
def end_membership(*, actor, member: ExpertGroupMember, today=None) -> ExpertGroupMember:
    """The person leaves the group: they no longer see its pages. Their tasks stay."""
    _require_officer(actor, obj=member, summary="end expert-group membership")
    if member.left_on is not None:
        raise MemberAlreadyLeft
    before = snapshot(member)
    member.left_on = today or timezone.localdate()
    member.is_chair = False
    member.save(update_fields=["left_on", "is_chair"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=member,
        object_repr=_member_label(member),
        summary="left the expert group",
        changes={
            "left_on": [before["left_on"], member.left_on.isoformat()],
            "is_chair": [before["is_chair"], False],
        },
    )
    return member


# --- Meetings, decisions, tasks, documents ------------------------------------------------


@transaction.atomic
def schedule_meeting(*, actor, **fields) -> Meeting:
    """Record a meeting with its agenda (the minutes can follow)."""
    _require_worker(actor, summary="schedule expert-group meeting")
    meeting = Meeting(**{name: fields[name] for name in MEETING_FIELDS if name in fields})
    meeting.full_clean()
    meeting.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=meeting,
        summary="expert-group meeting recorded",
        changes=snapshot(meeting),
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting: its date, place, agenda, or write its minutes."""
    _require_worker(actor, obj=meeting, summary="change expert-group meeting")
    before = snapshot(meeting)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    meeting.full_clean()
    meeting.save()
    record_update(actor=actor, obj=meeting, before=before, summary="expert-group meeting changed")
    return meeting


def _check_owner(owner: User) -> None:
    if not current_members().filter(person=owner).exists():
        raise NotAMember


def _create_task(*, actor, decision: Decision | None, title: str, owner: User, due_on) -> GroupTask:
    _check_owner(owner)
    task = GroupTask.objects.create(decision=decision, title=title, owner=owner, due_on=due_on)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=task,
        summary="expert-group task given",
        changes=snapshot(task),
    )
    return task


@transaction.atomic
def record_decision(
    *,
    actor,
    meeting: Meeting,
    text: str,
    task_title: str = "",
    task_owner: User | None = None,
    task_due_on: datetime.date | None = None,
) -> Decision:
    """Record the meeting's next decision (numbered 1, 2, … within the meeting), and the task
    that follows from it when one is given."""
    _require_worker(actor, obj=meeting, summary="record expert-group decision")
    # Lock the meeting so that two decisions recorded at once get different numbers.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = meeting.decisions.aggregate(last=Max("number"))["last"] or 0
    decision = Decision.objects.create(meeting=meeting, number=last + 1, text=text)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=decision,
        summary="expert-group decision recorded",
        changes=snapshot(decision),
    )
    if task_title:
        _create_task(
            actor=actor, decision=decision, title=task_title, owner=task_owner, due_on=task_due_on
        )
    return decision


@transaction.atomic
def add_task(
    *, actor, decision: Decision, title: str, owner: User, due_on: datetime.date
) -> GroupTask:
    """Give a member a task that follows from a decision, with its due date."""
    _require_worker(actor, obj=decision, summary="give expert-group task")
    return _create_task(actor=actor, decision=decision, title=title, owner=owner, due_on=due_on)


@transaction.atomic
def complete_task(*, actor, task: GroupTask, today=None) -> GroupTask:
    _require_worker(actor, obj=task, summary="complete expert-group task")
    if task.done_on is None:
        task.done_on = today or timezone.localdate()
        task.save(update_fields=["done_on"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=task,
            summary="expert-group task done",
            changes={"done_on": [None, task.done_on.isoformat()]},
        )
    return task


@transaction.atomic
def reopen_task(*, actor, task: GroupTask) -> GroupTask:
    _require_worker(actor, obj=task, summary="reopen expert-group task")
    if task.done_on is not None:
        done_on, task.done_on = task.done_on, None
        task.save(update_fields=["done_on"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=task,
            summary="expert-group task reopened",
            changes={"done_on": [done_on.isoformat(), None]},
        )
    return task


@transaction.atomic
def upload_document(*, actor, meeting: Meeting, title: str, uploaded_file) -> GroupDocument:
    """Store a document of a meeting (PDF or office file); only members can download it."""
    _require_worker(actor, obj=meeting, summary="upload expert-group document")
    stored = store_upload(uploaded_file=uploaded_file, kinds=DOCUMENT_KINDS, uploaded_by=actor)
    document = GroupDocument.objects.create(
        meeting=meeting, title=title, file=stored, uploaded_by=actor
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=document,
        summary="expert-group document uploaded",
        changes={"meeting": str(meeting.pk), "file": str(stored.pk), "title": title},
    )
    return document
