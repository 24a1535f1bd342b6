"""Open311 GeoReport v2, POST Service Request: an approved client sends a report with its
``api_key``; every refusal comes in the specification's error format and stores nothing."""

import pytest
from django.test import Client

from rathaus.core.tenancy import for_town
from rathaus.core.uploads.models import StoredFile

from ..models import DefectReport, Status
from .factories_open311 import INSIDE, AttributeFactory, CategoryFactory, ClientFactory
from .test_open311 import assert_error, children, json_of, xml_of


@pytest.fixture
def api():
    return Client()


@pytest.fixture
def app_client(town):
    return ClientFactory(name="Kreis-App")


@pytest.fixture
def pothole(town, defect_settings):
    return CategoryFactory(code="schlagloch", name="Schlaglöcher")


@pytest.fixture
def lighting(town, defect_settings):
    category = CategoryFactory(code="licht", name="Straßenbeleuchtung")
    AttributeFactory(category=category, code="MAST", datatype="string", required=True)
    AttributeFactory(
        category=category,
        code="ART",
        datatype="singlevaluelist",
        values=[
            {"key": "dunkel", "name": "Leuchtet nicht"},
            {"key": "flackert", "name": "Flackert"},
        ],
    )
    AttributeFactory(
        category=category,
        code="ZEIT",
        datatype="multivaluelist",
        values=[{"key": "tag", "name": "Tags"}, {"key": "nacht", "name": "Nachts"}],
    )
    return category


