"""Reporting through the web form, step by step, without JavaScript and without an
account: category → details → (photo position) → check with nearby reports → sent."""

import re

import pytest
from django.urls import reverse

from rathaus.core.uploads.models import StoredFile

from ..models import DefectReport, Status
from .conftest import GPS_INSIDE, jpeg, photo_upload
from .factories import OUTSIDE, ReportFactory

LINK = re.compile(r"https?://testserver(?::\d+)?(/\S+)")


def _details(code="schlagloecher"):
    return reverse("defects:new", args=[code])


def _data(**changes):
    data = {
        "street": "",
        "house_number": "",
        "latitude": "",
        "longitude": "",
        "description": "Tiefes Schlagloch vor dem Bäcker",
        "name": "Max Melder",
        "email": "max@example.org",
        "phone": "",
        "submission_key": "key-1",
    }
    data.update(changes)
    return data


@pytest.fixture
def ready(defect_settings, streets, potholes):
    return streets


def test_the_category_step_leads_to_the_details_form(client, ready, potholes):
    page = client.get(reverse("defects:choose"))
    assert page.status_code == 200 and "Potholes" in page.content.decode()
    response = client.get(reverse("defects:choose"), {"category": "schlagloecher"})
    assert response.status_code == 302 and response["Location"] == _details()
    details = client.get(_details())
    html = details.content.decode()
    # Without JavaScript: the map is hidden, street and coordinate fields are there.
    assert 'id="defects-map" hidden' in html
    assert 'name="street"' in html and 'name="latitude"' in html
    assert "Darmstädter Straße" in html
    assert "<script>" not in html.replace('<script type="module"', "").replace("<script defer", "")


def test_a_visitor_reports_by_street_checks_sends_and_confirms(
    client, ready, outbox, django_capture_on_commit_callbacks
):
    street = ready["Darmstädter Straße"]
    check = client.post(_details(), _data(street=str(street.pk), house_number="12"))
    html = check.content.decode()
    assert check.status_code == 200 and "Check your report" in html
    assert "Darmstädter Straße 12, 64331 Weiterstadt" in html
    assert 'name="submission_key" value="key-1"' in html
    assert not DefectReport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            _details(), _data(street=str(street.pk), house_number="12", action="send")
        )
    assert sent.status_code == 302 and sent["Location"] == reverse("defects:sent")
    report = DefectReport.objects.get()
    assert report.status == Status.UNCONFIRMED and report.reporter_name == "Max Melder"
    assert "e-mail" in client.get(sent["Location"]).content.decode()
    # Not public before the link is opened.
    assert client.get(report.get_absolute_url()).status_code == 404
    link = LINK.search(outbox[0].body).group(1)
    confirmed = client.get(link, follow=True)
    assert confirmed.status_code == 200
    assert "confirmed and published" in confirmed.content.decode()
    report.refresh_from_db()
    assert report.status == Status.CONFIRMED


def test_sending_twice_gives_one_report(client, ready):
    street = ready["Bahnhofstraße"]
    data = _data(street=str(street.pk), action="send")
    first = client.post(_details(), data)
    second = client.post(_details(), data)
    assert first.status_code == second.status_code == 302
    assert DefectReport.objects.count() == 1


def test_typed_coordinates_are_taken(client, ready):
    response = client.post(_details(), _data(latitude="49,9060", longitude="8.5820", action="send"))
    assert response.status_code == 302
    report = DefectReport.objects.get()
    assert (str(report.latitude), str(report.longitude)) == ("49.906000", "8.582000")


