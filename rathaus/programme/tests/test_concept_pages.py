"""The concept's pages: who sees and changes what, the forms with their errors, the measure
list's filters and pages, and a measure's page with everything linked to it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.audit.models import AuditEntry

from ..models import BestPractice, FieldOfAction, Measure, Milestone, Risk
from .factories import (
    FieldOfActionFactory,
    FundingProgrammeFactory,
    KeyFigureFactory,
    MeasureFactory,
    MilestoneFactory,
    RiskFactory,
    days,
)


def _pages(measure):
    milestone = MilestoneFactory(measure=measure)
    risk = RiskFactory(measure=measure)
    return [
        reverse("programme:dashboard"),
        reverse("programme:fields"),
        reverse("programme:field", args=[measure.field.slug]),
        reverse("programme:measures"),
        reverse("programme:measure", args=[measure.pk]),
        reverse("programme:measure_history", args=[measure.pk]),
        reverse("programme:milestone_edit", args=[milestone.pk]),
        reverse("programme:risk_edit", args=[risk.pk]),
    ]


def _iso(day: datetime.date) -> str:
    return day.isoformat()


# ------------------------------------------------------------------ who gets in


def test_anonymous_visitors_are_sent_to_sign_in(client, measure):
    response = client.get(reverse("programme:measure", args=[measure.pk]))
    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]


def test_a_citizen_gets_404_everywhere(client, citizen, measure):
    client.force_login(citizen)
    for url in _pages(measure):
        assert client.get(url).status_code == 404, url
    assert AuditEntry.objects.filter(
        actor_id=str(citizen.pk), action=AuditEntry.Action.PERMISSION_DENIED
    ).exists()


def test_staff_read_everything_but_change_nothing(signed_in, colleague, measure):
    client = signed_in(colleague)
    page = client.get(reverse("programme:measure", args=[measure.pk]))
    assert page.status_code == 200
    assert "E-Akte im Bauamt einführen" in page.text
    assert "Edit the measure" not in page.text and "Change the status" not in page.text
    milestone, risk = MilestoneFactory(measure=measure), RiskFactory(measure=measure)
    forbidden = [
        ("get", reverse("programme:field_new")),
        ("get", reverse("programme:field_edit", args=[measure.field.slug])),
        ("post", reverse("programme:field_move", args=[measure.field.slug])),
        ("get", reverse("programme:measure_new")),
        ("get", reverse("programme:measure_edit", args=[measure.pk])),
        ("post", reverse("programme:measure_status", args=[measure.pk])),
        ("get", reverse("programme:milestone_new", args=[measure.pk])),
        ("get", reverse("programme:milestone_edit", args=[milestone.pk])),
        ("post", reverse("programme:milestone_reached", args=[milestone.pk])),
        ("get", reverse("programme:risk_new", args=[measure.pk])),
        ("get", reverse("programme:risk_edit", args=[risk.pk])),
        ("post", reverse("programme:risk_close", args=[risk.pk])),
    ]
    for method, url in forbidden:
        assert getattr(client, method)(url).status_code == 404, url
    for url in _pages(measure)[:6]:
        assert client.get(url).status_code == 200, url


# ------------------------------------------------------------------ fields of action


def test_the_officer_adds_edits_and_orders_fields(signed_in, officer):
    client = signed_in(officer)
    response = client.post(
        reverse("programme:field_new"),
        {"title": "Green IT", "slug": "green-it", "description": "Weniger Strom."},
    )
    assert response.status_code == 302
    FieldOfActionFactory(slug="online-dienste", title="Online-Dienste", position=0)
    response = client.post(
        reverse("programme:field_edit", args=["green-it"]),
        {"title": "Green IT und Nachhaltigkeit", "slug": "green-it", "description": ""},
    )
    assert response.status_code == 302
    client.post(reverse("programme:field_move", args=["green-it"]), {"direction": "up"})
    table = client.get(reverse("programme:fields")).text.split("<tbody")[1]
    assert table.index("Green IT und Nachhaltigkeit") < table.index("Online-Dienste")
    assert "Move “Green IT und Nachhaltigkeit” down" in table


def test_a_taken_short_name_is_refused_on_the_form(signed_in, officer):
    FieldOfActionFactory(slug="green-it")
    response = signed_in(officer).post(
        reverse("programme:field_new"), {"title": "Grüne IT", "slug": "green-it"}
    )
    assert response.status_code == 400
    assert "Another field of action already has this short name." in response.text
    assert 'value="Grüne IT"' in response.text
    assert FieldOfAction.objects.count() == 1


def test_a_field_page_lists_its_measures(signed_in, colleague, measure):
    other = MeasureFactory(title="Anderes Feld")
    page = signed_in(colleague).get(reverse("programme:field", args=[measure.field.slug]))
    assert "E-Akte im Bauamt einführen" in page.text
    assert other.title not in page.text


# ------------------------------------------------------------------ measures


def _form(field, **overrides):
    data = {
        "field": str(field.pk),
        "code": "1.4",
        "title": "Hundesteuer online anmelden",
        "goal": "Hunde werden online an- und abgemeldet.",
        "description": "",
        "responsible_unit": "",
        "responsible_person": "",
        "status": "planned",
        "starts_on": _iso(days(10)),
        "ends_on": _iso(days(200)),
    }
    data.update(overrides)
    return data


def test_the_officer_creates_a_measure_with_its_links(signed_in, officer, responsible, bauamt):
    field = FieldOfActionFactory(slug="online-dienste")
    earlier = MeasureFactory(code="1.1", title="Bewohnerparkausweis online")
    figure = KeyFigureFactory(title="Anteil online gestellter Anträge")
    programme = FundingProgrammeFactory(name="Starke Heimat Hessen")
    client = signed_in(officer)
    form = client.get(reverse("programme:measure_new") + "?feld=online-dienste")
    assert f'<option value="{field.pk}" selected>' in form.text

    response = client.post(
        reverse("programme:measure_new"),
        _form(
            field,
            responsible_unit=str(bauamt.pk),
            responsible_person=str(responsible.pk),
            depends_on=[str(earlier.pk)],
            key_figures=[str(figure.pk)],
            funding_programmes=[str(programme.pk)],
        ),
    )

    created = Measure.objects.get(code="1.4")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:measure", args=[created.pk])
    page = client.get(response["Location"])
    for text in (
        "Hundesteuer online anmelden",
        "Lena Hoffmann",
        "60 Bauamt",
        "1.1 Bewohnerparkausweis online",
        "Anteil online gestellter Anträge",
        "Starke Heimat Hessen",
    ):
        assert text in page.text
    earlier_page = client.get(reverse("programme:measure", args=[earlier.pk]))
    assert "1.4 Hundesteuer online anmelden" in earlier_page.text  # depends on it


def test_an_end_before_the_start_is_refused_and_the_input_kept(signed_in, officer):
    field = FieldOfActionFactory()
    response = signed_in(officer).post(
        reverse("programme:measure_new"),
        _form(field, starts_on=_iso(days(10)), ends_on=_iso(days(5))),
    )
    assert response.status_code == 400
    assert "The end must not be before the start." in response.text
    assert 'value="Hundesteuer online anmelden"' in response.text
    assert f'value="{_iso(days(5))}"' in response.text
    assert not Measure.objects.filter(code="1.4").exists()


def test_a_circle_of_dependencies_is_refused_on_the_form(signed_in, officer):
    first = MeasureFactory(code="3.1", title="E-Akte im Bauamt")
    second = MeasureFactory(code="3.2", field=first.field)
    second.depends_on.add(first)
    data = _form(first.field, code="3.1", title="E-Akte im Bauamt", depends_on=[str(second.pk)])
    response = signed_in(officer).post(reverse("programme:measure_edit", args=[first.pk]), data)
    assert response.status_code == 400
    assert "These dependencies would form a circle: 3.1 → 3.2 → 3.1." in response.text
    assert not first.depends_on.exists()


def test_the_edit_form_shows_what_is_stored(signed_in, officer, measure):
    programme = FundingProgrammeFactory(name="Digitale Kommune")
    programme.measures.add(measure)
    page = signed_in(officer).get(reverse("programme:measure_edit", args=[measure.pk]))
    assert 'value="E-Akte im Bauamt einführen"' in page.text
    assert f'value="{programme.pk}" id="id_funding_programmes_0" checked' in page.text
    # A measure cannot depend on itself, so it is not offered.
    assert f'name="depends_on" value="{measure.pk}"' not in page.text


def test_the_responsible_person_changes_status_and_milestones_on_the_page(
    signed_in, responsible, measure
):
    client = signed_in(responsible)
    page = client.get(reverse("programme:measure", args=[measure.pk]))
    assert "Change the status" in page.text and "Edit the measure" not in page.text
    client.post(reverse("programme:measure_status", args=[measure.pk]), {"status": "done"})
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE

    response = client.post(
        reverse("programme:milestone_new", args=[measure.pk]),
        {"title": "Pilotbetrieb", "due_on": _iso(days(-2)), "reached_on": ""},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(measure=measure)
    page = client.get(reverse("programme:measure", args=[measure.pk]))
    assert "Pilotbetrieb" in page.text and "overdue" in page.text
    client.post(reverse("programme:milestone_reached", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.reached_on == days(0)

    response = client.post(
        reverse("programme:milestone_edit", args=[milestone.pk]),
        {"title": "Pilotbetrieb", "due_on": _iso(days(-2)), "reached_on": _iso(days(3))},
    )
    assert response.status_code == 400
    assert "A milestone cannot be reached on a day still to come." in response.text


def test_an_unknown_status_is_refused_with_a_message(signed_in, responsible, measure):
    response = signed_in(responsible).post(
        reverse("programme:measure_status", args=[measure.pk]), {"status": "finished"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.text


def test_the_officer_records_and_closes_a_risk(signed_in, officer, responsible, measure):
    client = signed_in(officer)
    response = client.post(
        reverse("programme:risk_new", args=[measure.pk]),
        {
            "description": "Die Schnittstelle des Fachverfahrens fehlt.",
            "likelihood": "high",
            "impact": "high",
            "mitigation": "Eskalation beim Hersteller.",
            "owner": str(responsible.pk),
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert risk.owner == responsible
    missing = client.post(reverse("programme:risk_edit", args=[risk.pk]), {"description": ""})
    assert missing.status_code == 400
    assert "Describe the risk." in missing.text
    client.post(reverse("programme:risk_close", args=[risk.pk]), {"action": "close"})
    risk.refresh_from_db()
    assert not risk.is_open
    page = client.get(reverse("programme:measure", args=[measure.pk]))
    assert "Open again" in page.text


def test_the_measure_page_lists_dependencies_both_ways_and_its_links(signed_in, colleague, measure):
    training = MeasureFactory(code="2.1", title="Schulung der Beschäftigten")
    everywhere = MeasureFactory(code="3.2", title="E-Akte in allen Ämtern")
    measure.depends_on.add(training)
    everywhere.depends_on.add(measure)
    measure.key_figures.add(KeyFigureFactory(title="Dokumente ohne Papier abgelegt"))
    FundingProgrammeFactory(name="Starke Heimat Hessen").measures.add(measure)
    practice = BestPractice.objects.create(
        municipality="Darmstadt", topic="Digitalstadt", summary="…", source="Test"
    )
    practice.measures.add(measure)
    page = signed_in(colleague).get(reverse("programme:measure", args=[measure.pk]))
    text = page.text
    depends = text.index("This measure depends on")
    enables = text.index("Measures that depend on this one")
    assert depends < text.index("2.1 Schulung der Beschäftigten") < enables
    assert enables < text.index("3.2 E-Akte in allen Ämtern")
    for shown in (
        "Dokumente ohne Papier abgelegt",
        "Starke Heimat Hessen",
        "Darmstadt: Digitalstadt",
    ):
        assert shown in text


# ------------------------------------------------------------------ the measure list


def test_the_measure_list_filters_by_field_status_unit_and_overdue(signed_in, colleague, bauamt):
    online = FieldOfActionFactory(slug="online-dienste")
    order = UnitFactory(code="32", name="Ordnungsamt")
    MeasureFactory(code="1.1", title="Parkausweis", field=online, responsible_unit=order)
    MeasureFactory(
        code="3.1",
        title="E-Akte Bauamt",
        responsible_unit=bauamt,
        status="in_progress",
        starts_on=days(-100),
        ends_on=days(-1),
    )
    MeasureFactory(
        code="3.2", title="E-Akte fertig", status="done", ends_on=days(-1), starts_on=days(-9)
    )
    client = signed_in(colleague)

    def titles(**query):
        page = client.get(reverse("programme:measures"), query)
        assert page.status_code == 200
        return {m.title for m in page.context["page"].object_list}

    assert titles() == {"Parkausweis", "E-Akte Bauamt", "E-Akte fertig"}
    assert titles(field="online-dienste") == {"Parkausweis"}
    assert titles(status="done") == {"E-Akte fertig"}
    assert titles(unit="60") == {"E-Akte Bauamt"}
    assert titles(overdue="on") == {"E-Akte Bauamt"}
    assert titles(status="unknown") == {"Parkausweis", "E-Akte Bauamt", "E-Akte fertig"}
    page = client.get(reverse("programme:measures"), {"overdue": "on"})
    assert "1 measure found." in page.text and "overdue" in page.text


def test_the_measure_list_pages_with_a_constant_number_of_queries(
    signed_in, colleague, responsible, bauamt, django_assert_num_queries
):
    client = signed_in(colleague)
    url = reverse("programme:measures")
    for number in range(3):
        MeasureFactory(responsible_unit=bauamt, responsible_person=responsible, code=f"1.{number}")
    client.get(url)  # warm the session and the role caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3, 30):
        MeasureFactory(responsible_unit=bauamt, responsible_person=responsible, code=f"1.{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["page"].object_list) == 25
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("name", ["programme:fields", "programme:measures"])
def test_lists_are_fine_when_empty(signed_in, officer, name):
    page = signed_in(officer).get(reverse(name))
    assert page.status_code == 200
