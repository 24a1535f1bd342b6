"""Counts of participation for key figures and open data: who took part (as numbers only),
how many proposals, how they were answered."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .models import Process, Proposal, Support

Period = tuple[datetime.date, datetime.date] | None


def _in_period(queryset, field: str, period: Period):
    if not period:
        return queryset
    first, last = period
    return queryset.filter(**{f"{field}__date__gte": first, f"{field}__date__lte": last})


def participants_by_process(period: Period = None) -> dict:
    """Process id → the set of account ids that submitted, supported or commented on a
    proposal of that process (in ``period``). Kept in memory only while counting."""
    from rathaus.participation.engagement.models import Comment

    people: dict = {}
    proposals = _in_period(Proposal.objects.filter(author__isnull=False), "created_at", period)
    for process_id, user_id in proposals.values_list("process_id", "author_id"):
        people.setdefault(process_id, set()).add(user_id)
    supports = _in_period(Support.objects.all(), "created_at", period)
    for process_id, user_id in supports.values_list("process_id", "user_id"):
        people.setdefault(process_id, set()).add(user_id)
    process_of = {
        str(pk): process_id for pk, process_id in Proposal.objects.values_list("id", "process_id")
    }
    proposal_type = ContentType.objects.get_for_model(Proposal, for_concrete_model=False)
    comments = _in_period(
        Comment.objects.filter(target_type=proposal_type, author__isnull=False),
        "created_at",
        period,
    )
    for target_id, user_id in comments.values_list("target_id", "author_id"):
        process_id = process_of.get(target_id)
        if process_id is not None:
            people.setdefault(process_id, set()).add(user_id)
    return people


def participant_count(period: Period = None) -> int:
    everybody: set = set()
    for people in participants_by_process(period).values():
        everybody |= people
    return len(everybody)


def proposals_by_state():
    """Public proposals per published process and answer: rows of counts."""
    return (
        Proposal.objects.public()
        .filter(process__is_published=True, process__is_hidden=False)
        .values("process_id", "process__title", "process__slug", "state")
        .annotate(
            proposals=Count("id"),
            located=Count("id", filter=Q(has_location=True)),
        )
        .order_by("process__title", "process_id", "state")
    )


def public_processes():
    return Process.objects.public().order_by("title", "id")
