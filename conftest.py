"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _town(db, settings):
    """Every test runs for the town Weiterstadt, served under the test hosts, inside its scope
    (as a request to it would be)."""
    settings.ALLOWED_HOSTS = ["testserver", ".localhost", "127.0.0.1", "localhost"]
    from rathaus.core.models import Town, TownHost
    from rathaus.core.tenancy import for_town

    town = Town.objects.for_host("testserver")
    if town is None:
        town = Town.objects.create(
            name="Weiterstadt", official_name="Stadt Weiterstadt", ags="06432023"
        )
        for hostname in ("testserver", "localhost", "127.0.0.1"):
            TownHost.objects.create(
                town=town, hostname=hostname, is_primary=hostname == "testserver"
            )
    with for_town(town):
        yield town


@pytest.fixture
def town(_town):
    return _town


@pytest.fixture
def other_town(db):
    """A second town on its own host name, for isolation tests."""
    from rathaus.core.models import Town, TownHost

    town = Town.objects.create(name="Musterstadt", official_name="Stadt Musterstadt")
    TownHost.objects.create(town=town, hostname="musterstadt.localhost", is_primary=True)
    return town


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
