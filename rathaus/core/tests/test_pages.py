"""The public pages: start page, language, security headers, compression and error pages."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import path, reverse

from rathaus.core.views import error_500
from rathaus.urls import handler400, handler403, handler404, handler500  # noqa: F401
from rathaus.urls import urlpatterns as project_urlpatterns


def _forbidden(request):
    raise PermissionDenied


def _bad_request(request):
    raise SuspiciousOperation("tampered")


def _broken(request):
    raise RuntimeError("boom")


# This module is also the URLconf of the error-page tests (pytest.mark.urls).
urlpatterns = [
    path("_test/verboten/", _forbidden),
    path("_test/kaputt/", _bad_request),
    path("_test/fehler/", _broken),
    *project_urlpatterns,
]


def test_start_page_shows_the_town_name(client, town):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Weiterstadt" in response.content.decode()


def test_start_page_is_german_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert "Willkommen im digitalen Rathaus" in html
    assert "Zum Hauptinhalt springen" in html


def test_start_page_leads_to_every_public_part_of_the_town_hall(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "The town hall online" in html
    for title, url in (
        ("Services A–Z", reverse("catalogue:index")),
        ("Take part", reverse("participation:index")),
        ("Report a defect", reverse("defects:start")),
        ("Petitions and suggestions", reverse("petitions:index")),
        ("Open data", reverse("opendata:catalogue")),
        ("Digital town hall: annual reports", reverse("programme_public:reports")),
    ):
        assert f'href="{url}">{title}</a>' in html


def test_browser_preferring_english_gets_english(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "Welcome to the digital town hall" in html


def test_language_switch_sets_english_and_returns_to_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/impressum/"})
    assert response.status_code == 302
    assert response["Location"] == "/impressum/"
    html = client.get("/impressum/").content.decode()
    assert '<html lang="en">' in html
    assert '<h1 class="kern-heading-large">Imprint</h1>' in html

    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert '<html lang="de">' in client.get("/").content.decode()


def test_start_page_sends_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_styles_or_scripts(client):
    for url in ["/", "/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html and "<script " not in html.replace(
            '<script type="module" src=', ""
        ), url


def test_start_page_is_sent_compressed_to_browsers_that_accept_gzip(client):
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get("/")
    assert len(response.content) < len(plain.content)


def test_start_page_stays_lean(client):
    """One stylesheet from KERN, one of ours, one small script: no more than that."""
    html = client.get("/").content.decode()
    assert html.count('rel="stylesheet"') == 2
    assert html.count("<script") == 1
    assert "kern-kopfzeile.js" not in html
    assert len(html.encode()) < 12_000


def test_imprint_privacy_and_accessibility_statement_are_linked_from_every_page(client):
    html = client.get("/datenschutz/").content.decode()
    for url in ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        assert f'href="{url}"' in html


def test_footer_shows_the_towns_contact_and_opening_hours(client, town):
    town.street = "Riedbahnstraße 6"
    town.postcode = "64331"
    town.city = "Weiterstadt"
    town.phone = "06150 400-0"
    town.opening_hours = "Mo–Fr 8–12 Uhr\nDo 14–18 Uhr"
    town.save()
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Riedbahnstraße 6" in footer and "64331 Weiterstadt" in footer
    assert "06150 400-0" in footer
    assert "<li>Do 14–18 Uhr</li>" in footer


def test_unknown_page_gets_the_generic_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert '<main id="main"' in html


@pytest.mark.urls(__name__)
def test_forbidden_page_gets_the_generic_403(client):
    response = client.get("/_test/verboten/")
    assert response.status_code == 403
    assert "Sie haben keinen Zugriff auf diese Seite" in response.content.decode()


@pytest.mark.urls(__name__)
def test_bad_request_gets_the_generic_400(client):
    response = client.get("/_test/kaputt/")
    assert response.status_code == 400
    assert "Die Anfrage konnte nicht verstanden werden" in response.content.decode()


@pytest.mark.urls(__name__)
def test_server_error_gets_the_generic_500_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/_test/fehler/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Entschuldigung, es gibt ein Problem mit dem Dienst" in html
    assert "boom" not in html and "Traceback" not in html


def test_server_error_page_renders_while_the_database_is_down(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        response = error_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Entschuldigung, es gibt ein Problem mit dem Dienst" in html
    assert 'href="/impressum/"' in html


def test_expired_form_gets_a_page_that_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/barrierefreiheit/", {"message": "Kontrast zu schwach"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Ihre Sitzung ist abgelaufen" in html
    assert "Cookies müssen für diese Website erlaubt sein" in html
