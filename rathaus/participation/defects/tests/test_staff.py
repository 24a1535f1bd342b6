"""The clerks' workflow and the administrators' set-up."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.participation.engagement.services import follow

from ..models import DefectCategory, DefectSettings, ReportUpdate, Status, Street
from .factories import ReportFactory


@pytest.fixture
def report(defect_settings, potholes, citizen):
    found = ReportFactory(category=potholes, number=5, reporter=citizen, reporter_email="")
    follow(target=found, user=citizen)
    follow(target=found, email="nachbar@example.org")
    return found


def _status(client, number, **data):
    return client.post(reverse("defects_staff:status", args=[number]), data)


def test_staff_pages_need_a_second_factor(client, clerk, report):
    client.force_login(clerk)
    response = client.get(reverse("defects_staff:queue"))
    assert response.status_code == 302 and "/staff/" not in response["Location"].split("?")[0][:7]


def test_the_queue_shows_the_units_open_reports(clerk_client, report, dumping):
    ReportFactory(category=dumping, number=6)
    html = clerk_client.get(reverse("defects_staff:queue")).content.decode()
    assert reverse("defects_staff:report", args=[5]) in html
    assert reverse("defects_staff:report", args=[6]) not in html
    html = clerk_client.get(reverse("defects_staff:queue"), {"status": "fixed"}).content.decode()
    assert reverse("defects_staff:report", args=[5]) not in html


def test_a_clerk_of_another_unit_gets_404(client, report, order_unit):
    from rathaus.core.accounts.roles import Role
    from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory

    from .conftest import sign_in_verified

    stranger = StaffFactory()
    RoleAssignmentFactory(user=stranger, role=Role.CLERK, unit=order_unit)
    sign_in_verified(client, stranger)
    assert client.get(reverse("defects_staff:report", args=[5])).status_code == 404
    assert _status(client, 5, status="fixed").status_code == 404
    assert client.get(reverse("defects_staff:categories")).status_code == 404


def test_the_workflow_notes_history_audit_and_tells_the_followers(
    clerk_client, clerk, report, citizen, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _status(clerk_client, 5, status="in_progress", note="Wir <b>prüfen</b>.")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.public_note == "Wir <b>prüfen</b>."
    update = ReportUpdate.objects.filter(report=report).last()
    assert (update.status, update.author) == (Status.IN_PROGRESS, clerk)
    assert AuditEntry.objects.filter(object_id=str(report.pk), actor_id=str(clerk.pk)).exists()
    assert Message.objects.filter(recipient=citizen, link=report.get_absolute_url()).exists()
    recipients = sorted(m.to[0] for m in outbox)
    assert recipients == sorted([citizen.email, "nachbar@example.org"])
    assert "Wir <b>prüfen</b>." in outbox[0].body
    assert "unsubscribe" in outbox[0].body.lower() or "/mitreden/" in outbox[0].body

    assert _status(clerk_client, 5, status="scheduled").status_code == 400
    tomorrow = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert _status(clerk_client, 5, status="scheduled", expected_at=tomorrow).status_code == 302
    assert _status(clerk_client, 5, status="fixed", note="Erledigt").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.FIXED and report.fixed_at is not None
    public = clerk_client.get(report.get_absolute_url()).content.decode()
    assert "Fixed" in public and "Wir &lt;b&gt;prüfen&lt;/b&gt;." in public
    statuses = list(ReportUpdate.objects.filter(report=report).values_list("status", flat=True))
    assert statuses == ["confirmed", "in_progress", "scheduled", "fixed"]


def test_a_step_not_allowed_from_the_state_is_refused(clerk_client, report):
    report.status = Status.CLOSED
    report.save()
    assert _status(clerk_client, 5, status="fixed").status_code == 400
    report.refresh_from_db()
    assert report.status == Status.CLOSED


def test_a_duplicate_points_to_another_public_report(clerk_client, report, potholes):
    original = ReportFactory(category=potholes, number=3)
    assert _status(clerk_client, 5, status="duplicate").status_code == 400
    assert _status(clerk_client, 5, status="duplicate", duplicate_of=5).status_code == 400
    assert _status(clerk_client, 5, status="duplicate", duplicate_of=3).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DUPLICATE and report.duplicate_of == original


def test_not_responsible_passes_the_report_to_another_unit(
    clerk_client, report, dumping, order_unit, django_capture_on_commit_callbacks, outbox
):
    from rathaus.core.accounts.roles import Role
    from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory

    other_clerk = StaffFactory(email="ordnung@weiterstadt.example")
    RoleAssignmentFactory(user=other_clerk, role=Role.CLERK, unit=order_unit)
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("defects_staff:reassign", args=[5]),
            {
                "weitergeben-category": "muell",
                "weitergeben-note": "Das ist Sache des Ordnungsamts.",
            },
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.category, report.unit) == (dumping, order_unit)
    assert report.status == Status.CONFIRMED
    assert Message.objects.filter(recipient=other_clerk).exists()
    # The first clerk no longer reaches it.
    assert clerk_client.get(reverse("defects_staff:report", args=[5])).status_code == 404


def test_administrators_manage_categories_and_questions(admin_client, roads_unit):
    response = admin_client.post(
        reverse("defects_staff:category_new"),
        {
            "name": "Straßenbeleuchtung",
            "code": "licht",
            "group": "Straße",
            "unit": str(roads_unit.pk),
            "description": "",
            "keywords": "Laterne",
            "position": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    category = DefectCategory.objects.get(code="licht")
    assert category.unit == roads_unit
    response = admin_client.post(
        reverse("defects_staff:attribute_new", args=["licht"]),
        {
            "question": "Welche Nummer hat die Laterne?",
            "code": "mast",
            "datatype": "singlevaluelist",
            "description": "",
            "position": "0",
            "values_text": "",
        },
    )
    assert response.status_code == 200 and "at least one option" in response.content.decode()
    admin_client.post(
        reverse("defects_staff:attribute_new", args=["licht"]),
        {
            "question": "Welche Nummer hat die Laterne?",
            "code": "mast",
            "datatype": "singlevaluelist",
            "position": "0",
            "values_text": "a=Mast A\nb=Mast B",
        },
    )
    attribute = category.attributes.get()
    assert attribute.values == [{"key": "a", "name": "Mast A"}, {"key": "b", "name": "Mast B"}]
    duplicate = admin_client.post(
        reverse("defects_staff:category_new"),
        {"name": "Zweite", "code": "licht", "unit": str(roads_unit.pk), "position": "0"},
    )
    assert "Another category has this code." in duplicate.content.decode()


def test_the_street_directory_is_imported_from_csv(admin_client):
    data = (
        "name;postcode;district;lat;lon\n"
        "Darmstädter Straße;64331;Weiterstadt;49.9008;8.5936\n"
        "Riedbahnstraße;64331;Riedbahn;49,9123;8,5617\n"
    ).encode()
    response = admin_client.post(
        reverse("defects_staff:streets"), {"file": SimpleUploadedFile("s.csv", data)}
    )
    assert response.status_code == 302
    assert Street.objects.count() == 2
    admin_client.post(reverse("defects_staff:streets"), {"file": SimpleUploadedFile("s.csv", data)})
    assert Street.objects.count() == 2
    bad = admin_client.post(
        reverse("defects_staff:streets"),
        {"file": SimpleUploadedFile("s.csv", b"Weg;64331;X;abc;8.5\n")},
    )
    assert "Line 1" in bad.content.decode()


def test_the_boundary_is_validated(admin_client):
    url = reverse("defects_staff:boundary")
    bad = admin_client.post(url, {"geojson": '{"type": "Point", "coordinates": [8.5, 49.9]}'})
    assert "not a valid boundary" in bad.content.decode()
    assert not DefectSettings.objects.exists()
    good = (
        '{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": '
        "[[[8.53, 49.88], [8.63, 49.88], [8.63, 49.93], [8.53, 49.93], [8.53, 49.88]]]}}"
    )
    assert admin_client.post(url, {"geojson": good}).status_code == 302
    saved = DefectSettings.objects.get()
    assert saved.boundary["type"] == "Polygon"
    assert str(saved.center_latitude) == "49.905000"


def test_the_settings_are_saved(admin_client):
    response = admin_client.post(
        reverse("defects_staff:settings"),
        {
            "center_latitude": "49.906",
            "center_longitude": "8.588",
            "zoom": "14",
            "duplicate_radius_m": "250",
            "questionnaire_after_days": "10",
        },
    )
    assert response.status_code == 302
    assert DefectSettings.objects.get().duplicate_radius_m == 250


def test_clerks_cannot_change_the_set_up(clerk_client):
    for name in ("categories", "category_new", "streets", "boundary", "settings"):
        assert clerk_client.get(reverse(f"defects_staff:{name}")).status_code == 404
