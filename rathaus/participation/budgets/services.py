"""Writes of participatory budgets: a person's ballot (choose, then cast once), and the
staff's budgets and projects. Every staff write is audited."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.uploads.images import read_photo, store_photo
from rathaus.participation.engagement.services import require_may_contribute
from rathaus.participation.services.permissions import can_manage_participation

from . import exceptions
from .models import Ballot, BallotItem, Budget, Project
from .phases import results_public, voting_open
from .results import results_of

BUDGET_FIELDS = ("title", "description", "total_cents", "minimum_percent", "is_published")
PROJECT_FIELDS = ("title", "description", "cost_cents", "location", "position")


# ---------------------------------------------------------------- voting


def ballot_of(*, user, budget: Budget) -> Ballot | None:
    if user is None or not user.is_authenticated:
        return None
    return Ballot.objects.filter(budget=budget, user=user).first()


def check_amount(budget: Budget, chosen_cents: int) -> None:
    """Raise if ``chosen_cents`` exceeds the total or stays below the minimum share."""
    if chosen_cents > budget.total_cents:
        raise exceptions.OverBudget(chosen=chosen_cents, total=budget.total_cents)
    if chosen_cents < budget.minimum_cents:
        raise exceptions.UnderMinimum(
            chosen=chosen_cents,
            minimum=budget.minimum_cents,
            total=budget.total_cents,
            percent=budget.minimum_percent,
        )


def _require_voting(user, budget: Budget) -> None:
    if user is None or not user.is_authenticated:
        raise exceptions.VotingClosed
    require_may_contribute(user)
    if not voting_open(budget):
        raise exceptions.VotingClosed


def _locked_ballot(user, budget: Budget) -> Ballot:
    """The person's ballot, created if missing and locked for this transaction; two
    requests at once still end with one ballot (the unique constraint decides)."""
    try:
        with transaction.atomic():
            Ballot.objects.get_or_create(budget=budget, user=user)
    except IntegrityError:
        pass
    return Ballot.objects.select_for_update().get(budget=budget, user=user)


@transaction.atomic
def choose_projects(*, user, budget: Budget, project_ids: Iterable) -> Ballot:
    """Keep a person's choice of projects on their ballot (not yet cast)."""
    _require_voting(user, budget)
    wanted = {str(pk) for pk in project_ids}
    if not wanted:
        raise exceptions.NothingChosen
    projects = list(Project.objects.filter(budget=budget, pk__in=wanted))
    if len(projects) != len(wanted):
        raise exceptions.UnknownProject
    check_amount(budget, sum(project.cost_cents for project in projects))
    ballot = _locked_ballot(user, budget)
    if ballot.is_final:
        raise exceptions.AlreadyVoted
    BallotItem.objects.filter(ballot=ballot).delete()
    BallotItem.objects.bulk_create(
        [BallotItem(ballot=ballot, project=project, town_id=ballot.town_id) for project in projects]
    )
    return ballot


@transaction.atomic
def cast_vote(*, user, budget: Budget) -> Ballot:
    """Check the ballot out: from now on it counts and cannot be changed."""
    _require_voting(user, budget)
    ballot = Ballot.objects.select_for_update().filter(budget=budget, user=user).first()
    if ballot is None:
        raise exceptions.NothingChosen
    if ballot.is_final:
        raise exceptions.AlreadyVoted
    projects = [item.project for item in ballot.items.select_related("project")]
    if not projects:
        raise exceptions.NothingChosen
    check_amount(budget, sum(project.cost_cents for project in projects))
    ballot.checked_out_at = timezone.now()
    ballot.save(update_fields=["checked_out_at"])
    return ballot


# ---------------------------------------------------------------- staff


def require_manager(user) -> None:
    if not can_manage_participation(user):
        raise Http404


@transaction.atomic
def create_budget(*, actor, process, data: dict) -> Budget:
    require_manager(actor)
    budget = Budget.objects.create(
        process=process, **{key: data[key] for key in BUDGET_FIELDS if key in data}
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=budget,
        summary=f"participatory budget created in {process.slug}",
    )
    return budget


@transaction.atomic
def update_budget(*, actor, budget: Budget, data: dict) -> Budget:
    require_manager(actor)
    changes = {}
    for key in BUDGET_FIELDS:
        if key in data and getattr(budget, key) != data[key]:
            changes[key] = [str(getattr(budget, key)), str(data[key])]
            setattr(budget, key, data[key])
    if changes:
        budget.save()
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=budget,
            summary="participatory budget changed",
            changes=changes,
        )
    return budget


def _store_image(image, actor):
    if not image:
        return None
    return store_photo(read_photo(image), name="projekt", uploaded_by=actor, is_public=True)


@transaction.atomic
def create_project(*, actor, budget: Budget, data: dict, image=None) -> Project:
    require_manager(actor)
    project = Project.objects.create(
        budget=budget,
        image=_store_image(image, actor),
        **{key: data[key] for key in PROJECT_FIELDS if key in data},
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=project,
        summary=f"budget project created in {budget.title[:80]}",
    )
    return project


@transaction.atomic
def update_project(
    *, actor, project: Project, data: dict, image=None, remove_image: bool = False
) -> Project:
    require_manager(actor)
    changes = {}
    for key in PROJECT_FIELDS:
        if key in data and getattr(project, key) != data[key]:
            changes[key] = [str(getattr(project, key)), str(data[key])]
            setattr(project, key, data[key])
    if image:
        project.image = _store_image(image, actor)
        changes["image"] = ["", "new"]
    elif remove_image and project.image_id:
        project.image = None
        changes["image"] = ["set", ""]
    if changes:
        project.save()
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=project,
            summary="budget project changed",
            changes=changes,
        )
    return project


@transaction.atomic
def delete_project(*, actor, project: Project) -> None:
    require_manager(actor)
    if BallotItem.objects.filter(project=project).exists():
        raise exceptions.ProjectHasVotes
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=project,
        summary=f"budget project deleted: {project.title[:100]}",
    )
    project.delete()


@transaction.atomic
def select_for_implementation(*, actor, budget: Budget) -> list[Project]:
    """After the vote, mark the projects that fit in the total in rank order as selected
    for implementation (and no others)."""
    require_manager(actor)
    if not results_public(budget):
        raise exceptions.ResultsNotYetPublic
    chosen = [row.project for row in results_of(budget).selected]
    Project.objects.filter(budget=budget).update(is_selected=False)
    Project.objects.filter(pk__in=[project.pk for project in chosen]).update(is_selected=True)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=budget,
        summary=f"{len(chosen)} projects selected for implementation",
    )
    return chosen
