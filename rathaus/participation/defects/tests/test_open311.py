"""Open311 GeoReport v2, read methods: every call in XML and JSON as the specification
(http://wiki.open311.org/GeoReport_v2, Service_Discovery) words it, errors included.

The element lists below are the specification's example responses, in their order.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.core.tenancy import for_town
from rathaus.core.uploads.models import StoredFile

from ..models import DefectReport, Status
from .factories_open311 import AttributeFactory, CategoryFactory, ReportFactory

DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
# "Timezone information (either Z meaning UTC, or an HH:MM offset from UTC) must be included."
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def api():
    return Client()


def xml_of(response) -> ET.Element:
    """The body parsed as XML, after checking the declaration and the content type."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response under test


def json_of(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def children(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def assert_error(response, status: int, fmt: str, code: int | None = None) -> str:
    """The specification's error response; returns the description. ``code`` in the body
    may be more specific than the HTTP status ("so that more specific and unique error
    code identifiers can be used")."""
    code = code or status
    assert response.status_code == status
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "errors"
        assert children(root) == ["error"]
        assert children(root[0]) == ["code", "description"]
        assert root[0].findtext("code") == str(code)
        return root[0].findtext("description")
    body = json_of(response)
    assert isinstance(body, list) and len(body) == 1
    assert list(body[0]) == ["code", "description"]
    assert body[0]["code"] == code
    return body[0]["description"]


@pytest.fixture
def pothole(town):
    return CategoryFactory(
        code="schlagloch",
        name="Schlaglöcher",
        description="Löcher in Straßen und Wegen",
        group="Straßen",
        keywords="Straße, Loch, Fahrbahn",
        position=1,
    )


@pytest.fixture
def lighting(town):
    category = CategoryFactory(code="licht", name="Straßenbeleuchtung", position=2)
    AttributeFactory(
        category=category,
        code="MAST",
        datatype="string",
        question="Welche Nummer steht am Mast?",
        description="Ein Schild in Augenhöhe",
        required=True,
        position=5,
    )
    AttributeFactory(
        category=category,
        code="ART",
        datatype="singlevaluelist",
        question="Was ist los?",
        values=[
            {"key": "dunkel", "name": "Leuchtet nicht"},
            {"key": "flackert", "name": "Flackert"},
        ],
        position=1,
    )
    return category


def report(**kwargs):
    return ReportFactory(**kwargs)


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- Service discovery ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_discovery_has_every_field_the_specification_requires(api, fmt):
    response = api.get(f"/open311/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "discovery"
        assert children(root) == DISCOVERY_FIELDS
        endpoint = root.find("endpoints/endpoint")
        assert children(endpoint) == ENDPOINT_FIELDS
        assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint.findtext("url") == "http://testserver/open311/v2"
        assert endpoint.findtext("type") == "production"
        assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
        assert root.findtext("contact") and root.findtext("key_service")
    else:
        body = json_of(response)
        assert list(body) == DISCOVERY_FIELDS
        (endpoint,) = body["endpoints"]
        assert list(endpoint) == ENDPOINT_FIELDS
        assert endpoint["formats"] == ["text/xml", "application/json"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_discovery_changeset_moves_when_a_category_changes(api, pothole):
    from rathaus.core.accounts.tests.factories import StaffFactory
    from rathaus.core.audit.models import AuditEntry
    from rathaus.core.audit.services import record

    administrator = StaffFactory()

    before = json_of(api.get("/open311/discovery.json"))["changeset"]
    record(action=AuditEntry.Action.UPDATE, actor=administrator, obj=pothole, summary="edited")
    after = json_of(api.get("/open311/discovery.json"))["changeset"]
    assert after >= before  # sortable
    assert after == json_of(api.get("/open311/discovery.json"))["endpoints"][0]["changeset"]


# --- GET Service List ----------------------------------------------------------------------


def test_service_list_in_xml_follows_the_example(api, pothole, lighting):
    CategoryFactory(code="alt", name="Nicht mehr", is_active=False)
    root = xml_of(api.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    assert children(root) == ["service", "service"]
    first, second = root
    assert children(first) == SERVICE_FIELDS
    assert first.findtext("service_code") == "schlagloch"
    assert first.findtext("service_name") == "Schlaglöcher"
    assert first.findtext("description") == "Löcher in Straßen und Wegen"
    assert first.findtext("metadata") == "false"  # no questions: no service definition needed
    assert first.findtext("type") == "realtime"
    assert first.findtext("keywords") == "Straße, Loch, Fahrbahn"
    assert first.findtext("group") == "Straßen"
    assert second.findtext("metadata") == "true"


def test_service_list_in_json_is_an_array_of_services(api, pothole, lighting):
    body = json_of(api.get("/open311/v2/services.json"))
    assert [list(service) for service in body] == [SERVICE_FIELDS, SERVICE_FIELDS]
    assert body[0]["metadata"] is False and body[1]["metadata"] is True
    assert body[1]["service_code"] == "licht"
    assert body[1]["description"] is None  # empty, like the example's null


def test_service_list_costs_two_queries_whatever_its_length(
    api, pothole, lighting, django_assert_max_num_queries
):
    for n in range(10):
        CategoryFactory(code=f"extra-{n}")
    with django_assert_max_num_queries(4):  # town by host, its languages, categories, questions
        assert api.get("/open311/v2/services.json").status_code == 200


# --- GET Service Definition ----------------------------------------------------------------


def test_service_definition_in_xml_follows_the_example(api, lighting):
    root = xml_of(api.get("/open311/v2/services/licht.xml"))
    assert root.tag == "service_definition"
    assert children(root) == ["service_code", "attributes"]
    assert root.findtext("service_code") == "licht"
    first, second = root.find("attributes")
    assert children(first) == ATTRIBUTE_FIELDS
    # "The sort order that the attributes will be presented to the user. 1 is shown first"
    assert [first.findtext("order"), second.findtext("order")] == ["1", "2"]
    assert first.findtext("code") == "ART"
    assert first.findtext("variable") == "true"
    assert first.findtext("datatype") == "singlevaluelist"
    assert first.findtext("required") == "false"
    assert first.findtext("description") == "Was ist los?"
    values = first.find("values")
    assert [children(value) for value in values] == [["key", "name"], ["key", "name"]]
    assert [value.findtext("key") for value in values] == ["dunkel", "flackert"]
    assert values[0].findtext("name") == "Leuchtet nicht"
    assert second.findtext("code") == "MAST"
    assert second.findtext("required") == "true"
    assert second.findtext("datatype") == "string"
    assert second.findtext("datatype_description") == "Ein Schild in Augenhöhe"
    assert list(second.find("values")) == []


def test_service_definition_in_json(api, lighting):
    body = json_of(api.get("/open311/v2/services/licht.json"))
    assert list(body) == ["service_code", "attributes"]
    assert [list(attribute) for attribute in body["attributes"]] == [ATTRIBUTE_FIELDS] * 2
    first = body["attributes"][0]
    assert first["variable"] is True and first["required"] is False and first["order"] == 1
    assert first["datatype_description"] is None
    assert first["values"] == [
        {"key": "dunkel", "name": "Leuchtet nicht"},
        {"key": "flackert", "name": "Flackert"},
    ]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_or_inactive_service_code_is_404(api, fmt):
    CategoryFactory(code="alt", is_active=False)
    for code in ("gibtsnicht", "alt"):
        description = assert_error(api.get(f"/open311/v2/services/{code}.{fmt}"), 404, fmt)
        assert "service_code" in description


def test_a_service_code_with_dots_is_found(api):
    CategoryFactory(code="strasse.loch")
    body = json_of(api.get("/open311/v2/services/strasse.loch.json"))
    assert body["service_code"] == "strasse.loch"


# --- GET Service Requests ------------------------------------------------------------------


def test_requests_in_xml_follow_the_example(api, pothole):
    report(
        category=pothole,
        number=638344,
        status=Status.DUPLICATE,
        public_note="Doppelte Meldung.",
        expected_at=timezone.now() + datetime.timedelta(days=1),
    )
    root = xml_of(api.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests"
    (element,) = root
    assert element.tag == "request"
    assert children(element) == REQUEST_FIELDS
    assert element.findtext("service_request_id") == "638344"
    assert element.findtext("status") == "closed"
    assert element.findtext("status_notes") == "Doppelte Meldung."
    assert element.findtext("service_name") == "Schlaglöcher"
    assert element.findtext("service_code") == "schlagloch"
    assert element.findtext("agency_responsible") == pothole.unit.name
    assert element.findtext("address") == "Bahnhofstraße 1, 64331 Weiterstadt"
    assert element.findtext("zipcode") == "64331"
    assert element.findtext("lat") == "49.906"
    assert element.findtext("long") == "8.582"
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(element.findtext(name)), name


def test_requests_in_json(api, pothole):
    report(category=pothole, number=7, status=Status.IN_PROGRESS)
    (item,) = json_of(api.get("/open311/v2/requests.json"))
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == 7
    assert item["status"] == "open"
    assert item["lat"] == 49.906 and item["long"] == 8.582
    assert item["status_notes"] is None and item["media_url"] is None
    # The town's offset from UTC (Europe/Berlin), never a naive time.
    assert item["requested_datetime"][-6:] in ("+01:00", "+02:00")


def test_statuses_map_to_open_and_closed(api, pothole):
    open_ones = [Status.CONFIRMED, Status.IN_PROGRESS, Status.SCHEDULED]
    closed_ones = [Status.FIXED, Status.NOT_RESPONSIBLE, Status.DUPLICATE, Status.CLOSED]
    for number, status in enumerate(open_ones + closed_ones, start=1):
        report(category=pothole, number=number, status=status)
    body = json_of(api.get("/open311/v2/requests.json"))
    assert {item["service_request_id"]: item["status"] for item in body} == {
        1: "open",
        2: "open",
        3: "open",
        4: "closed",
        5: "closed",
        6: "closed",
        7: "closed",
    }
    only_open = json_of(api.get("/open311/v2/requests.json?status=open"))
    assert sorted(item["service_request_id"] for item in only_open) == [1, 2, 3]
    only_closed = json_of(api.get("/open311/v2/requests.json?status=closed"))
    assert sorted(item["service_request_id"] for item in only_closed) == [4, 5, 6, 7]
    both = json_of(api.get("/open311/v2/requests.json?status=open,closed"))
    assert len(both) == 7


def test_unconfirmed_and_hidden_reports_are_never_served(api, pothole):
    waiting = report(category=pothole, number=1, status=Status.UNCONFIRMED)
    hidden = report(category=pothole, number=2, is_hidden=True)
    report(category=pothole, number=3)
    body = json_of(api.get("/open311/v2/requests.json"))
    assert [item["service_request_id"] for item in body] == [3]
    by_id = json_of(api.get("/open311/v2/requests.json?service_request_id=1,2,3"))
    assert [item["service_request_id"] for item in by_id] == [3]
    for one in (waiting, hidden):
        assert_error(api.get(f"/open311/v2/requests/{one.number}.json"), 404, "json")
        assert_error(
            api.get(f"/open311/v2/tokens/{one.pk}.xml"), 404, "xml"
        ) if one.is_hidden else None


def test_no_personal_data_is_ever_served(api, pothole):
    report(
        category=pothole,
        number=1,
        reporter_email="erika.mustermann@example.org",
        reporter_name="Erika Mustermann",
        reporter_phone="06150 123456",
        show_name=True,
        device_id="geraet-4711",
        account_id="konto-0815",
    )
    for url in (
        "/open311/v2/requests.xml",
        "/open311/v2/requests.json",
        "/open311/v2/requests/1.xml",
        "/open311/v2/requests/1.json",
    ):
        body = api.get(url).content.decode()
        for secret in ("erika", "Mustermann", "123456", "geraet-4711", "konto-0815", "email"):
            assert secret not in body, (url, secret)
        for field in ("first_name", "last_name", "phone", "device_id", "account_id"):
            assert f"<{field}>" not in body and f'"{field}"' not in body


def test_without_dates_the_most_recent_90_days_are_served(api, pothole):
    report(category=pothole, number=1, created_at=days_ago(89))
    report(category=pothole, number=2, created_at=days_ago(91))
    body = json_of(api.get("/open311/v2/requests.json"))
    assert [item["service_request_id"] for item in body] == [1]


def test_start_and_end_date_select_on_the_requested_datetime(api, pothole):
    report(category=pothole, number=1, created_at=days_ago(200))
    report(category=pothole, number=2, created_at=days_ago(150), updated_at=timezone.now())
    report(category=pothole, number=3, created_at=days_ago(100))
    start = days_ago(160).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = days_ago(120).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json_of(api.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}"))
    assert [item["service_request_id"] for item in body] == [2]
    # Only start_date: 90 days from it. Only end_date: the 90 days before it.
    body = json_of(api.get(f"/open311/v2/requests.json?start_date={start}"))
    assert [item["service_request_id"] for item in body] == [3, 2]
    body = json_of(api.get(f"/open311/v2/requests.json?end_date={end}"))
    assert [item["service_request_id"] for item in body] == [2, 1]


def test_datetimes_carry_the_offset_of_their_moment(api, pothole):
    summer = datetime.datetime(2026, 7, 31, 21, 59, 26, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 1, 15, 8, 0, 0, tzinfo=datetime.UTC)
    report(category=pothole, number=1, created_at=summer, updated_at=winter, expected_at=None)
    (item,) = json_of(api.get("/open311/v2/requests/1.json"))
    assert item["requested_datetime"] == "2026-07-31T23:59:26+02:00"
    assert item["updated_datetime"] == "2026-01-15T09:00:00+01:00"
    assert item["expected_datetime"] is None


def test_dates_with_an_offset_are_understood(api, pothole):
    moment = timezone.now() - datetime.timedelta(days=3)
    report(category=pothole, number=1, created_at=moment)
    local = timezone.localtime(moment)
    start = (local - datetime.timedelta(minutes=1)).isoformat(timespec="seconds")
    end = (local + datetime.timedelta(minutes=1)).isoformat(timespec="seconds")
    # "+" in a query string that was not percent-encoded arrives as a space.
    response = api.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}")
    assert [item["service_request_id"] for item in json_of(response)] == [1]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_range_over_90_days_is_refused(api, fmt):
    response = api.get(
        f"/open311/v2/requests.{fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
    )
    assert "90" in assert_error(response, 400, fmt)


@pytest.mark.parametrize(
    "query",
    [
        "start_date=gestern",
        "end_date=2026-13-45T00:00:00Z",
        "start_date=2026-05-01T00:00:00Z&end_date=2026-04-01T00:00:00Z",
        "status=erledigt",
        "service_request_id=abc",
    ],
)
def test_bad_arguments_are_400(api, query):
    assert_error(api.get(f"/open311/v2/requests.xml?{query}"), 400, "xml")


def test_service_code_filters_and_takes_several_codes(api, pothole, lighting):
    other = CategoryFactory(code="graffiti")
    report(category=pothole, number=1)
    report(category=lighting, number=2)
    report(category=other, number=3)
    body = json_of(api.get("/open311/v2/requests.json?service_code=schlagloch"))
    assert [item["service_request_id"] for item in body] == [1]
    body = json_of(api.get("/open311/v2/requests.json?service_code=schlagloch,licht"))
    assert sorted(item["service_request_id"] for item in body) == [1, 2]
    assert json_of(api.get("/open311/v2/requests.json?service_code=unbekannt")) == []


def test_service_request_id_overrides_every_other_argument(api, pothole, lighting):
    report(category=pothole, number=1, created_at=days_ago(400), status=Status.FIXED)
    report(category=lighting, number=2)
    report(category=lighting, number=3)
    body = json_of(
        api.get(
            "/open311/v2/requests.json?service_request_id=1,3&service_code=licht&status=open"
            "&start_date=2026-01-01T00:00:00Z&end_date=2026-01-02T00:00:00Z"
        )
    )
    assert sorted(item["service_request_id"] for item in body) == [1, 3]


def test_an_empty_parameter_behaves_like_an_absent_one(api, pothole):
    report(category=pothole, number=1, status=Status.FIXED)
    report(category=pothole, number=2)
    plain = api.get("/open311/v2/requests.xml").content
    empty = api.get(
        "/open311/v2/requests.xml?service_request_id=&service_code=&start_date=&end_date="
        "&status=&jurisdiction_id="
    ).content
    assert plain == empty
    assert len(xml_of(api.get("/open311/v2/requests.xml?status="))) == 2


def test_at_most_1000_requests_newest_first(api, pothole, town):
    now = timezone.now()
    DefectReport.objects.bulk_create(
        DefectReport(
            town=town,
            number=n,
            category=pothole,
            unit=pothole.unit,
            description="Loch",
            latitude="49.906",
            longitude="8.582",
            status=Status.CONFIRMED,
            created_at=now - datetime.timedelta(minutes=n),
            updated_at=now,
        )
        for n in range(1, 1006)
    )
    body = json_of(api.get("/open311/v2/requests.json"))
    assert len(body) == 1000
    assert body[0]["service_request_id"] == 1 and body[-1]["service_request_id"] == 1000


def test_requests_cost_a_constant_number_of_queries(
    api, pothole, lighting, django_assert_max_num_queries
):
    for n in range(30):
        report(category=pothole if n % 2 else lighting, number=n + 1)
    with django_assert_max_num_queries(3):  # town by host, its languages, the reports
        assert api.get("/open311/v2/requests.json").status_code == 200
    with django_assert_max_num_queries(4):  # ... and the service codes
        api.get("/open311/v2/requests.json?service_code=licht,schlagloch&status=open")


def test_media_url_is_the_absolute_address_of_a_public_photo(api, pothole):
    public = StoredFile.objects.create(
        storage_name="a.jpg",
        original_name="a.jpg",
        content_type="image/jpeg",
        extension="jpg",
        size=1,
        sha256="0" * 64,
        is_public=True,
    )
    private = StoredFile.objects.create(
        storage_name="b.jpg",
        original_name="b.jpg",
        content_type="image/jpeg",
        extension="jpg",
        size=1,
        sha256="0" * 64,
        is_public=False,
    )
    report(category=pothole, number=1, photo=public)
    report(category=pothole, number=2, photo=private)
    body = {i["service_request_id"]: i for i in json_of(api.get("/open311/v2/requests.json"))}
    address = reverse("uploads:public", args=[public.pk])
    assert body[1]["media_url"] == f"http://testserver{address}"
    assert body[2]["media_url"] is None
    root = xml_of(api.get("/open311/v2/requests.xml"))
    urls = {r.findtext("service_request_id"): r.findtext("media_url") for r in root}
    assert urls == {"1": f"http://testserver{address}", "2": ""}


def test_text_with_markup_and_control_characters_stays_well_formed_xml(api, pothole):
    report(category=pothole, number=1, description="<script>alert(1)</script> & \x07Glocke")
    root = xml_of(api.get("/open311/v2/requests.xml"))
    assert root.find("request").findtext("description") == "<script>alert(1)</script> & Glocke"
    assert b"<script>" not in api.get("/open311/v2/requests.xml").content


# --- GET Service Request -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_one_request_is_a_list_with_one_request(api, pothole, fmt):
    report(category=pothole, number=42, created_at=days_ago(300))
    response = api.get(f"/open311/v2/requests/42.{fmt}")
    assert response.status_code == 200
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "service_requests" and children(root) == ["request"]
        assert children(root[0]) == REQUEST_FIELDS
    else:
        body = json_of(response)
        assert len(body) == 1 and body[0]["service_request_id"] == 42


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("number", ["43", "abc", "99999999999999"])
def test_unknown_request_is_404(api, pothole, fmt, number):
    report(category=pothole, number=42)
    assert "service_request_id" in assert_error(
        api.get(f"/open311/v2/requests/{number}.{fmt}"), 404, fmt
    )


# --- GET service_request_id from a token ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_token_gives_the_service_request_id(api, pothole, fmt):
    one = report(category=pothole, number=638344)
    response = api.get(f"/open311/v2/tokens/{one.pk}.{fmt}")
    assert response.status_code == 200
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "service_requests"
        assert children(root[0]) == ["service_request_id", "token"]
        assert root[0].findtext("service_request_id") == "638344"
        assert root[0].findtext("token") == str(one.pk)
    else:
        assert json_of(response) == [{"service_request_id": 638344, "token": str(one.pk)}]


@pytest.mark.parametrize("token", ["bc2825eb-87ad-4e61-a3ef-2478d68c5732", "12345"])
def test_unknown_token_is_404(api, token):
    assert "token" in assert_error(api.get(f"/open311/v2/tokens/{token}.json"), 404, "json")


# --- jurisdiction_id, formats, methods -----------------------------------------------------


@pytest.mark.parametrize("jurisdiction", ["testserver", "www.testserver", "06432023", "TESTSERVER"])
def test_the_towns_host_or_ags_is_its_jurisdiction_id(api, pothole, jurisdiction):
    response = api.get(f"/open311/v2/services.xml?jurisdiction_id={jurisdiction}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/open311/v2/services.{fmt}",
        "/open311/v2/services/schlagloch.{fmt}",
        "/open311/v2/requests.{fmt}",
        "/open311/v2/requests/1.{fmt}",
    ],
)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_jurisdiction_id_is_404(api, pothole, url, fmt, other_town):
    report(category=pothole, number=1)
    for jurisdiction in ("sfgov.org", "musterstadt.localhost"):
        response = api.get(url.format(fmt=fmt) + f"?jurisdiction_id={jurisdiction}")
        assert "jurisdiction_id" in assert_error(response, 404, fmt)


@pytest.mark.parametrize(
    "url",
    ["/open311/discovery.html", "/open311/v2/services.csv", "/open311/v2/requests.htm"],
)
def test_an_unknown_format_is_404_in_xml(api, url):
    assert_error(api.get(url), 404, "xml")


@pytest.mark.parametrize("url", ["/open311/v2/", "/open311/v2/foo.json", "/open311/v2/services"])
def test_any_other_address_is_404_in_the_error_format(api, url):
    response = api.get(url)
    assert_error(response, 404, "json" if url.endswith(".json") else "xml")


def test_methods_other_than_get_are_400(api, pothole):
    assert_error(api.post("/open311/v2/services.json"), 400, "json", code=405)
    assert_error(api.delete("/open311/v2/requests.xml"), 400, "xml", code=405)


def test_reads_can_be_used_by_browser_applications(api):
    response = api.get("/open311/v2/services.json")
    assert response["Access-Control-Allow-Origin"] == "*"


# --- towns ---------------------------------------------------------------------------------


def test_a_report_of_another_town_never_appears(api, pothole, other_town):
    report(category=pothole, number=1)
    with for_town(other_town):
        theirs = ReportFactory(number=2, description="Musterstadt-Loch")
    body = api.get("/open311/v2/requests.json?service_request_id=1,2").content.decode()
    assert "Musterstadt" not in body
    assert [i["service_request_id"] for i in json.loads(body)] == [1]
    assert "Musterstadt" not in api.get("/open311/v2/requests.xml").content.decode()
    assert_error(api.get("/open311/v2/requests/2.xml"), 404, "xml")
    assert_error(api.get(f"/open311/v2/tokens/{theirs.pk}.xml"), 404, "xml")
    assert_error(api.get(f"/open311/v2/services/{theirs.category.code}.xml"), 404, "xml")
    # The other town's host serves its own report and none of ours.
    other = Client(HTTP_HOST="musterstadt.localhost")
    body = json_of(other.get("/open311/v2/requests.json"))
    assert [i["service_request_id"] for i in body] == [2]
    assert "schlagloch" not in other.get("/open311/v2/services.xml").content.decode()
