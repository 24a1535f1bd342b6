"""The town's own data, edited by administrators, shows on the public pages."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.models import Town

from .conftest import sign_in_verified

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def town_form(town: Town, **changes) -> dict:
    data = {
        "name": town.name,
        "official_name": town.official_name,
        "ags": town.ags,
        "ars": "",
        "coat_of_arms_text": "",
        "street": "Riedbahnstraße 6",
        "postcode": "64331",
        "city": "Weiterstadt",
        "phone": "06150 000-0",
        "email": "rathaus@weiterstadt.example",
        "website": "",
        "opening_hours": "Montag: 8–12 Uhr\nFreitag: 8–12 Uhr",
        "imprint": "",
        "privacy_policy": "",
        "accessibility_statement": "",
        "accessibility_reviewed_on": "",
        "accessibility_contact_email": "",
        "enforcement_body": "",
    }
    data.update(changes)
    return data


def test_town_settings_edit_shows_on_the_start_page(admin_client, town):
    response = admin_client.post(reverse("staff:town_settings"), town_form(town))
    assert response.status_code == 302
    start = Client().get(reverse("core:home")).content.decode()
    assert "Riedbahnstraße 6" in start
    assert "06150 000-0" in start
    assert "Freitag: 8–12 Uhr" in start
    entry = AuditEntry.objects.filter(object_type="core.town").latest("sequence")
    assert entry.summary == "town settings changed" and "street" in entry.changes


def test_a_wrong_municipality_key_is_refused_and_nothing_is_lost(admin_client, town):
    response = admin_client.post(
        reverse("staff:town_settings"), town_form(town, ags="6432023", phone="06150 111-0")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "exactly eight digits" in page
    assert "06150 111-0" in page  # what was typed stays in the form
    town.refresh_from_db()
    assert town.ags == "06432023" and town.phone == ""


def test_a_logo_is_stored_through_the_upload_service(admin_client, town, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    logo = SimpleUploadedFile("wappen.png", PNG, content_type="image/png")
    response = admin_client.post(
        reverse("staff:town_settings"), {**town_form(town), "logo_file": logo}
    )
    assert response.status_code == 302
    town.refresh_from_db()
    assert town.logo is not None and town.logo.is_public
    logo_url = reverse("uploads:public", kwargs={"pk": town.logo_id})
    assert logo_url in Client().get(reverse("core:home")).content.decode()

    not_an_image = SimpleUploadedFile("wappen.png", b"just text", content_type="image/png")
    response = admin_client.post(
        reverse("staff:town_settings"), {**town_form(town), "logo_file": not_an_image}
    )
    assert response.status_code == 200
    assert "This type of file is not accepted here" in response.content.decode()


def test_only_administrators_edit_the_town(client, town):
    egov = RoleAssignmentFactory(role=Role.EGOV_OFFICER, unit=None).user
    sign_in_verified(client, egov)
    assert client.get(reverse("staff:town_settings")).status_code == 404
    assert client.post(reverse("staff:town_settings"), town_form(town)).status_code == 404
