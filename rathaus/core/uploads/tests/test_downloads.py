"""Stored files reach only the people allowed to see them, and never run in the browser."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.exceptions import CorruptedFile
from rathaus.core.uploads.responses import content_disposition, serve_stored_file
from rathaus.core.uploads.services import store_upload

from . import samples

BACKEND = "rathaus.core.accounts.backends.EmailBackend"


def stored(name="Bescheid.pdf", content=None, **kwargs):
    return store_upload(
        uploaded_file=SimpleUploadedFile(name, content or samples.pdf()),
        kinds={"pdf", "png", "svg", "txt"},
        **kwargs,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_attachment_header_has_ascii_fallback_and_utf8_name(rf):
    document = stored('Bescheid Müller "final".pdf')
    response = serve_stored_file(rf.get("/"), document)
    assert response["Content-Disposition"] == (
        'attachment; filename="Bescheid Muller _final_.pdf"; '
        "filename*=UTF-8''Bescheid%20M%C3%BCller%20%22final%22.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert body(response) == samples.pdf()


def test_download_name_gets_the_real_extension(rf):
    image = stored("scan.pdf", samples.png())
    response = serve_stored_file(rf.get("/"), image)
    assert 'filename="scan.png"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"


def test_header_injection_in_the_name_is_neutralised():
    header = content_disposition("a\r\nSet-Cookie: x=1.pdf")
    assert "\r" not in header and "\n" not in header


def test_corrupted_file_is_not_served(rf):
    document = stored()
    with open(default_storage.path(document.storage_name), "ab") as handle:
        handle.write(b"appended")
    with pytest.raises(CorruptedFile):
        serve_stored_file(rf.get("/"), document)


def test_uploader_can_download_own_file(client):
    person = UserFactory()
    document = stored(uploaded_by=person)
    client.force_login(person, backend=BACKEND)
    response = client.get(reverse("uploads:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert body(response) == samples.pdf()


def test_other_person_gets_404_and_the_attempt_is_audited(client):
    document = stored(uploaded_by=UserFactory())
    intruder = UserFactory()
    client.force_login(intruder, backend=BACKEND)
    response = client.get(reverse("uploads:download", args=[document.pk]))
    assert response.status_code == 404
    denied = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_DENIED)
    assert (denied.actor_id, denied.object_id) == (str(intruder.pk), str(document.pk))


def test_staff_without_admin_role_gets_404(client):
    document = stored(uploaded_by=UserFactory())
    client.force_login(StaffFactory(), backend=BACKEND)
    assert client.get(reverse("uploads:download", args=[document.pk])).status_code == 404


def test_administrator_can_download_and_it_is_audited(client):
    document = stored(uploaded_by=UserFactory())
    admin = RoleAssignmentFactory(role="administrator", unit=None).user
    client.force_login(admin, backend=BACKEND)
    response = client.get(reverse("uploads:download", args=[document.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, actor_id=str(admin.pk), object_id=str(document.pk)
    ).exists()


def test_anonymous_download_asks_to_sign_in(client):
    document = stored()
    response = client.get(reverse("uploads:download", args=[document.pk]))
    assert response.status_code == 302


def test_public_image_is_shown_inline_and_cached_long(client):
    logo = stored("logo.png", samples.png(), is_public=True)
    response = client.get(reverse("uploads:public", args=[logo.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "image/png"


def test_public_image_stays_cacheable_for_a_signed_in_person(client):
    logo = stored("logo.png", samples.png(), is_public=True)
    client.force_login(UserFactory(), backend=BACKEND)
    response = client.get(reverse("uploads:public", args=[logo.pk]))
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_public_svg_is_inline_but_sandboxed(client):
    logo = stored("wappen.svg", samples.SVG.encode(), is_public=True)
    response = client.get(reverse("uploads:public", args=[logo.pk]))
    assert response["Content-Disposition"].startswith("inline;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]


def test_public_text_file_is_downloaded_not_shown(client):
    notice = stored("hinweis.txt", b"<script>alert(1)</script>", is_public=True)
    response = client.get(reverse("uploads:public", args=[notice.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_private_file_is_not_public(client):
    document = stored(is_public=False)
    assert client.get(reverse("uploads:public", args=[document.pk])).status_code == 404
