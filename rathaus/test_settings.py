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
AXES_FAILURE_LIMIT = 5
