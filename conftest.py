"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _town(db, settings):
    """Every test runs for the demo-like town Weiterstadt, the current town."""
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    from rathaus.core.models import Town

    return (
        Town.objects.current()
        if Town.objects.exists()
        else Town.objects.create(
            name="Weiterstadt", official_name="Stadt Weiterstadt", ags="06432023"
        )
    )


@pytest.fixture
def town(_town):
    return _town


@pytest.fixture(autouse=True)
def _file_storage(settings, tmp_path):
    """Uploaded files of a test go to its own temporary directory, never to var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