def payload(app_client, **changes) -> dict:
    data = {
        "api_key": app_client.key,
        "service_code": "schlagloch",
        "lat": str(INSIDE[0]),
        "long": str(INSIDE[1]),
        "description": "Ein tiefes Loch vor der Einfahrt",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- success --------------------------------------------------------------------------------


def test_post_in_xml_follows_the_example(api, app_client, pothole):
    response = api.post("/open311/v2/requests.xml", payload(app_client, account_id="123456"))
    assert response.status_code == 200
    root = xml_of(response)
    assert root.tag == "service_requests"
    (request,) = root
    assert request.tag == "request"
    # "service_request_id ... This should not be returned if token is returned" (and back)
    assert children(request) == ["service_request_id", "service_notice", "account_id"]
    report = DefectReport.objects.get()
    assert request.findtext("service_request_id") == str(report.number)
    assert request.findtext("account_id") == "123456"
    assert f"/maengelmelder/meldung/{report.number}/" in request.findtext("service_notice")


def test_post_in_json_and_what_is_stored(api, app_client, pothole):
    response = api.post(
        "/open311/v2/requests.json",
        payload(
            app_client,
            email="",
            first_name="John",
            last_name="Smith",
            phone="111111111",
            device_id="tt222111",
            media_url="http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
            jurisdiction_id="testserver",
        ),
    )
    assert response.status_code == 200
    (body,) = json_of(response)
    assert list(body) == ["service_request_id", "service_notice", "account_id"]
    assert body["account_id"] is None
    report = DefectReport.objects.get()
    assert body["service_request_id"] == report.number
    # An approved client's report is published at once, for the category's unit.
    assert report.status == Status.CONFIRMED
    assert report.client == app_client
    assert report.unit == pothole.unit
    assert report.reporter_name == "John Smith"
    assert report.reporter_phone == "111111111"
    assert report.device_id == "tt222111"
    assert report.latitude == INSIDE[0]
    # media_url is not kept: we keep no links to other sites' media.
    assert not StoredFile.objects.exists() and report.photo is None
    # It is served at once, without the personal data.
    served = api.get(f"/open311/v2/requests/{report.number}.json").content.decode()
    assert "Smith" not in served and "111111111" not in served and "tt222111" not in served
    app_client.refresh_from_db()
    assert app_client.last_used_at is not None


def test_location_by_address_string(api, app_client, pothole, streets):
    response = api.post(
        "/open311/v2/requests.json",
        payload(app_client, lat="", long="", address_string="Bahnhofstraße 12, 64331 Weiterstadt"),
    )
    assert response.status_code == 200, response.content
    report = DefectReport.objects.get()
    assert str(report.latitude) == "49.904300"
    assert report.address.startswith("Bahnhofstraße 12")


def test_location_by_address_id(api, app_client, pothole, streets):
    street = streets["Darmstädter Straße"]
    response = api.post(
        "/open311/v2/requests.xml",
        payload(app_client, lat=None, long=None, address_id=str(street.pk)),
    )
    assert response.status_code == 200, response.content
    report = DefectReport.objects.get()
    assert (str(report.latitude), str(report.longitude)) == ("49.900800", "8.593600")
    assert report.address.startswith("Darmstädter Straße")


def test_attributes_of_the_service_definition(api, app_client, lighting):
    response = api.post(
        "/open311/v2/requests.json",
        payload(
            app_client,
            service_code="licht",
            **{
                "attribute[MAST]": "L-0815",
                "attribute[ART]": "flackert",
                "attribute[ZEIT][]": ["tag", "nacht"],
                "attribute[FREMD]": "wird übergangen",
            },
        ),
    )
    assert response.status_code == 200, response.content
    report = DefectReport.objects.get()
    assert report.attributes == {"MAST": "L-0815", "ART": "flackert", "ZEIT": ["tag", "nacht"]}


def test_a_retried_post_creates_one_report(api, app_client, pothole):
    first = json_of(api.post("/open311/v2/requests.json", payload(app_client)))
    again = json_of(api.post("/open311/v2/requests.json", payload(app_client)))
    assert first[0]["service_request_id"] == again[0]["service_request_id"]
    assert DefectReport.objects.count() == 1
    other = json_of(
        api.post("/open311/v2/requests.json", payload(app_client, description="Noch ein Loch"))
    )
    assert other[0]["service_request_id"] != first[0]["service_request_id"]
    assert DefectReport.objects.count() == 2


def test_a_retry_after_the_window_turned_still_finds_the_report(
    api, app_client, pothole, time_machine
):
    time_machine.move_to("2026-06-01T10:14:00+00:00")
    first = json_of(api.post("/open311/v2/requests.json", payload(app_client)))
    time_machine.move_to("2026-06-01T10:16:00+00:00")  # the next 15-minute window
    again = json_of(api.post("/open311/v2/requests.json", payload(app_client)))
    assert first == again and DefectReport.objects.count() == 1
    time_machine.move_to("2026-06-01T11:30:00+00:00")  # long after: a new report
    json_of(api.post("/open311/v2/requests.json", payload(app_client)))
    assert DefectReport.objects.count() == 2


def test_empty_optional_arguments_behave_like_absent_ones(api, app_client, pothole):
    response = api.post(
        "/open311/v2/requests.json",
        payload(
            app_client,
            jurisdiction_id="",
            email="",
            first_name="",
            last_name="",
            phone="",
            account_id="",
            address_string="",
            address_id="",
            media_url="",
        ),
    )
    assert response.status_code == 200, response.content


# --- api_key --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("key", [None, "", "falsch", "x" * 500])
def test_missing_or_invalid_api_key_is_403(api, app_client, pothole, fmt, key):
    response = api.post(f"/open311/v2/requests.{fmt}", payload(app_client, api_key=key))
    assert "api_key" in assert_error(response, 403, fmt)
    assert not DefectReport.objects.exists()


def test_a_revoked_key_is_403(api, app_client, pothole):
    from django.utils import timezone

    app_client.revoked_at = timezone.now()
    app_client.save()
    assert_error(api.post("/open311/v2/requests.xml", payload(app_client)), 403, "xml")


def test_the_key_of_another_town_is_refused(api, pothole, other_town):
    with for_town(other_town):
        theirs = ClientFactory(name="Musterstadt-App")
    assert_error(api.post("/open311/v2/requests.json", payload(theirs)), 403, "json")
    assert not DefectReport.objects.exists()
    with for_town(other_town):
        assert not DefectReport.objects.exists()


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_service_code_is_404(api, app_client, pothole, fmt):
    CategoryFactory(code="alt", is_active=False)
    for code in ("gibtsnicht", "alt"):
        response = api.post(f"/open311/v2/requests.{fmt}", payload(app_client, service_code=code))
        assert "service_code" in assert_error(response, 404, fmt)
    assert not DefectReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"service_code": None}, "service_code"),
        ({"service_code": ""}, "service_code"),
        ({"lat": None, "long": None}, "location"),
        ({"lat": "", "long": ""}, "location"),
        ({"long": None}, "lat and long"),
        ({"lat": "abc"}, "coordinates"),
        ({"lat": "49.872", "long": "8.650"}, "outside"),
        ({"lat": None, "long": None, "address_string": "Gibtsnichtweg 1"}, "street"),
        ({"description": ""}, "describe"),
        ({"description": "x" * 4001}, "4,000"),
        ({"email": "keine-adresse"}, "e-mail"),
    ],
)
def test_bad_input_is_400_and_stores_nothing(api, app_client, pothole, changes, words):
    response = api.post("/open311/v2/requests.xml", payload(app_client, **changes))
    assert words in assert_error(response, 400, "xml")
    assert not DefectReport.objects.exists()


