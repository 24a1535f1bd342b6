"""Settings for the test suite: the real settings, with fixed test keys and fast hashing."""

import os

os.environ["RATHAUS_TESTING"] = "1"
os.environ.setdefault(
    "RATHAUS_ENCRYPTION_KEYS",
    "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,old0:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
)
os.environ.setdefault("RATHAUS_BLIND_INDEX_KEY", "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=")

from .settings import *  # noqa: E402, F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A real OpenID Connect provider for the sign-in tests (accounts/tests/test_oidc.py); never
# installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]  # noqa: F405
AXES_FAILURE_LIMIT = 5

# The audit table refuses TRUNCATE on PostgreSQL (audit migration 0002); the test runner
# empties every table after transactional tests, so test connections may truncate it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = (
        _options.get("options", "") + " -c rathaus.audit_truncate_allowed=on"
    ).strip()
