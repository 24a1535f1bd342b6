"""The form designer: staff build a form without code; versions keep running drafts safe."""

import json

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.services.models import FormDefinition
from rathaus.services.services.applications import current_form, start_application


@pytest.fixture
def lead_client(client, order_office):
    lead = StaffFactory(given_name="Lea", family_name="Lang")
    RoleAssignmentFactory(user=lead, role=Role.UNIT_LEAD, unit=order_office)
    sign_in_verified(client, lead)
    return client


def _designer(client, service):
    client.post(reverse("services_staff:draft_start", args=[service.pk]))
    return FormDefinition.objects.get(service=service, published_at=None)


def test_a_lead_adds_a_field_with_a_condition_and_publishes(lead_client, parking, citizen):
    running = start_application(service=parking, applicant=citizen)
    draft = _designer(lead_client, parking)
    url = reverse("services_staff:designer", args=[parking.pk, draft.pk])
    response = lead_client.post(
        url,
        {
            "op": "add_field",
            "target": "G_fahrzeug",
            "nf-type": "text",
            "nf-label": "Name des Arbeitgebers",
            "nf-required": "on",
            "nf-show_if_field": "halter",
            "nf-show_if_value": "firma",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    added = [
        f
        for f in draft.definition["pages"][1]["groups"][0]["fields"]
        if f["label"] == "Name des Arbeitgebers"
    ]
    assert added and added[0]["show_if"] == {"field": "halter", "equals": "firma"}

    assert (
        lead_client.post(reverse("services_staff:publish", args=[parking.pk, draft.pk])).status_code
        == 302
    )
    assert current_form(parking) == draft
    running.refresh_from_db()
    assert running.form.number == 1


def test_a_field_without_label_is_refused_and_nothing_changes(lead_client, parking):
    draft = _designer(lead_client, parking)
    before = json.dumps(draft.definition, sort_keys=True)
    response = lead_client.post(
        reverse("services_staff:designer", args=[parking.pk, draft.pk]),
        {"op": "add_field", "target": "G_fahrzeug", "nf-type": "text", "nf-label": ""},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert json.dumps(draft.definition, sort_keys=True) == before


def test_a_published_version_cannot_be_changed(lead_client, parking):
    published = current_form(parking)
    response = lead_client.post(
        reverse("services_staff:designer", args=[parking.pk, published.pk]),
        {"op": "remove_page", "target": "person"},
    )
    assert response.status_code == 200
    published.refresh_from_db()
    assert published.definition["pages"][0]["id"] == "person"


def test_json_schema_export_describes_the_answers(lead_client, parking):
    response = lead_client.get(
        reverse("services_staff:form_schema", args=[parking.pk, current_form(parking).pk])
    )
    schema = response.json()
    assert "kennzeichen" in json.dumps(schema)


def test_clerks_of_another_unit_cannot_open_the_designer(client, parking):
    other = StaffFactory()
    RoleAssignmentFactory(user=other, role=Role.UNIT_LEAD)
    sign_in_verified(client, other)
    assert client.get(reverse("services_staff:service_forms", args=[parking.pk])).status_code == 404


def test_a_page_is_shown_only_when_an_earlier_answer_is_one_of_several(
    lead_client, parking, citizen
):
    draft = _designer(lead_client, parking)
    edit = lead_client.get(
        reverse("services_staff:page_edit", args=[parking.pk, draft.pk, "erklaerung"])
    )
    assert edit.status_code == 200 and "Bewohnerparkzone" in edit.content.decode()
    response = lead_client.post(
        reverse("services_staff:designer", args=[parking.pk, draft.pk]),
        {
            "op": "edit_page",
            "target": "erklaerung",
            "p-title": "Erklärung",
            "p-show_if_field": "zone",
            "p-show_if_value": "A, B",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    page = draft.definition["pages"][2]
    assert page["show_if"] == {"field": "zone", "in": ["A", "B"]}
    from rathaus.services.formdefs import engine

    assert [i for i, _p in engine.visible_pages(draft.definition, {"zone": "C"})] == [0, 1]
    assert [i for i, _p in engine.visible_pages(draft.definition, {"zone": "B"})] == [0, 1, 2]
