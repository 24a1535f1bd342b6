"""Co-signing routes (Umlauf): starting, deciding in order and in parallel, rejecting,
returning, withdrawing, who may decide, and the history on the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.records.models import Route, RouteStep
from rathaus.records.services import routes as services

from .conftest import sign_in_verified
from .factories import DocumentFactory
from .factories_d import procedure_of, step_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(units, plan_entry):
    return procedure_of(units["building"], plan_entry, title="Bauantrag Lindenweg 3")


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def start(actor, procedure, *steps, subject="Bitte mitzeichnen"):
    return services.start_route(
        actor=actor,
        procedure=procedure,
        subject=subject,
        steps=[services.StepData(**step) for step in steps],
    )


def states(route):
    return [s.state for s in route.steps.order_by("position", "assigned_unit", "pk")]


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Starting ---------------------------------------------------------------------------------


def test_start_page_offers_five_empty_step_rows(clerk_client, procedure):
    response = clerk_client.get(reverse("records:route_start", args=[procedure.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<fieldset") >= 5
    assert "Step 5" in content and "Step 6" not in content
    assert "Add step" in content


def test_clerk_starts_a_route_and_the_first_recipients_are_told(
    clerk_client, clerk, lead, other_clerk, units, procedure, django_capture_on_commit_callbacks
):
    document = DocumentFactory(procedure=procedure, title="Bescheidentwurf")
    data = {"subject": "Bitte mitzeichnen", "instructions": "Eilt", "document": document.pk}
    data |= step_rows(
        {"position": 1, "kind": "cosign", "user": lead.pk, "due_on": tomorrow().isoformat()},
        {"position": 2, "kind": "approve", "unit": units["order"].pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("records:route_start", args=[procedure.pk]), data)
    route = Route.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:route_detail", args=[route.pk])
    assert route.document == document and route.started_by == clerk
    assert states(route) == [RouteStep.State.PENDING, RouteStep.State.WAITING]
    message = Message.objects.get(recipient=lead)
    assert message.link == reverse("records:route_detail", args=[route.pk])
    assert not Message.objects.filter(recipient=other_clerk).exists()
    assert AuditEntry.objects.filter(summary="route started").exists()


def test_start_needs_at_least_one_step(clerk_client, procedure):
    data = {"subject": "Leer"} | step_rows()
    response = clerk_client.post(reverse("records:route_start", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert "Add at least one step." in response.content.decode()
    assert not Route.objects.exists()


def test_each_step_needs_a_recipient_and_no_past_due_date(clerk_client, lead, procedure):
    yesterday = timezone.localdate() - timedelta(days=1)
    data = {"subject": "Prüfen"} | step_rows(
        {"kind": "approve", "due_on": tomorrow().isoformat()},
        {"user": lead.pk, "due_on": yesterday.isoformat()},
    )
    response = clerk_client.post(reverse("records:route_start", args=[procedure.pk]), data)
    content = response.content.decode()
    assert "Choose either a person or a unit for this step." in content
    assert "The due date must not be in the past." in content
    assert not Route.objects.exists()


def test_add_step_shows_another_row_and_keeps_what_was_entered(clerk_client, lead, procedure):
    data = {"subject": "Mein Umlauf", "add_step": "1"} | step_rows(
        {"position": 2, "kind": "approve", "user": lead.pk}
    )
    response = clerk_client.post(reverse("records:route_start", args=[procedure.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Step 6" not in content  # one filled row + five empty ones would be 6: max(5, 2)
    steps = response.context["steps"]
    assert len(steps.forms) == 5
    assert steps.forms[0]["kind"].value() == "approve"
    assert str(steps.forms[0]["user"].value()) == str(lead.pk)
    assert response.context["form"]["subject"].value() == "Mein Umlauf"
    assert "This field is required" not in content
    assert not Route.objects.exists()


def test_add_step_grows_beyond_five_rows(clerk_client, lead, procedure):
    rows = [{"user": lead.pk, "position": n} for n in range(1, 6)]
    data = {"subject": "Lang", "add_step": "1"} | step_rows(*rows)
    response = clerk_client.post(reverse("records:route_start", args=[procedure.pk]), data)
    assert len(response.context["steps"].forms) == 6
    assert "Step 6" in response.content.decode()


def test_only_those_handling_the_procedure_may_start_a_route(client, other_clerk, procedure):
    sign_in_verified(client, other_clerk)
    response = client.get(reverse("records:route_start", args=[procedure.pk]))
    assert response.status_code == 404
    with pytest.raises(services.NotAllowedToStart):
        start(other_clerk, procedure, {"position": 1, "kind": "cosign", "user": other_clerk})


# Running ----------------------------------------------------------------------------------


def test_positions_run_in_order_and_the_last_decision_completes(
    clerk, lead, other_clerk, procedure, django_capture_on_commit_callbacks, outbox
):
    route = start(
        clerk,
        procedure,
        {"position": 1, "kind": "cosign", "user": lead},
        {"position": 2, "kind": "approve", "user": other_clerk},
    )
    first, second = route.steps.order_by("position")
    services.decide(actor=lead, step=first, decision="approve")
    second.refresh_from_db()
    assert second.state == RouteStep.State.PENDING
    assert Message.objects.filter(recipient=other_clerk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(actor=other_clerk, step=second, decision="approve")
    route.refresh_from_db()
    assert route.state == Route.State.COMPLETED and route.finished_at
    assert any("Umlauf abgeschlossen" in m.subject for m in Message.objects.filter(recipient=clerk))
    assert any(clerk.email in mail.to for mail in outbox)


def test_parallel_steps_all_have_to_be_decided(clerk, lead, other_clerk, units, procedure):
    route = start(
        clerk,
        procedure,
        {"position": 1, "kind": "cosign", "user": lead},
        {"position": 1, "kind": "cosign", "unit": units["order"]},
        {"position": 2, "kind": "approve", "user": lead},
    )
    steps = list(route.steps.order_by("position", "assigned_unit"))
    assert [s.state for s in steps[:2]] == [RouteStep.State.PENDING] * 2
    services.decide(
        actor=lead, step=route.steps.get(assigned_user=lead, position=1), decision="approve"
    )
    assert route.steps.get(position=2).state == RouteStep.State.WAITING
    unit_step = route.steps.get(assigned_unit=units["order"])
    services.decide(actor=other_clerk, step=unit_step, decision="approve")
    assert route.steps.get(position=2).state == RouteStep.State.PENDING
    unit_step.refresh_from_db()
    assert unit_step.decided_by == other_clerk


def test_information_steps_do_not_hold_the_route_up(clerk, lead, other_clerk, procedure):
    route = start(
        clerk,
        procedure,
        {"position": 1, "kind": "inform", "user": other_clerk},
        {"position": 2, "kind": "cosign", "user": lead},
    )
    inform = route.steps.get(position=1)
    cosign = route.steps.get(position=2)
    assert inform.state == cosign.state == RouteStep.State.PENDING
    services.decide(actor=lead, step=cosign, decision="approve")
    route.refresh_from_db()
    assert route.state == Route.State.COMPLETED
    # Information can still be acknowledged afterwards, but nothing else.
    with pytest.raises(services.WrongDecision):
        services.decide(actor=other_clerk, step=inform, decision="approve")
    services.decide(actor=other_clerk, step=inform, decision="noted")
    inform.refresh_from_db()
    assert inform.state == RouteStep.State.NOTED


def test_reject_needs_a_comment_and_ends_the_route(
    clerk, lead, other_clerk, procedure, django_capture_on_commit_callbacks
):
    route = start(
        clerk,
        procedure,
        {"position": 1, "kind": "approve", "user": lead},
        {"position": 2, "kind": "approve", "user": other_clerk},
    )
    step = route.steps.get(position=1)
    with pytest.raises(services.CommentRequired):
        services.decide(actor=lead, step=step, decision="reject", comment="  ")
    services.decide(actor=lead, step=step, decision="reject", comment="Statik fehlt.")
    route.refresh_from_db()
    assert route.state == Route.State.REJECTED
    assert route.steps.get(position=2).state == RouteStep.State.CANCELLED
    message = Message.objects.get(recipient=clerk)
    assert "Umlauf abgelehnt" in message.subject and "Statik fehlt." in message.body
    assert not Message.objects.filter(recipient=other_clerk).exists()


def test_return_goes_back_to_the_starter(clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    services.decide(
        actor=lead, step=route.steps.get(), decision="return", comment="Bitte ergänzen."
    )
    route.refresh_from_db()
    assert route.state == Route.State.RETURNED
    assert any("zurückgegeben" in m.subject for m in Message.objects.filter(recipient=clerk))


def test_only_the_recipient_or_a_member_of_the_unit_decides(
    clerk, lead, other_clerk, units, procedure
):
    route = start(
        clerk,
        procedure,
        {"position": 1, "kind": "cosign", "user": lead},
        {"position": 1, "kind": "cosign", "unit": units["order"]},
    )
    with pytest.raises(services.NotYourStep):
        services.decide(actor=clerk, step=route.steps.get(assigned_user=lead), decision="approve")
    with pytest.raises(services.NotYourStep):
        services.decide(
            actor=lead, step=route.steps.get(assigned_unit=units["order"]), decision="approve"
        )
    step = route.steps.get(assigned_user=lead)
    services.decide(actor=lead, step=step, decision="approve")
    with pytest.raises(services.StepNotPending):
        services.decide(actor=lead, step=step, decision="approve")


def test_starter_withdraws_a_running_route(clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    with pytest.raises(services.NotStarter):
        services.withdraw_route(actor=lead, route=route)
    services.withdraw_route(actor=clerk, route=route)
    route.refresh_from_db()
    assert route.state == Route.State.WITHDRAWN
    assert route.steps.get().state == RouteStep.State.CANCELLED
    with pytest.raises(services.RouteNotRunning):
        services.withdraw_route(actor=clerk, route=route)
    assert AuditEntry.objects.filter(summary="route withdrawn").exists()


# Pages ------------------------------------------------------------------------------------


def test_recipient_decides_on_the_route_page(client, clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    step = route.steps.get()
    sign_in_verified(client, lead)
    page = client.get(reverse("records:route_detail", args=[route.pk]))
    assert page.status_code == 200
    assert "Your decision" in page.content.decode()
    prefix = f"s{step.pk.hex[:8]}"
    response = client.post(
        reverse("records:step_decide", args=[step.pk]), {f"{prefix}-decision": "approve"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Your decision was saved." in messages_of(page)
    content = page.content.decode()
    assert "Completed" in content and "Leo Lang" in content


def test_rejecting_without_comment_on_the_page_shows_an_error(client, clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "approve", "user": lead})
    step = route.steps.get()
    sign_in_verified(client, lead)
    prefix = f"s{step.pk.hex[:8]}"
    response = client.post(
        reverse("records:step_decide", args=[step.pk]), {f"{prefix}-decision": "reject"}
    )
    assert response.status_code == 400
    assert "Give a reason in the comment" in response.content.decode()
    step.refresh_from_db()
    assert step.state == RouteStep.State.PENDING


def test_a_recipient_of_another_unit_sees_the_procedure_others_get_404(
    client, clerk, other_clerk, units, plan_entry, procedure
):
    from .conftest import staff_with

    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": other_clerk})
    sign_in_verified(client, other_clerk)
    assert client.get(reverse("records:route_detail", args=[route.pk])).status_code == 200
    assert client.get(reverse("records:procedure_detail", args=[procedure.pk])).status_code == 200
    stranger = staff_with("clerk", units["order"], given_name="Sina", family_name="Fremd")
    client.logout()
    sign_in_verified(client, stranger)
    assert client.get(reverse("records:route_detail", args=[route.pk])).status_code == 404
    step = route.steps.get()
    response = client.post(reverse("records:step_decide", args=[step.pk]), {})
    assert response.status_code == 404


def test_route_history_is_shown_on_the_procedure_page(clerk_client, clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    services.decide(actor=lead, step=route.steps.get(), decision="return", comment="Anlage fehlt")
    response = clerk_client.get(reverse("records:procedure_detail", args=[procedure.pk]))
    content = response.content.decode()
    assert "Bitte mitzeichnen" in content
    assert "Anlage fehlt" in content and "Returned" in content
    assert "Send on a route" in content


def test_starter_withdraws_on_the_page(clerk_client, clerk, lead, procedure):
    route = start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    response = clerk_client.post(reverse("records:route_withdraw", args=[route.pk]), follow=True)
    assert "The route was withdrawn." in messages_of(response)
    route.refresh_from_db()
    assert route.state == Route.State.WITHDRAWN


def test_no_route_on_a_done_procedure_or_a_closed_file(clerk, lead, procedure):
    from rathaus.records.services.files import FileClosed
    from rathaus.records.services.procedures import ProcedureDone

    procedure.state = "done"
    procedure.save()
    with pytest.raises(ProcedureDone):
        start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    procedure.file.state = "closed"
    procedure.file.save()
    with pytest.raises(FileClosed):
        start(clerk, procedure, {"position": 1, "kind": "cosign", "user": lead})
    assert not Route.objects.exists()


def test_route_page_links_the_document(clerk_client, clerk, lead, procedure):
    document = DocumentFactory(procedure=procedure, title="Bescheidentwurf")
    route = services.start_route(
        actor=clerk,
        procedure=procedure,
        subject="Entwurf prüfen",
        document=document,
        steps=[services.StepData(position=1, kind="cosign", user=lead)],
    )
    content = clerk_client.get(reverse("records:route_detail", args=[route.pk])).content.decode()
    assert reverse("records:document_detail", args=[document.pk]) in content
    assert "Withdraw route" in content and "Your decision" not in content