def test_a_place_outside_the_town_is_refused_and_everything_entered_is_kept(client, ready):
    response = client.post(
        _details(),
        _data(latitude=str(OUTSIDE[0]), longitude=str(OUTSIDE[1]), description="Kaputt <b>x</b>"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "outside the town" in html and "There is a problem" in html
    assert 'href="#id_latitude"' in html
    assert str(OUTSIDE[0]) in html and "max@example.org" in html
    assert "Kaputt &lt;b&gt;x&lt;/b&gt;" in html
    assert not DefectReport.objects.exists()


def test_missing_place_and_description_are_named(client, ready):
    html = client.post(_details(), _data(description="", email="")).content.decode()
    assert "This field is required" in html or "Please describe" in html
    html = client.post(_details(), _data()).content.decode()
    assert "Please tell us where the problem is" in html


def test_a_non_image_upload_is_refused_with_a_message_and_values_kept(client, ready):
    street = ready["Bahnhofstraße"]
    response = client.post(
        _details(),
        {
            **_data(street=str(street.pk)),
            "photo": photo_upload(b"<?php system($_GET['c']); ?>", "foto.jpg"),
        },
    )
    html = response.content.decode()
    assert "Please choose a photo (JPEG, PNG or WebP)." in html
    assert "Tiefes Schlagloch vor dem Bäcker" in html
    assert not StoredFile.objects.exists()


def test_the_photo_is_kept_across_steps_and_its_position_offered(client, ready):
    response = client.post(_details(), {**_data(), "photo": photo_upload(jpeg(GPS_INSIDE))})
    html = response.content.decode()
    assert "Use the photo&#x27;s position?" in html or "Use the photo's position?" in html
    assert "49.906" in html
    token = re.search(r'name="photo_token" value="([^"]+)"', html).group(1)
    stored = StoredFile.objects.get()
    assert not stored.is_public
    check = client.post(
        _details(), _data(photo_token=token, use_photo_position="ja")
    ).content.decode()
    assert "Check your report" in check and "attached" in check
    sent = client.post(
        _details(),
        _data(photo_token=token, use_photo_position="ja", action="send"),
    )
    assert sent.status_code == 302
    report = DefectReport.objects.get()
    assert report.photo_id == stored.pk
    assert (str(report.latitude), str(report.longitude)) == ("49.906000", "8.582000")
    assert StoredFile.objects.count() == 1


def test_declining_the_photo_position_asks_for_a_place(client, ready):
    client.post(_details(), {**_data(), "photo": photo_upload(jpeg(GPS_INSIDE))})
    token = StoredFile.objects.get()
    from ..forms import sign_photo

    signed = sign_photo(token, "49.906000", "8.582000")
    html = client.post(_details(), _data(photo_token=signed, use_photo_position="nein"))
    assert "Please tell us where the problem is" in html.content.decode()


def test_a_forged_photo_token_is_ignored(client, ready):
    street = ready["Bahnhofstraße"]
    client.post(_details(), _data(street=str(street.pk), photo_token="bogus", action="send"))
    assert DefectReport.objects.get().photo is None


def test_nearby_open_reports_of_the_same_category_are_offered_before_sending(
    client, ready, potholes, dumping
):
    street = ready["Bahnhofstraße"]
    near = ReportFactory(
        category=potholes, latitude=street.latitude, longitude=street.longitude, number=7
    )
    ReportFactory(category=dumping, latitude=street.latitude, longitude=street.longitude, number=8)
    ReportFactory(
        category=potholes,
        latitude=street.latitude,
        longitude=street.longitude,
        number=9,
        status=Status.FIXED,
    )
    ReportFactory(category=potholes, latitude="49.920000", longitude="8.600000", number=10)
    html = client.post(_details(), _data(street=str(street.pk))).content.decode()
    assert "Is it one of these? Then follow it instead of reporting it again." in html
    assert near.get_absolute_url() in html
    for other in (8, 9, 10):
        assert reverse("defects:report", args=[other]) not in html
    # Following it instead: the visitor gets a link by e-mail.
    assert reverse("defects:follow", args=[7]) in html


def test_a_signed_in_citizen_reports_without_contact_fields_and_is_published(
    client, ready, citizen
):
    client.force_login(citizen)
    html = client.get(_details()).content.decode()
    assert 'name="email"' not in html
    street = ready["Bahnhofstraße"]
    client.post(_details(), {**_data(street=str(street.pk), action="send"), "show_name": "on"})
    report = DefectReport.objects.get()
    assert report.reporter == citizen and report.status == Status.CONFIRMED
    page = client.get(report.get_absolute_url()).content.decode()
    assert "by Erika Mustermann" in page


def test_floods_of_reports_from_one_client_are_limited(client, ready):
    street = ready["Bahnhofstraße"]
    for index in range(10):
        client.post(
            _details(), _data(street=str(street.pk), action="send", submission_key=f"k{index}")
        )
    response = client.post(
        _details(), _data(street=str(street.pk), action="send", submission_key="k-extra")
    )
    assert response.status_code == 200
    assert "too often" in response.content.decode()
    assert DefectReport.objects.count() == 10


def test_an_inactive_or_unknown_category_has_no_form(client, ready, potholes):
    potholes.is_active = False
    potholes.save()
    assert client.get(_details()).status_code == 404
    assert client.get(_details("gibt-es-nicht")).status_code == 404


def test_the_categorys_questions_appear_and_are_required(client, ready, potholes):
    from ..models import CategoryAttribute

    CategoryAttribute.objects.create(
        category=potholes,
        code="depth",
        datatype="singlevaluelist",
        question="How deep is it?",
        required=True,
        values=[{"key": "flat", "name": "Flat"}, {"key": "deep", "name": "Deep"}],
    )
    street = ready["Bahnhofstraße"]
    html = client.post(_details(), _data(street=str(street.pk))).content.decode()
    assert "How deep is it?" in html and 'href="#id_attr_depth' in html
    client.post(_details(), _data(street=str(street.pk), attr_depth="deep", action="send"))
    assert DefectReport.objects.get().attributes == {"depth": "deep"}
