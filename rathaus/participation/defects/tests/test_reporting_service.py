"""Taking a report: place, checks, numbers, idempotency, confirmation by e-mail."""

import re
from decimal import Decimal

import pytest

from rathaus.core.uploads.models import StoredFile
from rathaus.participation.engagement.models import Follow

from .. import exceptions, geo
from ..models import DefectReport, ReportUpdate, Status
from ..services import reporting
from .conftest import GPS_INSIDE, jpeg, photo_upload
from .factories import INSIDE, OUTSIDE, CategoryFactory

LINK = re.compile(r"https?://testserver(?::\d+)?(/\S+)")


def _submit(category, **kwargs):
    values = {
        "category": category,
        "description": "Tiefes Schlagloch",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "email": "melder@example.org",
    }
    values.update(kwargs)
    return reporting.submit_report(**values)


def test_a_point_inside_the_boundary_is_taken_and_one_outside_refused(defect_settings, potholes):
    assert reporting.inside_town(*INSIDE) and not reporting.inside_town(*OUTSIDE)
    with pytest.raises(exceptions.OutsideTown):
        _submit(potholes, latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    assert not DefectReport.objects.exists()


def test_without_a_boundary_every_point_is_taken(potholes):
    assert reporting.inside_town(*OUTSIDE)
    assert _submit(potholes, latitude=OUTSIDE[0], longitude=OUTSIDE[1]).number == 1


def test_multipolygons_and_holes_count():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    far = [[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]
    shape = {"type": "MultiPolygon", "coordinates": [[square, hole], [far]]}
    assert geo.point_in_boundary(2, 2, shape)
    assert not geo.point_in_boundary(5, 5, shape)  # in the hole
    assert geo.point_in_boundary(25, 25, shape)
    assert not geo.point_in_boundary(15, 15, shape)
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square]}}
    assert geo.point_in_boundary(1, 9, feature)


@pytest.mark.parametrize(
    "text",
    [
        "Darmstädter Straße 12",
        "darmstaedter str. 12",
        "Darmstädter Strasse 12, 64331 Weiterstadt",
        "Darmstädter Str.",
    ],
)
def test_an_address_is_found_in_the_street_directory(defect_settings, streets, text):
    latitude, longitude, street = reporting.locate_address(text)
    assert street.name == "Darmstädter Straße"
    assert (latitude, longitude) == (Decimal("49.900800"), Decimal("8.593600"))


def test_a_report_by_address_takes_the_streets_point_and_spelling(
    defect_settings, streets, potholes
):
    report = _submit(potholes, latitude=None, longitude=None, address="darmstaedter str 12")
    assert report.latitude == Decimal("49.900800")
    assert report.address == "Darmstädter Straße 12, 64331 Weiterstadt"


def test_an_unknown_street_or_no_place_at_all_is_refused(defect_settings, streets, potholes):
    with pytest.raises(exceptions.UnknownAddress):
        _submit(potholes, latitude=None, longitude=None, address="Hauptstraße 1")
    with pytest.raises(exceptions.LocationMissing):
        _submit(potholes, latitude=None, longitude=None)
    with pytest.raises(exceptions.InvalidCoordinates):
        _submit(potholes, latitude="91", longitude="8.5")
    with pytest.raises(exceptions.InvalidCoordinates):
        _submit(potholes, latitude="49.9", longitude="")


def test_checks_before_storing(defect_settings, potholes):
    with pytest.raises(exceptions.DescriptionMissing):
        _submit(potholes, description="   ")
    with pytest.raises(exceptions.EmailRequired):
        _submit(potholes, email="")
    with pytest.raises(exceptions.InvalidEmail):
        _submit(potholes, email="kein-at")
    potholes.is_active = False
    potholes.save()
    with pytest.raises(exceptions.CategoryInactive):
        _submit(potholes)
    assert not DefectReport.objects.exists()


def test_the_categorys_questions_are_checked(defect_settings, potholes):
    from ..models import CategoryAttribute

    CategoryAttribute.objects.create(
        category=potholes,
        code="depth",
        datatype="singlevaluelist",
        question="How deep?",
        required=True,
        values=[{"key": "flat", "name": "flat"}, {"key": "deep", "name": "deep"}],
    )
    with pytest.raises(exceptions.AttributeMissing) as missing:
        _submit(potholes)
    assert missing.value.code == "depth"
    with pytest.raises(exceptions.AttributeInvalid):
        _submit(potholes, attributes={"depth": "bottomless"})
    report = _submit(potholes, attributes={"depth": "deep", "unknown": "x"})
    assert report.attributes == {"depth": "deep"}


