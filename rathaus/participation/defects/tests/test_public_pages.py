"""The public pages: start, list with filters, map, a report's page, following."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.participation.engagement.models import Follow

from ..models import ReportUpdate, Status
from .factories import ReportFactory

LINK = re.compile(r"https?://testserver(?::\d+)?(/\S+)")


@pytest.fixture
def reports(defect_settings, potholes, dumping):
    return {
        "open": ReportFactory(category=potholes, number=1, description="Loch <script>x()</script>"),
        "fixed": ReportFactory(category=potholes, number=2, status=Status.FIXED),
        "dumping": ReportFactory(category=dumping, number=3, status=Status.IN_PROGRESS),
        "unconfirmed": ReportFactory(category=potholes, number=4, status=Status.UNCONFIRMED),
        "hidden": ReportFactory(category=potholes, number=5, is_hidden=True),
    }


def _numbers(html: str) -> set[int]:
    return {int(n) for n in re.findall(r"/maengelmelder/meldung/(\d+)/", html)}


def test_the_list_shows_public_reports_and_filters(client, reports):
    url = reverse("defects:list")
    assert _numbers(client.get(url).content.decode()) == {1, 3}  # open by default
    assert _numbers(client.get(url, {"status": "alle"}).content.decode()) == {1, 2, 3}
    assert _numbers(client.get(url, {"status": "erledigt"}).content.decode()) == {2}
    html = client.get(url, {"status": "alle", "kategorie": "muell"}).content.decode()
    assert _numbers(html) == {3}


def test_the_list_needs_the_same_queries_for_a_few_or_many_reports(client, reports, potholes):
    url = reverse("defects:list") + "?status=alle"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(100, 160):
        ReportFactory(category=potholes, number=number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.content.decode().count('class="kern-table__row"') == 26  # head + 25


def test_the_start_page_lists_categories_and_newest(client, reports):
    html = client.get(reverse("defects:start")).content.decode()
    assert "Potholes" in html and reports["open"].get_absolute_url() in html
    assert "/maengelmelder/meldung/4/" not in html


def test_the_map_page_lists_reports_without_javascript_and_without_tiles(client, reports, settings):
    settings.RATHAUS_MAP_TILE_URL = ""
    html = client.get(reverse("defects:map"), {"status": "alle"}).content.decode()
    assert _numbers(html) == {1, 2, 3}
    assert 'data-tiles=""' in html and 'id="defects-map" hidden' in html
    assert "vendor/leaflet/leaflet.js" in html and "defects/map.js" in html
    assert 'data-lat="49.906000"' in html


def test_the_map_uses_the_configured_tile_server(client, reports, settings):
    settings.RATHAUS_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.RATHAUS_MAP_TILE_ATTRIBUTION = "© OpenStreetMap"
    html = client.get(reverse("defects:map")).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_the_markers_are_json_of_public_reports_only(client, reports):
    data = client.get(reverse("defects:markers"), {"status": "alle"}).json()
    assert {row["number"] for row in data["reports"]} == {1, 2, 3}
    first = next(row for row in data["reports"] if row["number"] == 1)
    assert first["url"] == "/maengelmelder/meldung/1/" and first["open"] is True
    assert first["lat"] == pytest.approx(49.906)


def test_a_reports_page_shows_place_status_history_and_escapes_text(client, reports):
    report = reports["open"]
    ReportUpdate.objects.create(report=report, status=Status.IN_PROGRESS, note="Wir <b>kommen</b>")
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Potholes" in html and "Confirmed" in html
    assert "Loch &lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
    assert "Wir &lt;b&gt;kommen&lt;/b&gt;" in html
    assert "https://www.openstreetmap.org/?mlat=49.906000&amp;mlon=8.582000" in html
    assert "melder@example.org" not in html


@pytest.mark.parametrize("key", ["unconfirmed", "hidden"])
def test_unconfirmed_and_hidden_reports_are_not_public(client, reports, key):
    assert client.get(reports[key].get_absolute_url()).status_code == 404
    assert client.get(reverse("defects:report", args=[999])).status_code == 404


def test_a_visitor_follows_a_report_by_confirming_their_address(
    client, reports, outbox, django_capture_on_commit_callbacks
):
    report = reports["open"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("defects:follow", args=[1]), {"email": "nachbar@example.org"}
        )
    assert response.status_code == 302
    assert not Follow.objects.of(report).exists()
    link = LINK.search(outbox[0].body).group(1)
    client.get(link)
    client.get(link)
    assert [row.email for row in Follow.objects.of(report)] == ["nachbar@example.org"]


def test_a_bad_follow_address_is_shown_as_an_error(client, reports):
    response = client.post(reverse("defects:follow", args=[1]), {"email": "kaputt"})
    assert response.status_code == 400
    assert "valid email address" in response.content.decode()


def test_a_signed_in_person_follows_with_one_click(client, reports, citizen):
    client.force_login(citizen)
    client.post(reverse("defects:follow", args=[1]))
    assert Follow.objects.of(reports["open"]).get().user == citizen


def test_the_photo_of_a_public_report_is_shown(client, reports, potholes):
    from ..services import reporting
    from .conftest import jpeg, photo_upload

    stored, _photo = reporting.keep_photo(photo_upload(jpeg()))
    report = ReportFactory(category=potholes, number=20, photo=stored)
    html = client.get(report.get_absolute_url()).content.decode()
    assert reverse("uploads:public", args=[stored.pk]) not in html  # not yet published
    stored.is_public = True
    stored.save()
    html = client.get(report.get_absolute_url()).content.decode()
    assert reverse("uploads:public", args=[stored.pk]) in html


def test_the_pages_speak_german(client, reports, settings):
    settings.LANGUAGE_CODE = "de"
    html = client.get(reverse("defects:start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Mangel melden" in html and "Neueste Meldungen" in html
    html = client.get(reports["open"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert "Bestätigt" in html.content.decode()


def test_the_answers_to_the_categorys_questions_are_shown(client, reports, potholes):
    from ..models import CategoryAttribute

    CategoryAttribute.objects.create(
        category=potholes,
        code="depth",
        datatype="singlevaluelist",
        question="How deep is it?",
        values=[{"key": "deep", "name": "Very deep"}],
    )
    report = reports["open"]
    report.attributes = {"depth": "deep"}
    report.save()
    html = client.get(report.get_absolute_url()).content.decode()
    assert "How deep is it?" in html and "Very deep" in html
