"""The e-Government officer's dashboard: measures by status and due date, open risks,
budget use, key figures against targets, funding deadlines and the expert group's open
tasks, each with its link; other staff see it read-only; its queries do not grow."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..models import (
    BudgetAccount,
    BudgetAllocation,
    CostItem,
    Decision,
    KeyFigureValue,
    Measure,
    Meeting,
    Posting,
)
from .factories import (
    FundingProgrammeFactory,
    GroupTaskFactory,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    MeasureFactory,
    RiskFactory,
    days,
)

URL = "/staff/programm/"


def _section(text: str, heading: str) -> str:
    """The page from ``heading`` to the next second-level heading."""
    start = text.index(heading)
    end = text.find("<h2", start)
    return text[start : end if end != -1 else None]


def test_the_dashboard_is_the_programme_start_page():
    assert reverse("programme:dashboard") == URL


def test_measures_are_grouped_by_status_sorted_by_due_date_and_overdue_is_said(signed_in, officer):
    MeasureFactory(code="1.2", title="Gewerbe online", status="in_progress", ends_on=days(90))
    MeasureFactory(
        code="3.1",
        title="E-Akte im Bauamt",
        status="in_progress",
        starts_on=days(-200),
        ends_on=days(-10),
    )
    MeasureFactory(code="1.1", title="Parkausweis online", status="done", ends_on=days(-40))
    MeasureFactory(code="7.3", title="Verzeichnis digital", status="planned", ends_on=None)

    text = signed_in(officer).get(URL).text

    running = _section(text, "In progress (2)")
    assert running.index("E-Akte im Bauamt") < running.index("Gewerbe online")
    assert "overdue" in running.split("Gewerbe online")[0]
    assert "overdue" not in running.split("Gewerbe online")[1]
    assert "Parkausweis online" in _section(text, "Done (1)")
    assert "Verzeichnis digital" in _section(text, "Planned (1)")
    assert "Stopped (0)" in text
    assert "1 measure is overdue." in text
    assert 'href="/staff/programm/massnahmen/?overdue=on"' in text


def test_open_risks_of_running_measures_show_the_gravest_first(signed_in, officer, measure):
    RiskFactory(measure=measure, description="Kleines Risiko", impact="low", likelihood="low")
    RiskFactory(measure=measure, description="Großes Risiko", impact="high", likelihood="high")
    RiskFactory(measure=measure, description="Geschlossenes Risiko", is_open=False)
    done = MeasureFactory(status="done")
    RiskFactory(measure=done, description="Risiko einer fertigen Maßnahme")

    risks = _section(signed_in(officer).get(URL).text, "Open risks")

    assert risks.index("Großes Risiko") < risks.index("Kleines Risiko")
    assert "Geschlossenes Risiko" not in risks
    assert "Risiko einer fertigen Maßnahme" not in risks
    assert reverse("programme:measure", args=[measure.pk]) in risks


def test_budget_use_of_the_year(signed_in, officer, measure):
    year = timezone.localdate().year
    account = BudgetAccount.objects.create(number="1.11.01", title="e-Government")
    BudgetAllocation.objects.create(account=account, year=year, amount=Decimal("100000"))
    BudgetAllocation.objects.create(account=account, year=year - 1, amount=Decimal("5"))
    CostItem.objects.create(
        measure=measure,
        year=year,
        kind="one_off",
        category="licences",
        planned=Decimal("40000"),
        committed=Decimal("25000"),
    )
    Posting.objects.create(
        account=account,
        booked_on=datetime.date(year, 1, 15),
        amount=Decimal("12345.67"),
        text="Lizenz E-Akte",
        measure=measure,
    )

    budget = _section(signed_in(officer).get(URL).text, f"Budget {year}")

    for shown in ("100,000.00 €", "40,000.00 €", "25,000.00 €", "12,345.67 €", "87,654.33 €"):
        assert shown in budget
    assert "12.3 %" in budget


def test_key_figures_against_their_targets_in_words(signed_in, officer):
    year = timezone.localdate().year
    met = KeyFigureFactory(title="Anteil online gestellter Anträge", unit="%")
    KeyFigureTargetFactory(figure=met, year=year, value=Decimal("40"))
    KeyFigureValue.objects.create(
        figure=met, month=datetime.date(year, 1, 1), value=Decimal("45.5")
    )
    missed = KeyFigureFactory(title="Median der Bearbeitungszeit", unit="Tage", direction="down")
    KeyFigureTargetFactory(figure=missed, year=year, value=Decimal("10"))
    KeyFigureValue.objects.create(
        figure=missed, month=datetime.date(year, 1, 1), value=Decimal("14")
    )
    KeyFigureFactory(title="Ohne Ziel")

    figures = _section(signed_in(officer).get(URL).text, f"Key figures {year}")

    met_row = figures.split("Anteil online gestellter Anträge")[1].split("</tr>")[0]
    assert "45.5 %" in met_row and "40 %" in met_row and "Target met" in met_row
    missed_row = figures.split("Median der Bearbeitungszeit")[1].split("</tr>")[0]
    assert "14 Tage" in missed_row and "Target not met" in missed_row
    assert "Cannot be judged" in figures.split("Ohne Ziel")[1]


def test_funding_deadlines_of_the_next_60_days(signed_in, officer, measure):
    soon = FundingProgrammeFactory(name="Starke Heimat Hessen", deadline=days(20))
    soon.measures.add(measure)
    FundingProgrammeFactory(name="Später", deadline=days(61))
    FundingProgrammeFactory(name="Vorbei", deadline=days(-1))
    FundingProgrammeFactory(name="Heute", deadline=days(0))

    deadlines = _section(signed_in(officer).get(URL).text, "Funding deadlines in the next 60 days")

    assert "Starke Heimat Hessen" in deadlines and "in 20 days" in deadlines
    assert "Heute" in deadlines and "today" in deadlines
    assert deadlines.index("Heute") < deadlines.index("Starke Heimat Hessen")
    assert "Später" not in deadlines and "Vorbei" not in deadlines
    assert "3.1 E-Akte im Bauamt einführen" in deadlines


def test_open_tasks_of_the_expert_group(signed_in, officer, colleague):
    meeting = Meeting.objects.create(
        title="2. Sitzung der Fachgruppe",
        starts_at=timezone.now(),
        place="Sitzungssaal",
        agenda="1. E-Akte",
    )
    decision = Decision.objects.create(meeting=meeting, number=1, text="Pilot E-Akte")
    GroupTaskFactory(
        title="Zeitplan abstimmen", owner=colleague, due_on=days(-3), decision=decision
    )
    GroupTaskFactory(title="Erledigt", done_on=days(-1))

    tasks = _section(signed_in(officer).get(URL).text, "Open tasks of the expert group")

    assert "Zeitplan abstimmen" in tasks and "Murat Yıldız" in tasks
    assert "overdue" in tasks and "2. Sitzung der Fachgruppe" in tasks
    assert "Erledigt" not in tasks


def test_other_staff_see_the_dashboard_read_only(signed_in, officer, colleague, measure):
    officer_page = signed_in(officer).get(URL).text
    assert reverse("programme:measure_new") in officer_page
    page = signed_in(colleague).get(URL)
    assert page.status_code == 200
    assert "E-Akte im Bauamt einführen" in page.text
    assert reverse("programme:measure_new") not in page.text
    # The expert group's pages are for its members, the budget's and the cost plan's for
    # the officer: no link that would end in 404.
    for url in ("expert_group:home", "programme:budget", "programme:plan_costs"):
        assert reverse(url) in officer_page
        assert reverse(url) not in page.text
    assert "the e-Government officer makes the changes" in page.text


def _fill(number: int, start: int) -> None:
    for index in range(start, start + number):
        measure = MeasureFactory(
            code=f"5.{index}",
            status=Measure.Status.IN_PROGRESS,
            responsible_person=GroupTaskFactory().owner,
        )
        RiskFactory(measure=measure)
        FundingProgrammeFactory(deadline=days(10)).measures.add(measure)


def test_the_dashboard_queries_do_not_grow_with_the_programme(
    signed_in, officer, django_assert_num_queries
):
    KeyFigureFactory()
    _fill(2, 0)
    client = signed_in(officer)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    _fill(10, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(URL)
    assert "12 measures in the concept." in page.text
