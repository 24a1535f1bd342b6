"""The funding catalogue, applications for funding and best practices: the officer edits,
staff read, citizens see nothing; bad input is refused with a clear message and kept."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.audit.models import AuditEntry

from ..forms_funding import parse_euros
from ..models import FundingApplication, FundingProgramme
from ..services import funding as services
from .factories import (
    BestPracticeFactory,
    FieldOfActionFactory,
    FundingApplicationFactory,
    FundingProgrammeFactory,
    MeasureFactory,
)

LIST = "/staff/programm/foerderung/"


def _programme_post(**overrides) -> dict:
    data = {
        "name": "Starke Heimat Hessen – smarte Kommunen",
        "level": "land",
        "funder": "Land Hessen",
        "funds": "Digitalisierungsvorhaben der Kommunen",
        "eligibility": "Hessische Kommunen",
        "rate_percent": "80",
        "cap": "2.500.000",
        "deadline": "",
        "deadline_note": "jährlicher Aufruf",
        "contact": "",
        "url": "https://www.smarte-region-hessen.de/foerderung",
        "source": "https://digitales.hessen.de/… (geprüft am 29.11.2026)",
    }
    data.update(overrides)
    return data


def test_the_officer_adds_a_programme_and_links_it_to_a_measure(officer_client, measure):
    response = officer_client.post(
        reverse("programme:funding_new"), _programme_post(measures=[str(measure.pk)])
    )
    programme = FundingProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:funding_detail", args=[programme.pk])
    assert programme.cap == Decimal("2500000")
    assert programme.rate_percent == Decimal("80")
    assert list(programme.measures.all()) == [measure]
    page = officer_client.get(response["Location"]).content.decode()
    assert "3.1 E-Akte im Bauamt einführen" in page
    assert "2,500,000.00 €" in page or "2.500.000,00 €" in page
    assert AuditEntry.objects.filter(
        object_id=str(programme.pk), summary="funding programme added"
    ).exists()


def test_a_programme_without_source_is_refused_and_the_form_keeps_the_input(officer_client):
    response = officer_client.post(reverse("programme:funding_new"), _programme_post(source=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the source of the facts, with the date you checked it." in page
    assert "Starke Heimat Hessen – smarte Kommunen" in page
    assert not FundingProgramme.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rate_percent", "120", "The rate must be between 0 and 100 per cent."),
        ("cap", "viel", "Enter an amount in euros, for example 12.500,50."),
        ("url", "smarte-region", "Enter a full web address, starting with https://."),
        ("deadline", "31.02.2027", "Enter a real date, for example 31.03.2026."),
    ],
)
def test_bad_programme_input_gets_a_clear_message(officer_client, field, value, message):
    response = officer_client.post(
        reverse("programme:funding_new"), _programme_post(**{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("25000", "25000"),
        ("25.000", "25000"),
        ("25.000,50 €", "25000.50"),
        ("1.250.000", "1250000"),
        ("12,5", "12.5"),
        ("1,000.50", "1000.50"),
        ("144000.00", "144000.00"),
    ],
)
def test_amounts_are_read_whichever_way_they_are_written(typed, amount):
    assert Decimal(parse_euros(typed)) == Decimal(amount)


def test_money_is_read_as_people_write_it(officer_client):
    officer_client.post(reverse("programme:funding_new"), _programme_post(cap="12.500,50 €"))
    assert FundingProgramme.objects.get().cap == Decimal("12500.50")


def test_staff_read_the_catalogue_but_only_the_officer_edits(colleague_client, measure):
    programme = FundingProgrammeFactory(name="IKZ-Förderung")
    assert "IKZ-Förderung" in colleague_client.get(LIST).content.decode()
    assert (
        colleague_client.get(reverse("programme:funding_detail", args=[programme.pk])).status_code
        == 200
    )
    for url in (
        reverse("programme:funding_new"),
        reverse("programme:funding_edit", args=[programme.pk]),
        reverse("programme:funding_application_new", args=[programme.pk]),
        reverse("programme:practice_new"),
    ):
        assert colleague_client.get(url).status_code == 404
    assert (
        colleague_client.post(reverse("programme:funding_new"), _programme_post()).status_code
        == 404
    )
    assert FundingProgramme.objects.count() == 1


def test_citizens_see_nothing_of_the_funding_pages(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("programme:practices")).status_code == 404


def test_the_catalogue_filters_by_level_and_open_deadline(colleague_client):
    today = timezone.localdate()
    FundingProgrammeFactory(
        name="EFRE Hessen", level="eu", deadline=today + datetime.timedelta(days=10)
    )
    FundingProgrammeFactory(
        name="Smart Cities", level="federal", deadline=today - datetime.timedelta(days=1)
    )
    FundingProgrammeFactory(name="IKZ Hessen", level="land")
    page = colleague_client.get(LIST, {"level": "eu"}).content.decode()
    assert "EFRE Hessen" in page and "Smart Cities" not in page and "IKZ Hessen" not in page
    page = colleague_client.get(LIST, {"open": "1"}).content.decode()
    assert "EFRE Hessen" in page and "Smart Cities" not in page and "IKZ Hessen" not in page
    page = colleague_client.get(LIST).content.decode()
    assert "passed" in page  # the Smart Cities deadline, marked in text


def test_the_catalogue_takes_a_constant_number_of_queries(
    colleague_client, django_assert_max_num_queries
):
    for _number in range(12):
        programme = FundingProgrammeFactory()
        programme.measures.add(MeasureFactory())
    with django_assert_max_num_queries(20):
        assert colleague_client.get(LIST).status_code == 200


def test_the_officer_edits_the_measures_of_a_programme(officer_client, measure):
    other = MeasureFactory(code="3.2", title="E-Akte in allen Ämtern")
    programme = FundingProgrammeFactory()
    programme.measures.add(measure)
    data = _programme_post(name=programme.name, measures=[str(other.pk)])
    response = officer_client.post(reverse("programme:funding_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    assert list(programme.measures.all()) == [other]
    entry = AuditEntry.objects.get(summary="funding programme matched to measures")
    assert entry.changes == {"measures": [["3.1"], ["3.2"]]}


# --- Applications -------------------------------------------------------------------------


def _application_post(**overrides) -> dict:
    data = {
        "measure": "",
        "status": "submitted",
        "submitted_on": "2026-03-02",
        "amount_requested": "100.000",
        "decided_on": "",
        "amount_granted": "",
        "reporting_duties": "",
        "next_report_due": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"amount_granted": "50.000"},
            "amount_granted",
            "Enter an amount granted only when the application has been granted.",
        ),
        (
            {"status": "granted", "amount_granted": "120.000", "decided_on": "2026-05-01"},
            "amount_granted",
            "The amount granted cannot be more than the amount requested.",
        ),
        ({"status": "granted"}, "amount_granted", "Enter the amount granted."),
        ({"submitted_on": ""}, "submitted_on", "Enter the date the application was submitted."),
        (
            {"next_report_due": "2026-12-31"},
            "next_report_due",
            "Only a granted application has reports due.",
        ),
        (
            {"status": "rejected", "decided_on": "2026-01-01"},
            "decided_on",
            "The decision cannot come before the submission.",
        ),
    ],
)
def test_an_application_breaking_the_rules_is_refused(
    officer_client, time_machine, overrides, field, message
):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, 0))
    programme = FundingProgrammeFactory()
    response = officer_client.post(
        reverse("programme:funding_application_new", args=[programme.pk]),
        _application_post(**overrides),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'value="100.000"' in page  # what was entered is kept
    assert not FundingApplication.objects.exists()


def test_a_granted_application_with_reporting_duties_is_tracked(
    officer_client, measure, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, 0))
    programme = FundingProgrammeFactory()
    response = officer_client.post(
        reverse("programme:funding_application_new", args=[programme.pk]),
        _application_post(
            measure=str(measure.pk),
            status="granted",
            decided_on="2026-05-15",
            amount_requested="180.000",
            amount_granted="144.000,00",
            reporting_duties="Zwischenbericht an die Geschäftsstelle",
            next_report_due="2026-09-30",
        ),
    )
    assert response.status_code == 302
    application = FundingApplication.objects.get()
    assert (application.amount_granted, application.measure) == (Decimal("144000"), measure)
    assert application.next_report_due == datetime.date(2026, 9, 30)
    page = officer_client.get(reverse("programme:funding_applications")).content.decode()
    assert "Zwischenbericht" not in page  # the list shows the due date, the programme the duty
    assert "30.09.2026" in page or "09/30/2026" in page
    detail = officer_client.get(reverse("programme:funding_detail", args=[programme.pk]))
    assert "Zwischenbericht an die Geschäftsstelle" in detail.content.decode()


def test_the_officer_records_the_grant_on_an_application(officer, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, 0))
    application = FundingApplicationFactory(
        status="submitted", submitted_on=datetime.date(2026, 2, 1)
    )
    services.update_application(
        actor=officer,
        application=application,
        status="granted",
        decided_on=datetime.date(2026, 5, 2),
        amount_granted=Decimal("40000"),
    )
    application.refresh_from_db()
    assert application.status == "granted"
    assert services.granted_total(2026) == Decimal("40000")
    entry = AuditEntry.objects.get(summary="funding application changed")
    assert entry.changes["status"] == ["submitted", "granted"]


def test_a_programme_with_applications_cannot_be_deleted(officer_client):
    application = FundingApplicationFactory()
    url = reverse("programme:funding_delete", args=[application.programme.pk])
    response = officer_client.post(url, follow=True)
    assert "cannot be deleted while they exist" in response.content.decode()
    assert FundingProgramme.objects.exists()


def test_the_officer_deletes_a_programme_without_applications(officer_client):
    programme = FundingProgrammeFactory()
    response = officer_client.post(reverse("programme:funding_delete", args=[programme.pk]))
    assert response.status_code == 302
    assert not FundingProgramme.objects.exists()


# --- Best practices -----------------------------------------------------------------------


def test_the_officer_adds_a_practice_tagged_by_field_and_measure(officer_client, measure):
    response = officer_client.post(
        reverse("programme:practice_new"),
        {
            "municipality": "Stadt Moers",
            "topic": "Open-Data-Portal",
            "summary": "Daten der Verwaltung offen bereitgestellt.",
            "results": "80 Datensätze nach einem Jahr.",
            "contact": "",
            "url": "https://www.moers.de/",
            "source": "https://open.nrw/open-data-fuer-meine-stadt-moers (geprüft am 29.11.2026)",
            "fields_of_action": [str(measure.field.pk)],
            "measures": [str(measure.pk)],
        },
    )
    assert response.status_code == 302
    page = officer_client.get(response["Location"]).content.decode()
    assert "Open-Data-Portal" in page and measure.field.title in page
    assert "3.1 E-Akte im Bauamt einführen" in page


def test_practices_are_filtered_by_field_of_action(colleague_client):
    online, security = (
        FieldOfActionFactory(title="Online-Dienste"),
        FieldOfActionFactory(title="Sicherheit"),
    )
    BestPracticeFactory(topic="Digitales Bauamt").fields.add(online)
    BestPracticeFactory(topic="Gemeinsame Cybersicherheit").fields.add(security)
    page = colleague_client.get(
        reverse("programme:practices"), {"field": security.slug}
    ).content.decode()
    assert "Gemeinsame Cybersicherheit" in page and "Digitales Bauamt" not in page


def test_another_towns_programme_and_meeting_are_not_found(officer_client, other_town):
    from rathaus.core.tenancy import for_town

    from ..models import Meeting

    with for_town(other_town):
        programme = FundingProgrammeFactory(name="Fremdes Programm")
        meeting = Meeting.objects.create(
            title="Fremde Sitzung", starts_at=timezone.now(), place="Anderswo", agenda="1."
        )
    assert (
        officer_client.get(reverse("programme:funding_detail", args=[programme.pk])).status_code
        == 404
    )
    assert "Fremdes Programm" not in officer_client.get(LIST).content.decode()
    assert officer_client.get(reverse("expert_group:meeting", args=[meeting.pk])).status_code == 404
