"""Staff answer proposals officially and track the implementation of accepted ones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import diff_instance, record, snapshot
from rathaus.core.notifications.services import absolute_url, notify
from rathaus.participation.engagement import services as engagement

from .. import exceptions
from ..models import Milestone, Proposal
from .permissions import require_manager

ANSWER_STATES = (Proposal.State.EVALUATING, Proposal.State.ACCEPTED, Proposal.State.REJECTED)


def _context(proposal: Proposal, link: str) -> dict:
    return {
        "title": proposal.title,
        "process": proposal.process.title,
        "state": proposal.get_state_display(),
        "answer": proposal.answer,
        "progress": proposal.progress,
        "implementation": proposal.get_implementation_display(),
        "note": proposal.implementation_note,
        "url": absolute_url(link),
    }


@transaction.atomic
def answer_proposal(*, actor, proposal: Proposal, state: str, answer: str) -> Proposal:
    """The town's official answer: accepted, rejected or under evaluation, with reasons.
    The proposer and the proposal's followers are told."""
    require_manager(actor)
    if state not in ANSWER_STATES:
        raise ValidationError({"state": _("Choose an answer.")})
    answer = (answer or "").replace("\r\n", "\n").strip()
    if not answer:
        raise exceptions.AnswerNeedsReasons
    before = snapshot(proposal)
    proposal.state = state
    proposal.answer = answer
    proposal.answered_at = timezone.now()
    proposal.answered_by = actor
    if state == Proposal.State.ACCEPTED and not proposal.implementation:
        proposal.implementation = Proposal.Implementation.NOT_STARTED
    proposal.save()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=proposal,
        summary="proposal answered",
        changes=diff_instance(before, proposal),
    )
    link = proposal.get_absolute_url()
    context = _context(proposal, link)
    author = proposal.author
    if author is not None and author.is_active:
        notify(
            recipient=author,
            template="participation/proposal_answered",
            context=context,
            link=link,
        )
    engagement.notify_followers(
        target=proposal,
        template="participation/proposal_answered_follower",
        context=context,
        link=link,
        exclude_user=author,
    )
    return proposal


def _require_accepted(proposal: Proposal) -> None:
    if proposal.state != Proposal.State.ACCEPTED:
        raise exceptions.NotAccepted


@transaction.atomic
def update_implementation(
    *, actor, proposal: Proposal, implementation: str, progress: int, note: str = ""
) -> Proposal:
    """Where an accepted proposal stands; followers hear of it."""
    require_manager(actor)
    _require_accepted(proposal)
    before = snapshot(proposal)
    proposal.implementation = implementation
    proposal.progress = progress
    proposal.implementation_note = (note or "").strip()
    if implementation == Proposal.Implementation.DONE:
        proposal.progress = 100
    proposal.full_clean(
        exclude=["town", "process", "author", "image", "answered_by"], validate_constraints=False
    )
    proposal.save()
    changes = diff_instance(before, proposal)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=proposal,
        summary="implementation",
        changes=changes,
    )
    if changes:
        link = proposal.get_absolute_url()
        engagement.notify_followers(
            target=proposal,
            template="participation/implementation_updated",
            context=_context(proposal, link),
            link=link,
        )
    return proposal


@transaction.atomic
def add_milestone(*, actor, proposal: Proposal, due_on, title: str, is_done=False) -> Milestone:
    require_manager(actor)
    _require_accepted(proposal)
    milestone = Milestone(proposal=proposal, due_on=due_on, title=title.strip(), is_done=is_done)
    milestone.full_clean(exclude=["town", "proposal"])
    milestone.save()
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=milestone, summary="milestone")
    return milestone


@transaction.atomic
def update_milestone(*, actor, milestone: Milestone, due_on, title: str, is_done: bool):
    require_manager(actor)
    before = snapshot(milestone)
    milestone.due_on, milestone.title, milestone.is_done = due_on, title.strip(), is_done
    milestone.full_clean(exclude=["town", "proposal"])
    milestone.save()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=milestone,
        summary="milestone",
        changes=diff_instance(before, milestone),
    )
    return milestone


@transaction.atomic
def delete_milestone(*, actor, milestone: Milestone) -> None:
    require_manager(actor)
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=milestone, summary="milestone")
    milestone.delete()
