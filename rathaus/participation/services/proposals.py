"""Citizens submit proposals and support them; the proposals' counters stay exact.

``support_count`` changes with an ``F()`` update in the same transaction as the support
row; ``comment_count`` is recounted from the public comments by ``refresh_comment_count``,
which runs whenever a comment on a proposal is saved or deleted (signals in ``signals.py``)
and when a proposal's page finds the number out of date (moderation hides comments with a
bulk update, which sends no signal).
"""

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from rathaus.core.accounts.models import User
from rathaus.participation.engagement import services as engagement

from .. import exceptions
from ..models import Feature, Process, Proposal, Support


def _lock_person(user) -> None:
    """Serialise one person's contributions, so that per-person limits hold under
    concurrent requests."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def _location(address: str, latitude, longitude) -> tuple[str, Decimal | None, Decimal | None]:
    if (latitude is None) != (longitude is None):
        raise exceptions.IncompleteLocation
    return (address or "").strip()[:200], latitude, longitude


@transaction.atomic
def submit_proposal(
    *,
    author,
    process: Process,
    title: str,
    text: str,
    show_name: bool,
    idempotency_key: uuid.UUID,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photo=None,
) -> Proposal:
    """A signed-in person submits a proposal while the process takes proposals.

    Sending the same form twice (the same ``idempotency_key``) gives the first proposal
    back. ``photo`` is a cleaned ``rathaus.core.uploads.images.Photo``. The author follows
    the proposal, so they hear of comments and the official answer.
    """
    engagement.require_may_contribute(author)
    if not process.feature_active(Feature.PROPOSALS):
        raise exceptions.ProposalsClosed
    engagement.require_name_choice(Proposal(process=process), show_name)
    _lock_person(author)
    earlier = Proposal.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None and earlier.author_id == author.pk:
        return earlier
    limit = process.proposals_per_person
    if limit and Proposal.objects.filter(process=process, author=author).count() >= limit:
        raise exceptions.ProposalLimitReached
    address, latitude, longitude = _location(address, latitude, longitude)
    image = None
    if photo is not None:
        from rathaus.core.uploads.images import store_photo

        image = store_photo(photo, name="vorschlag", uploaded_by=author, is_public=True)
    proposal = Proposal(
        process=process,
        author=author,
        show_name=show_name,
        title=title.strip(),
        text=text.replace("\r\n", "\n").strip(),
        address=address,
        latitude=latitude,
        longitude=longitude,
        image=image,
        idempotency_key=idempotency_key if earlier is None else None,
    )
    proposal.full_clean(exclude=["town", "process", "author", "image"], validate_constraints=False)
    proposal.save()
    engagement.follow(target=proposal, user=author)
    return proposal


def supported_ids(user, proposals) -> set:
    """Which of ``proposals`` (ids or objects) ``user`` supports: one query."""
    if user is None or not user.is_authenticated:
        return set()
    ids = [getattr(item, "pk", item) for item in proposals]
    return set(
        Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True)
    )


@transaction.atomic
def support_proposal(*, user, proposal: Proposal) -> Support:
    """``user`` supports ``proposal``: once per account, within the process's limit, while
    the current phase takes supports. Supporting again changes nothing."""
    engagement.require_may_contribute(user)
    process = proposal.process
    if not process.feature_active(Feature.SUPPORT) or proposal.is_hidden:
        raise exceptions.SupportClosed
    if proposal.author_id == user.pk:
        raise exceptions.CannotSupportOwnProposal
    _lock_person(user)
    existing = Support.objects.filter(proposal=proposal, user=user).first()
    if existing is not None:
        return existing
    limit = process.supports_per_person
    if limit and Support.objects.filter(process=process, user=user).count() >= limit:
        raise exceptions.SupportLimitReached
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, process=process, user=user)
    except IntegrityError:
        return Support.objects.get(proposal=proposal, user=user)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    proposal.refresh_from_db(fields=["support_count"])
    return support


@transaction.atomic
def withdraw_support(*, user, proposal: Proposal) -> None:
    """``user`` takes their support back while supports are still open."""
    if not proposal.process.feature_active(Feature.SUPPORT):
        raise exceptions.SupportClosed
    _lock_person(user)
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise exceptions.NotSupported
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    proposal.refresh_from_db(fields=["support_count"])


def public_comment_count(proposal: Proposal) -> int:
    from rathaus.participation.engagement.models import Comment

    return Comment.objects.on(proposal).filter(is_hidden=False, is_withdrawn=False).count()


@transaction.atomic
def refresh_comment_count(proposal: Proposal) -> int:
    """Recount the proposal's public comments. The proposal row is locked first, so two
    comments committed at the same time both end up counted."""
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk").first()
    count = public_comment_count(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=count)
    proposal.comment_count = count
    return count
