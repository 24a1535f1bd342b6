"""The search page: what a clerk sees, and that other units see nothing."""

import pytest
from django.urls import reverse

from rathaus.core.staff.tests.conftest import sign_in_verified

from .factories import DocumentFactory, ProcedureFactory, RecordFileFactory, add_version

URL = reverse("records:search")


@pytest.fixture
def procedure(units, plan_entry):
    file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry, title="Sporthalle")
    return ProcedureFactory(file=file, title="Dachsanierung")


def add_documents(procedure, count, word="Dachrinne"):
    for n in range(count):
        document = DocumentFactory(procedure=procedure, title=f"Angebot {n}")
        add_version(document, f"{word} <b>Kupfer</b> Nummer {n}".encode())


def test_search_page_shows_hits_with_links(clerk_client, procedure):
    add_documents(procedure, 1)
    response = clerk_client.get(URL, {"q": "Dachrinne"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Results for" in content
    assert "Angebot 0" in content
    assert "<mark>Dachrinne</mark>" in content
    assert "<b>Kupfer</b>" not in content
    assert procedure.file.reference in content
    response = clerk_client.get(URL, {"q": "Dachsanierung"})
    assert reverse("records:procedure_detail", args=[procedure.pk]) in response.content.decode()
    response = clerk_client.get(URL, {"q": "Sporthalle"})
    assert reverse("records:file_detail", args=[procedure.file.pk]) in response.content.decode()


def test_empty_and_invalid_queries(clerk_client, procedure):
    response = clerk_client.get(URL)
    assert response.status_code == 200
    assert "Results for" not in response.content.decode()
    response = clerk_client.get(URL, {"q": "  "})
    assert "Enter at least one word to search for." in response.content.decode()
    response = clerk_client.get(URL, {"q": "*-()"})
    assert "Enter at least one word to search for." in response.content.decode()
    response = clerk_client.get(URL, {"q": "x" * 300})
    assert response.status_code == 200
    assert "Please correct the search below." in response.content.decode()
    response = clerk_client.get(URL, {"q": "Nirgendwo"})
    assert "Nothing found." in response.content.decode()
    response = clerk_client.get(URL, {"q": "Dachsanierung", "page": "x"})
    assert response.status_code == 200


def test_filters_on_the_page(clerk_client, units, procedure):
    add_documents(procedure, 1)
    response = clerk_client.get(URL, {"q": "Dachrinne", "unit": units["order"].pk})
    assert "Nothing found." in response.content.decode()
    response = clerk_client.get(URL, {"q": "Dachrinne", "state": "open"})
    assert "Angebot 0" in response.content.decode()
    response = clerk_client.get(
        URL, {"q": "Dachrinne", "date_from": "2030-01-01", "date_to": "2020-01-01"}
    )
    assert "The end date lies before the start date." in response.content.decode()


def test_other_unit_finds_nothing(client, other_clerk, procedure):
    add_documents(procedure, 2)
    sign_in_verified(client, other_clerk)
    for q in ("Dachrinne", "Sporthalle", "Dachsanierung", procedure.file.reference):
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Nothing found." in content
        assert "Angebot" not in content


def test_only_records_users(client, procedure):
    from rathaus.core.accounts.tests.factories import StaffFactory

    sign_in_verified(client, StaffFactory())
    assert client.get(URL, {"q": "Sporthalle"}).status_code == 404
    client.logout()
    assert client.get(URL, {"q": "Sporthalle"}).status_code == 302


def test_pages(clerk_client, procedure):
    add_documents(procedure, 25)
    content = clerk_client.get(URL, {"q": "Dachrinne"}).content.decode()
    assert content.count('class="rh-search-result"') == 20
    assert "Next page" in content
    content = clerk_client.get(URL, {"q": "Dachrinne", "page": 2}).content.decode()
    assert content.count('class="rh-search-result"') == 5
    assert "Previous page" in content


def test_query_count_is_constant(clerk_client, procedure, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_documents(procedure, 10)
    clerk_client.get(URL, {"q": "Dachrinne"})  # warm caches (session, town)
    with CaptureQueriesContext(connection) as small:
        clerk_client.get(URL, {"q": "Dachrinne"})
    add_documents(procedure, 30)
    with CaptureQueriesContext(connection) as large:
        response = clerk_client.get(URL, {"q": "Dachrinne"})
    assert response.content.decode().count('class="rh-search-result"') == 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_search_box_renders(clerk_client, rf, clerk):
    from django.template.loader import render_to_string

    html = render_to_string("records/search/_box.html", {"search_query": "Bau<"})
    assert 'action="/staff/akten/suche/"' in html or reverse("records:search") in html
    assert 'value="Bau&lt;"' in html
