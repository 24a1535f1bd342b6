from django.urls import reverse


def test_start_page_shows_the_town_name(client, town):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Weiterstadt" in response.content.decode()


def test_unknown_page_gets_the_generic_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
