"""The concept's use cases: who may write what, numbers and short names, dates, dependency
circles, links, milestones, risks, and the audit trail of every write."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry

from ..exceptions import (
    DependencyCycle,
    FieldSlugTaken,
    MeasureCodeTaken,
    MeasureEndsBeforeStart,
    NotAllowed,
    ReachedInFuture,
    ResponsibleNotStaff,
    RiskOwnerNotStaff,
)
from ..models import FieldOfAction, Measure, Milestone, Risk
from ..services import concept
from .factories import (
    FieldOfActionFactory,
    FundingProgrammeFactory,
    KeyFigureFactory,
    MeasureFactory,
    MilestoneFactory,
    RiskFactory,
    days,
)


def _entries(obj, summary: str):
    return AuditEntry.objects.filter(object_id=str(obj.pk), summary=summary)


def _measure_fields(field, **overrides):
    fields = {
        "field": field,
        "code": "1.4",
        "title": "Hundesteuer online anmelden",
        "goal": "Hunde werden online an- und abgemeldet.",
        "description": "",
        "responsible_unit": None,
        "responsible_person": None,
        "status": Measure.Status.PLANNED,
        "starts_on": days(10),
        "ends_on": days(200),
    }
    fields.update(overrides)
    return fields


# ------------------------------------------------------------------ fields of action


def test_only_the_officer_adds_a_field_of_action_and_it_is_audited(officer, colleague):
    with pytest.raises(NotAllowed):
        concept.create_field(actor=colleague, title="Green IT", slug="green-it")
    field = concept.create_field(
        actor=officer, title="Green IT", slug="green-it", description="Weniger Strom."
    )
    assert FieldOfAction.objects.get().title == "Green IT"
    assert _entries(field, "field of action created").get().actor_id == str(officer.pk)


def test_a_short_name_is_used_once_and_neu_is_kept_for_the_page(officer):
    concept.create_field(actor=officer, title="Green IT", slug="green-it")
    with pytest.raises(FieldSlugTaken):
        concept.create_field(actor=officer, title="Grüne IT", slug="green-it")
    with pytest.raises(FieldSlugTaken):
        concept.create_field(actor=officer, title="Neues", slug="neu")
    assert FieldOfAction.objects.count() == 1


def test_new_fields_come_last_and_move_up_and_down(officer):
    first = concept.create_field(actor=officer, title="Online-Dienste", slug="online")
    second = concept.create_field(actor=officer, title="Schulung", slug="schulung")
    third = concept.create_field(actor=officer, title="E-Akte", slug="e-akte")

    def order():
        return list(FieldOfAction.objects.order_by("position").values_list("slug", flat=True))

    assert order() == ["online", "schulung", "e-akte"]
    concept.move_field(actor=officer, field=third, up=True)
    assert order() == ["online", "e-akte", "schulung"]
    concept.move_field(actor=officer, field=first, up=True)  # the first stays first
    concept.move_field(actor=officer, field=first, up=False)
    assert order() == ["e-akte", "online", "schulung"]
    assert _entries(first, "field of action moved down").exists()
    assert list(FieldOfAction.objects.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]
    second.refresh_from_db()
    assert second.position == 3


def test_editing_a_field_records_what_changed(officer):
    field = concept.create_field(actor=officer, title="Web", slug="web")
    concept.update_field(actor=officer, field=field, title="Web und Open Data", slug="web")
    entry = _entries(field, "field of action changed").get()
    assert entry.changes == {"title": ["Web", "Web und Open Data"]}


# ------------------------------------------------------------------ measures


def test_the_officer_creates_a_measure_with_its_links_audited(officer, colleague, bauamt):
    field = FieldOfActionFactory()
    figure = KeyFigureFactory(title="Anteil online gestellter Anträge")
    programme = FundingProgrammeFactory(name="Starke Heimat Hessen")
    earlier = MeasureFactory(code="1.1", field=field)
    fields = _measure_fields(field, responsible_unit=bauamt, responsible_person=colleague)
    with pytest.raises(NotAllowed):
        concept.create_measure(actor=colleague, **fields)

    created = concept.create_measure(
        actor=officer,
        depends_on=[earlier],
        key_figures=[figure],
        funding_programmes=[programme],
        **fields,
    )

    created.refresh_from_db()
    assert created.responsible_person == colleague
    assert list(created.depends_on.all()) == [earlier]
    assert list(created.key_figures.all()) == [figure]
    assert list(programme.measures.all()) == [created]
    entry = _entries(created, "measure created").get()
    assert entry.changes["key_figures"] == [None, [str(figure.pk)]]
    assert entry.changes["funding_programmes"] == [None, [str(programme.pk)]]


def test_a_measure_number_is_used_once(officer):
    field = FieldOfActionFactory()
    MeasureFactory(code="1.4")
    with pytest.raises(MeasureCodeTaken):
        concept.create_measure(actor=officer, **_measure_fields(field))
    assert not Measure.objects.filter(title="Hundesteuer online anmelden").exists()


def test_a_measure_cannot_end_before_it_starts(officer, measure):
    field = FieldOfActionFactory()
    with pytest.raises(MeasureEndsBeforeStart):
        concept.create_measure(
            actor=officer, **_measure_fields(field, starts_on=days(10), ends_on=days(9))
        )
    with pytest.raises(MeasureEndsBeforeStart):
        concept.update_measure(
            actor=officer, measure=measure, ends_on=measure.starts_on - datetime.timedelta(days=1)
        )
    measure.refresh_from_db()
    assert measure.ends_on > measure.starts_on
    # The same day is a one-day measure, which is fine.
    concept.update_measure(actor=officer, measure=measure, ends_on=measure.starts_on)


def test_only_staff_can_be_responsible(officer, citizen):
    field = FieldOfActionFactory()
    with pytest.raises(ResponsibleNotStaff):
        concept.create_measure(actor=officer, **_measure_fields(field, responsible_person=citizen))


def test_a_dependency_circle_is_refused_and_named(officer):
    first = MeasureFactory(code="3.1")
    second = MeasureFactory(code="3.2")
    third = MeasureFactory(code="3.3")
    concept.update_measure(actor=officer, measure=second, depends_on=[first])
    concept.update_measure(actor=officer, measure=third, depends_on=[second])

    with pytest.raises(DependencyCycle) as refused:
        concept.update_measure(actor=officer, measure=first, depends_on=[third])

    assert "3.1 → 3.3 → 3.2 → 3.1" in str(refused.value.message)
    assert not first.depends_on.exists()
    with pytest.raises(DependencyCycle) as itself:
        concept.update_measure(actor=officer, measure=first, depends_on=[first])
    assert str(itself.value.message) == "A measure cannot depend on itself."


def test_a_refused_change_leaves_the_measure_as_it_was(officer):
    first = MeasureFactory(code="3.1", title="E-Akte im Bauamt")
    second = MeasureFactory(code="3.2")
    concept.update_measure(actor=officer, measure=second, depends_on=[first])
    with pytest.raises(DependencyCycle):
        concept.update_measure(
            actor=officer, measure=first, title="E-Akte überall", depends_on=[second]
        )
    first.refresh_from_db()
    assert first.title == "E-Akte im Bauamt"
    assert not _entries(first, "measure changed").exists()


def test_changes_and_link_changes_are_audited_apart(officer, measure):
    figure = KeyFigureFactory()
    concept.update_measure(
        actor=officer, measure=measure, status=Measure.Status.DONE, key_figures=[figure]
    )
    changed = _entries(measure, "measure changed").get()
    assert changed.changes == {"status": ["in_progress", "done"]}
    links = _entries(measure, "measure links changed").get()
    assert links.changes == {"key_figures": [None, [str(figure.pk)]]}
    # Saving the same again writes nothing.
    concept.update_measure(
        actor=officer, measure=measure, status=Measure.Status.DONE, key_figures=[figure]
    )
    assert _entries(measure, "measure links changed").count() == 1


# ------------------------------------------------------------------ the responsible person


def test_the_responsible_person_changes_status_and_milestones_only(responsible, colleague, measure):
    concept.change_measure_status(actor=responsible, measure=measure, status="done")
    milestone = concept.add_milestone(
        actor=responsible, measure=measure, title="Pilotbetrieb", due_on=days(5)
    )
    concept.mark_milestone_reached(actor=responsible, milestone=milestone)
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE
    milestone.refresh_from_db()
    assert milestone.reached_on == timezone.localdate()
    assert _entries(measure, "measure status changed").get().changes == {
        "status": ["in_progress", "done"]
    }
    assert _entries(milestone, "milestone reached").exists()

    with pytest.raises(NotAllowed):
        concept.update_measure(actor=responsible, measure=measure, title="Umbenannt")
    with pytest.raises(NotAllowed):
        concept.add_risk(
            actor=responsible,
            measure=measure,
            description="Verzug",
            likelihood="low",
            impact="low",
            mitigation="",
            owner=None,
        )
    with pytest.raises(NotAllowed):
        concept.change_measure_status(actor=colleague, measure=measure, status="stopped")
    with pytest.raises(NotAllowed):
        concept.add_milestone(actor=colleague, measure=measure, title="X", due_on=days(5))


def test_a_milestone_is_not_reached_in_the_future_and_keeps_its_first_date(officer, measure):
    with pytest.raises(ReachedInFuture):
        concept.add_milestone(
            actor=officer, measure=measure, title="Go-live", due_on=days(5), reached_on=days(1)
        )
    milestone = MilestoneFactory(measure=measure, reached_on=days(-3))
    concept.mark_milestone_reached(actor=officer, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.reached_on == days(-3)
    concept.update_milestone(
        actor=officer, milestone=milestone, title="Go-live", due_on=days(2), reached_on=None
    )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.reached_on) == ("Go-live", None)
    assert _entries(milestone, "milestone changed").exists()
    assert Milestone.objects.filter(measure=measure).count() == 1


# ------------------------------------------------------------------ risks


def test_the_officer_adds_changes_closes_and_reopens_a_risk(officer, responsible, citizen, measure):
    risk = concept.add_risk(
        actor=officer,
        measure=measure,
        description="Schnittstelle fehlt",
        likelihood="high",
        impact="high",
        mitigation="Eskalation beim Hersteller",
        owner=responsible,
    )
    with pytest.raises(RiskOwnerNotStaff):
        concept.update_risk(actor=officer, risk=risk, owner=citizen)
    concept.update_risk(actor=officer, risk=risk, likelihood="medium")
    concept.close_risk(actor=officer, risk=risk)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.is_open, risk.owner) == ("medium", False, responsible)
    concept.close_risk(actor=officer, risk=risk, is_open=True)
    assert Risk.objects.get().is_open
    summaries = set(
        AuditEntry.objects.filter(object_id=str(risk.pk)).values_list("summary", flat=True)
    )
    assert summaries == {
        f"risk of measure {measure.code} added",
        "risk changed",
        "risk closed",
        "risk reopened",
    }
    with pytest.raises(NotAllowed):
        concept.close_risk(actor=responsible, risk=RiskFactory(measure=measure))