def test_numbers_count_up_per_town_and_the_same_key_gives_the_same_report(
    defect_settings, potholes
):
    first = _submit(potholes, submission_key="abc")
    again = _submit(potholes, submission_key="abc")
    second = _submit(potholes, submission_key="def")
    assert first.pk == again.pk
    assert (first.number, second.number) == (1, 2)
    assert DefectReport.objects.count() == 2


def test_numbers_continue_after_reports_made_without_the_sequence(defect_settings, potholes):
    from .factories import ReportFactory

    ReportFactory(number=41, category=potholes)
    assert _submit(potholes).number == 42


def test_a_visitor_confirms_by_e_mail_and_then_the_report_is_published_and_followed(
    defect_settings, potholes, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit(potholes, photo=photo_upload(jpeg(GPS_INSIDE)))
    assert report.status == Status.UNCONFIRMED and not report.is_public
    assert not StoredFile.objects.get(pk=report.photo_id).is_public
    assert [m.to for m in outbox] == [["melder@example.org"]]
    link = LINK.search(outbox[0].body).group(1)
    assert link.startswith("/maengelmelder/bestaetigen/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    confirmed = reporting.confirm_report(token)
    assert confirmed.status == Status.CONFIRMED and confirmed.confirmed_at
    assert StoredFile.objects.get(pk=report.photo_id).is_public
    assert [row.email for row in Follow.objects.of(confirmed)] == ["melder@example.org"]
    assert list(ReportUpdate.objects.filter(report=report).values_list("status", flat=True)) == [
        Status.UNCONFIRMED,
        Status.CONFIRMED,
    ]
    # A second click changes nothing.
    reporting.confirm_report(token)
    assert Follow.objects.of(confirmed).count() == 1


def test_a_forged_or_foreign_confirmation_token_is_refused(defect_settings, potholes):
    with pytest.raises(exceptions.ConfirmationInvalid):
        reporting.confirm_report("forged:token")


def test_an_account_with_a_confirmed_address_publishes_at_once_and_follows(
    defect_settings, potholes, citizen, outbox, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit(potholes, reporter=citizen, email="")
    assert report.status == Status.CONFIRMED and report.is_public
    assert Follow.objects.of(report).get().user == citizen
    # The unit's clerk hears of the new report; the citizen gets no confirmation mail.
    assert [m.to for m in outbox] == [[clerk.email]]


def test_an_account_without_a_confirmed_address_confirms_by_e_mail(defect_settings, potholes):
    from rathaus.core.accounts.tests.factories import UserFactory

    person = UserFactory(email_confirmed_at=None)
    report = _submit(potholes, reporter=person)
    assert report.status == Status.UNCONFIRMED


def test_an_approved_open311_client_publishes_at_once(defect_settings, potholes):
    from ..models import Open311Client

    client = Open311Client.objects.create(
        name="Stadt-App", contact_email="app@example.org", key_hash="x" * 64, key_prefix="x"
    )
    report = _submit(potholes, client=client, email="", device_id="d1")
    assert report.status == Status.CONFIRMED and report.client == client


def test_the_photo_is_stored_without_any_metadata(defect_settings, potholes):
    from PIL import Image

    from rathaus.core.uploads.services import open_stored

    report = _submit(potholes, photo=photo_upload(jpeg(GPS_INSIDE, extra=b"<script>x</script>")))
    with open_stored(report.photo) as handle:
        data = handle.read()
    assert b"Kamera AG" not in data and b"<script>" not in data
    import io

    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.4 not a photo", "foto.jpg"),
        (b"<svg onload=alert(1)></svg>", "foto.svg"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "kaputt.jpg"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(
    defect_settings, potholes, data, name
):
    with pytest.raises(exceptions.PhotoRejected) as refused:
        _submit(potholes, photo=photo_upload(data, name))
    assert "JPEG, PNG or WebP" in str(refused.value.message)
    assert not DefectReport.objects.exists() and not StoredFile.objects.exists()


def test_an_oversized_photo_is_refused(defect_settings, potholes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.jpg", b"\xff" * (10 * 1024 * 1024 + 1), "image/jpeg")
    with pytest.raises(exceptions.PhotoRejected) as refused:
        _submit(potholes, photo=big)
    assert "too large" in str(refused.value.message)


def test_reports_of_blocked_accounts_are_refused(defect_settings, potholes, citizen):
    from rathaus.participation.engagement.exceptions import AccountBlocked
    from rathaus.participation.engagement.models import Block

    Block.objects.create(user=citizen, reason="Spam")
    with pytest.raises(AccountBlocked):
        _submit(potholes, reporter=citizen)


def test_another_category_in_another_town_is_not_reachable(defect_settings, other_town):
    from rathaus.core.tenancy import for_town

    with for_town(other_town):
        foreign = CategoryFactory(code="fremd")
    assert not type(foreign).objects.filter(pk=foreign.pk).exists()