def test_an_unknown_address_id_is_404(api, app_client, pothole):
    response = api.post(
        "/open311/v2/requests.json", payload(app_client, lat=None, long=None, address_id="999")
    )
    assert "address_id" in assert_error(response, 404, "json")


@pytest.mark.parametrize(
    ("attributes", "code"),
    [
        ({"attribute[ART]": "dunkel"}, "MAST"),  # required, missing
        ({"attribute[MAST]": "  "}, "MAST"),  # empty counts as missing
        ({"attribute[MAST]": "1", "attribute[ART]": "brennt"}, "ART"),  # not in the list
        ({"attribute[MAST]": "1", "attribute[ZEIT][]": ["tag", "mittags"]}, "ZEIT"),
    ],
)
def test_attributes_are_checked_against_the_service_definition(
    api, app_client, lighting, attributes, code
):
    response = api.post(
        "/open311/v2/requests.json", payload(app_client, service_code="licht", **attributes)
    )
    assert f"attribute[{code}]" in assert_error(response, 400, "json")
    assert not DefectReport.objects.exists()


def test_an_unknown_jurisdiction_is_404(api, app_client, pothole):
    response = api.post(
        "/open311/v2/requests.xml", payload(app_client, jurisdiction_id="sfgov.org")
    )
    assert "jurisdiction_id" in assert_error(response, 404, "xml")


def test_html_in_the_description_is_kept_as_text(api, app_client, pothole):
    text = '<img src=x onerror="alert(1)"> Loch'
    response = api.post("/open311/v2/requests.xml", payload(app_client, description=text))
    number = xml_of(response)[0].findtext("service_request_id")
    served = api.get(f"/open311/v2/requests/{number}.xml")
    assert xml_of(served)[0].findtext("description") == text
    assert b"<img" not in served.content


def test_a_flood_from_one_key_is_stopped(api, app_client, pothole, settings):
    settings.RATHAUS_OPEN311_POST_LIMIT = (3, 600)
    for n in range(3):
        response = api.post(
            "/open311/v2/requests.json", payload(app_client, description=f"Loch {n}")
        )
        assert response.status_code == 200
    response = api.post("/open311/v2/requests.json", payload(app_client, description="Loch 4"))
    # HTTP 400 as the specification asks; the body's code says what happened.
    assert "seconds" in assert_error(response, 400, "json", code=429)
    assert DefectReport.objects.count() == 3
    # Another client is not affected.
    other = ClientFactory()
    assert api.post("/open311/v2/requests.json", payload(other)).status_code == 200


def test_post_needs_no_csrf_token(pothole, app_client):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/open311/v2/requests.json", payload(app_client)).status_code == 200
