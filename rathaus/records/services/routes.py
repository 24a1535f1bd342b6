"""Co-signing and routing (Mitzeichnung, Umlauf): starting a route, deciding steps,
withdrawing, and the e-mail digest of what waits.

Steps with the same position run in parallel; a later position starts when every
blocking step of the one before is decided. Steps "for information" never block: they
are acknowledged with "noted" whenever the recipient gets to them. A rejection or a
return ends the route; the last position decided completes it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from rathaus.core.accounts.models import User
from rathaus.core.accounts.permissions import direct_unit_ids
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import absolute_url, notify, send_templated_email

from ..exceptions import RecordsError
from ..models import Procedure, Route, RouteStep
from .files import FileClosed
from .procedures import ProcedureDone, can_work_on

OPEN_STEP_STATES = (RouteStep.State.WAITING, RouteStep.State.PENDING)


class NoSteps(RecordsError):
    message = gettext_lazy("Add at least one step.")


class StepWithoutRecipient(RecordsError):
    message = gettext_lazy("Every step needs either a person or a unit as recipient.")


class DueDateInThePast(RecordsError):
    message = gettext_lazy("A due date must not be in the past.")


class NotAllowedToStart(RecordsError):
    message = gettext_lazy("Only those handling the procedure may send it on a route.")


class ForeignDocument(RecordsError):
    message = gettext_lazy("The document does not belong to this procedure.")


class NotYourStep(RecordsError):
    message = gettext_lazy("This step is not addressed to you or your unit.")


class StepNotPending(RecordsError):
    message = gettext_lazy("This step is not waiting for a decision (any more).")


class CommentRequired(RecordsError):
    message = gettext_lazy("Give a reason in the comment when you reject or return.")


class WrongDecision(RecordsError):
    message = gettext_lazy("This decision is not possible for this step.")


class RouteNotRunning(RecordsError):
    message = gettext_lazy("The route is not running any more.")


class NotStarter(RecordsError):
    message = gettext_lazy("Only the person who started the route may withdraw it.")


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    NOTED = "noted"


DECISION_STATES = {
    Decision.APPROVE: RouteStep.State.APPROVED,
    Decision.REJECT: RouteStep.State.REJECTED,
    Decision.RETURN: RouteStep.State.RETURNED,
    Decision.NOTED: RouteStep.State.NOTED,
}


@dataclass
class StepData:
    position: int
    kind: str
    user: User | None = None
    unit: object | None = None
    due_on: object | None = None


# Who may do what -------------------------------------------------------------------------


def can_start_route(user, procedure: Procedure) -> bool:
    return can_work_on(user, procedure)


def may_decide(user, step: RouteStep, unit_ids: set | None = None) -> bool:
    """Addressed to the person, or to a unit where they hold a unit role."""
    if step.assigned_user_id is not None:
        return step.assigned_user_id == user.pk
    units = direct_unit_ids(user) if unit_ids is None else unit_ids
    return step.assigned_unit_id in units


def decisions_for(step: RouteStep) -> list[str]:
    if step.kind == RouteStep.Kind.INFORM:
        return [Decision.NOTED]
    return [Decision.APPROVE, Decision.REJECT, Decision.RETURN]


def unit_members(unit) -> list[User]:
    """Active staff holding a unit role directly in ``unit``: where unit work reaches them."""
    return list(
        User.objects.staff()
        .active()
        .filter(
            role_assignments__unit=unit,
            role_assignments__role__in=[Role.CLERK, Role.UNIT_LEAD],
        )
        .distinct()
        .order_by("family_name", "given_name", "pk")
    )


def recipients_of(step: RouteStep) -> list[User]:
    if step.assigned_user_id is not None:
        return [step.assigned_user]
    return unit_members(step.assigned_unit)


def _name(user) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.email


def _route_context(route: Route) -> dict:
    return {
        "reference": route.procedure.reference,
        "title": route.procedure.title,
        "subject": route.subject,
    }


def _route_link(route: Route) -> str:
    return reverse("records:route_detail", args=[route.pk])


# Starting ---------------------------------------------------------------------------------


def _check_steps(steps: list[StepData]) -> None:
    if not steps:
        raise NoSteps
    today = timezone.localdate()
    for step in steps:
        if (step.user is None) == (step.unit is None):
            raise StepWithoutRecipient
        if step.due_on is not None and step.due_on < today:
            raise DueDateInThePast


@transaction.atomic
def start_route(
    *,
    actor,
    procedure: Procedure,
    subject: str,
    steps: list[StepData],
    instructions: str = "",
    document=None,
) -> Route:
    if not can_start_route(actor, procedure):
        raise NotAllowedToStart
    if not procedure.file.is_open:
        raise FileClosed
    if procedure.state != Procedure.State.OPEN:
        raise ProcedureDone
    if document is not None and document.procedure_id != procedure.pk:
        raise ForeignDocument
    _check_steps(steps)
    route = Route.objects.create(
        procedure=procedure,
        document=document,
        subject=subject,
        instructions=instructions,
        started_by=actor,
    )
    # Positions are renumbered 1, 2, 3 … in the order given, keeping equal ones together.
    numbers = {value: index for index, value in enumerate(sorted({s.position for s in steps}), 1)}
    RouteStep.objects.bulk_create(
        RouteStep(
            town_id=route.town_id,
            route=route,
            position=numbers[step.position],
            kind=step.kind,
            assigned_user=step.user,
            assigned_unit=step.unit if step.user is None else None,
            due_on=step.due_on,
        )
        for step in steps
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=route,
        summary="route started",
        changes={
            "procedure": [None, procedure.reference],
            "document": [None, str(document.pk) if document else None],
            "subject": [None, subject],
            "steps": [None, len(steps)],
        },
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=procedure,
        summary="route started",
        changes={"route": [None, str(route.pk)]},
    )
    _advance(route)
    return route


def _advance(route: Route) -> None:
    """Activate the next position once no blocking step is open; complete at the end."""
    now = timezone.now()
    while True:
        open_steps = list(
            route.steps.filter(state__in=OPEN_STEP_STATES).select_related(
                "assigned_user", "assigned_unit"
            )
        )
        blocking = [s for s in open_steps if s.kind != RouteStep.Kind.INFORM]
        if any(s.state == RouteStep.State.PENDING for s in blocking):
            return
        waiting = [s for s in open_steps if s.state == RouteStep.State.WAITING]
        if not waiting:
            _finish(route, Route.State.COMPLETED, now)
            _notify_starter(route, "records/route_completed")
            return
        position = min(s.position for s in waiting)
        activated = [s for s in waiting if s.position == position]
        RouteStep.objects.filter(pk__in=[s.pk for s in activated]).update(
            state=RouteStep.State.PENDING, activated_at=now
        )
        for step in activated:
            _notify_recipients(route, step)
        if any(s.kind != RouteStep.Kind.INFORM for s in activated):
            return


def _notify_recipients(route: Route, step: RouteStep) -> None:
    context = {
        **_route_context(route),
        "kind": step.get_kind_display(),
        "due_on": step.due_on,
        "sender": _name(route.started_by),
    }
    for person in recipients_of(step):
        notify(
            recipient=person,
            template="records/route_step",
            context=context,
            link=_route_link(route),
        )


def _notify_starter(route: Route, template: str, step: RouteStep | None = None) -> None:
    starter = route.started_by
    if starter is None or not starter.is_active:
        return
    context = _route_context(route)
    if step is not None:
        context |= {"decided_by": _name(step.decided_by), "comment": step.comment}
    notify(recipient=starter, template=template, context=context, link=_route_link(route))


def _finish(route: Route, state: str, now) -> None:
    route.state = state
    route.finished_at = now
    route.save(update_fields=["state", "finished_at"])
    if state != Route.State.COMPLETED:
        # Everything still open ends with the route (also information not yet noted).
        route.steps.filter(state__in=OPEN_STEP_STATES).update(state=RouteStep.State.CANCELLED)


def _lock_route(route_id) -> Route:
    return (
        Route.objects.select_for_update(of=("self",))
        .select_related("procedure", "procedure__file", "started_by")
        .get(pk=route_id)
    )


# Deciding ---------------------------------------------------------------------------------


@transaction.atomic
def decide(*, actor, step: RouteStep, decision: str, comment: str = "") -> RouteStep:
    route = _lock_route(step.route_id)
    step = RouteStep.objects.select_related("assigned_user", "assigned_unit").get(pk=step.pk)
    if not may_decide(actor, step):
        raise NotYourStep
    if step.state != RouteStep.State.PENDING:
        raise StepNotPending
    if decision not in decisions_for(step):
        raise WrongDecision
    comment = (comment or "").strip()
    if decision in (Decision.REJECT, Decision.RETURN) and not comment:
        raise CommentRequired
    # A route that ended still lets an information step be noted; nothing else.
    if route.state != Route.State.RUNNING and decision != Decision.NOTED:
        raise RouteNotRunning
    now = timezone.now()
    old_state = step.state
    step.state = DECISION_STATES[decision]
    step.decided_by = actor
    step.decided_at = now
    step.comment = comment
    step.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=route,
        summary=f"route step {step.state}",
        changes={
            "step": [None, str(step.pk)],
            "state": [old_state, step.state],
            "comment": ["", comment] if comment else ["", ""],
        },
    )
    if route.state != Route.State.RUNNING:
        return step
    if decision == Decision.REJECT:
        _finish(route, Route.State.REJECTED, now)
        _audit_end(actor, route)
        _notify_starter(route, "records/route_rejected", step)
    elif decision == Decision.RETURN:
        _finish(route, Route.State.RETURNED, now)
        _audit_end(actor, route)
        _notify_starter(route, "records/route_returned", step)
    else:
        _advance(route)
        if route.state == Route.State.COMPLETED:
            _audit_end(actor, route)
    return step


def _audit_end(actor, route: Route) -> None:
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=route,
        summary=f"route {route.state}",
        changes={"state": [Route.State.RUNNING, route.state]},
    )


@transaction.atomic
def withdraw_route(*, actor, route: Route) -> Route:
    route = _lock_route(route.pk)
    if route.started_by_id != actor.pk:
        raise NotStarter
    if route.state != Route.State.RUNNING:
        raise RouteNotRunning
    _finish(route, Route.State.WITHDRAWN, timezone.now())
    _audit_end(actor, route)
    return route


# Digest -----------------------------------------------------------------------------------


def pending_steps_by_person() -> dict:
    """{person: [pending steps addressed to them or their units]} in the current town,
    overdue first, then by due date."""
    steps = list(
        RouteStep.objects.filter(state=RouteStep.State.PENDING).select_related(
            "route", "route__procedure", "route__procedure__file", "assigned_unit"
        )
    )
    unit_ids = {s.assigned_unit_id for s in steps if s.assigned_unit_id}
    members: dict = {}
    if unit_ids:
        people = (
            User.objects.staff()
            .active()
            .filter(
                role_assignments__unit__in=unit_ids,
                role_assignments__role__in=[Role.CLERK, Role.UNIT_LEAD],
            )
            .values_list("pk", "role_assignments__unit")
        )
        for person_id, unit_id in people:
            members.setdefault(unit_id, set()).add(person_id)
    wanted: dict = {}
    for step in steps:
        ids = (
            {step.assigned_user_id}
            if step.assigned_user_id
            else members.get(step.assigned_unit_id, set())
        )
        for person_id in ids:
            wanted.setdefault(person_id, []).append(step)
    people = User.objects.staff().active().in_bulk(list(wanted))
    today = timezone.localdate()

    def order(step):
        overdue = step.due_on is not None and step.due_on < today
        return (not overdue, step.due_on is None, step.due_on or today, step.route.created_at)

    return {people[pk]: sorted(found, key=order) for pk, found in wanted.items() if pk in people}


def send_digests() -> int:
    """One e-mail to each member of staff of the current town with pending steps."""
    today = timezone.localdate()
    inbox_url = absolute_url(reverse("records:inbox"))
    sent = 0
    for person, steps in pending_steps_by_person().items():
        if not (person.email and person.email_confirmed):
            continue
        items = [
            {
                "reference": s.route.procedure.reference,
                "subject": s.route.subject,
                "kind": s.get_kind_display(),
                "due_on": s.due_on,
                "overdue": s.due_on is not None and s.due_on < today,
                "url": absolute_url(_route_link(s.route)),
            }
            for s in steps
        ]
        send_templated_email(
            to=person.email,
            template="records/route_digest",
            context={
                "recipient": person,
                "items": items,
                "count": len(items),
                "overdue": sum(1 for i in items if i["overdue"]),
                "inbox_url": inbox_url,
            },
            language=person.preferred_language or settings.LANGUAGE_CODE,
        )
        sent += 1
    return sent


def inbox_steps(user):
    """The person's pending steps, ready for the inbox list (constant number of queries)."""
    from django.db.models import F

    return (
        RouteStep.objects.inbox_of(user)
        .select_related(
            "route",
            "route__procedure",
            "route__procedure__file",
            "route__document",
            "route__started_by",
            "assigned_unit",
        )
        .order_by(F("due_on").asc(nulls_last=True), "activated_at", "pk")
    )


def started_routes(user):
    return (
        Route.objects.filter(started_by=user, state=Route.State.RUNNING)
        .filter(Q(procedure__in=Procedure.objects.visible_to(user)))
        .select_related("procedure", "procedure__file")
        .order_by("-created_at")
    )


def has_running_route(procedure: Procedure) -> bool:
    """Whether a route (co-signing, approval) on the procedure still waits for someone."""
    return Route.objects.filter(procedure=procedure, state=Route.State.RUNNING).exists()


def last_route(procedure: Procedure) -> Route | None:
    return Route.objects.filter(procedure=procedure).order_by("-created_at").first()
