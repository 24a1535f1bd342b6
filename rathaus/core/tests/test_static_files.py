"""Production serves static files through a manifest: every file a stylesheet or script
refers to must be there, or ``collectstatic`` (and so the deployment) fails."""

from django.core.management import call_command


def test_collectstatic_for_production_finds_every_referenced_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
