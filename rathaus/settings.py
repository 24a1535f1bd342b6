"""Rathaus settings: one module, configured by environment variables.

Development needs no variables at all (`make run`); production sets at least
RATHAUS_SECRET_KEY, RATHAUS_ENCRYPTION_KEYS, RATHAUS_BLIND_INDEX_KEY,
RATHAUS_ALLOWED_HOSTS and DATABASE_URL, and RATHAUS_DEBUG=0 (the default when
RATHAUS_ENV=production). See README.md, "Configuration for production".
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RATHAUS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("RATHAUS_ENV", "development") == "production"
DEBUG = env_bool("RATHAUS_DEBUG", not PRODUCTION)
TESTING = env_bool("RATHAUS_TESTING", False)

# Development gets a fixed, clearly labelled key; production must set its own.
SECRET_KEY = env("RATHAUS_SECRET_KEY") or (
    "" if PRODUCTION else "dev-only-insecure-secret-key-never-use-in-production-0123456789"
)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError("RATHAUS_SECRET_KEY must be set (50+ random characters) in production.")

# Development also admits *.localhost, where further demo towns live (add_demo_town).
ALLOWED_HOSTS = env_list(
    "RATHAUS_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,.localhost"
)
CSRF_TRUSTED_ORIGINS = env_list("RATHAUS_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "rathaus.core",
    "rathaus.core.accounts",
    "rathaus.core.audit",
    "rathaus.core.crypto",
    "rathaus.core.notifications",
    "rathaus.core.uploads",
    "rathaus.core.jobs",
    "rathaus.core.staff",
    "rathaus.core.provider",
    "rathaus.records",
    "rathaus.services",
    "rathaus.services.payments",
    "rathaus.services.appointments",
    "rathaus.participation",
    "rathaus.participation.engagement",
    "rathaus.participation.defects",
    "rathaus.participation.surveys",
    "rathaus.participation.budgets",
    "rathaus.participation.consultations",
    "rathaus.participation.petitions",
    "rathaus.opendata",
    "rathaus.training",
    "rathaus.programme",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_scopes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Resolves the town from the host and opens its scope around everything below.
    "rathaus.core.middleware.TownMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rathaus.core.middleware.TownLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rathaus.core.middleware.PrivatePageCacheMiddleware",
    "rathaus.core.audit.middleware.AuditContextMiddleware",
    # After the audit context, so refusals it records carry the address.
    "rathaus.core.accounts.middleware.StaffSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

# E-mail addresses are unique per town (a UniqueConstraint on town and the blind index), not
# across the installation; EmailBackend looks accounts up inside the current town's scope.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

ROOT_URLCONF = "rathaus.urls"
WSGI_APPLICATION = "rathaus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rathaus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rathaus.core.context_processors.town",
                "rathaus.core.accounts.context_processors.acting_for",
                "rathaus.core.notifications.context_processors.postbox",
                "rathaus.core.accounts.oidc.login_option",
            ],
            "builtins": ["rathaus.core.templatetags.rathaus"],
        },
    }
]

# Database: SQLite under var/ by default, PostgreSQL through DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rathaus.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE transactions avoid "database is locked" upgrades under concurrent writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rathaus.core.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "given_name", "family_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions: rotate on login (Django does), expire after inactivity, end on logout.
SESSION_COOKIE_AGE = int(env("RATHAUS_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Brute-force lockout (django-axes) on every login form.
AXES_FAILURE_LIMIT = int(env("RATHAUS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("RATHAUS_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "rathaus.core.accounts.backends.axes_username"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_IPWARE_PROXY_COUNT = int(env("RATHAUS_PROXY_COUNT", "0")) or None

# Encryption of personal data: a key ring separate from SECRET_KEY.
# Format: "keyid:base64key[,keyid:base64key...]"; the first key encrypts, all decrypt.
RATHAUS_ENCRYPTION_KEYS = env("RATHAUS_ENCRYPTION_KEYS")
RATHAUS_BLIND_INDEX_KEY = env("RATHAUS_BLIND_INDEX_KEY")
RATHAUS_DEV_KEY_FILE = VAR_DIR / "dev-keys.txt"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "rathaus" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "rathaus" / "static",
    # Built from node_modules by `make install` into the source tree, not into RATHAUS_VAR_DIR.
    ("vendor", BASE_DIR / "var" / "vendor"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "files")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Uploaded files are never served from a web root: no MEDIA_URL.
MEDIA_ROOT = VAR_DIR / "files"
RATHAUS_UPLOAD_MAX_BYTES = int(env("RATHAUS_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# Online payment (XBezahldienste 1.0). "test" serves a built-in test provider a person can
# click through; "xbezahldienste" talks to the town's payment platform (its pay page's origin
# must then be added to RATHAUS_CSP_FORM_ACTION).
RATHAUS_PAYMENT_PROVIDER = env("RATHAUS_PAYMENT_PROVIDER", "test")
RATHAUS_PAYMENT_BASE_URL = env("RATHAUS_PAYMENT_BASE_URL")
RATHAUS_PAYMENT_ORIGINATOR_ID = env("RATHAUS_PAYMENT_ORIGINATOR_ID", "rathaus")
RATHAUS_PAYMENT_ENDPOINT_ID = env("RATHAUS_PAYMENT_ENDPOINT_ID")
RATHAUS_PAYMENT_TOKEN_URL = env("RATHAUS_PAYMENT_TOKEN_URL")
RATHAUS_PAYMENT_CLIENT_ID = env("RATHAUS_PAYMENT_CLIENT_ID")
RATHAUS_PAYMENT_CLIENT_SECRET = env("RATHAUS_PAYMENT_CLIENT_SECRET")
RATHAUS_PAYMENT_CLIENT_CERTIFICATE = env("RATHAUS_PAYMENT_CLIENT_CERTIFICATE")
RATHAUS_PAYMENT_TIMEOUT = int(env("RATHAUS_PAYMENT_TIMEOUT", "10"))
RATHAUS_PAYMENT_TEST_PROVIDER = env_bool(
    "RATHAUS_PAYMENT_TEST_PROVIDER", RATHAUS_PAYMENT_PROVIDER == "test"
)
# The e-file: the longest an OCR run of one scan may take, and the largest xdomea message
# (unpacked) an import accepts.
RATHAUS_OCR_TIMEOUT = int(env("RATHAUS_OCR_TIMEOUT", "600"))
RATHAUS_XDOMEA_MAX_BYTES = int(env("RATHAUS_XDOMEA_MAX_BYTES", str(512 * 1024 * 1024)))
# Open data: the largest file a data steward can upload (checked before anything is stored);
# CKAN's datastore limits: the most rows one datastore_search or datastore_search_sql returns,
# and the SQL endpoint (off unless switched on), with its time limit per query.
RATHAUS_OPENDATA_UPLOAD_MAX_BYTES = int(
    env("RATHAUS_OPENDATA_UPLOAD_MAX_BYTES", str(512 * 1024 * 1024))
)
RATHAUS_DATASTORE_ROWS_MAX = int(env("RATHAUS_DATASTORE_ROWS_MAX", "32000"))
RATHAUS_DATASTORE_SQL_ENABLED = env_bool("RATHAUS_DATASTORE_SQL_ENABLED", False)
RATHAUS_DATASTORE_SQL_TIMEOUT_MS = int(env("RATHAUS_DATASTORE_SQL_TIMEOUT_MS", "5000"))
# DCAT-AP.de: the contributor id GovData gave the installation (dcatde:contributorID), and how
# many datasets one page of the catalogue holds.
RATHAUS_DCAT_CONTRIBUTOR_ID = env("RATHAUS_DCAT_CONTRIBUTOR_ID", "")
RATHAUS_DCAT_PAGE_SIZE = int(env("RATHAUS_DCAT_PAGE_SIZE", "100"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: file backend in development, SMTP in production.
EMAIL_BACKEND = env(
    "RATHAUS_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("RATHAUS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("RATHAUS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("RATHAUS_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("RATHAUS_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("RATHAUS_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("RATHAUS_EMAIL_FROM", "rathaus@localhost")
# The site's address as people reach it, for links in e-mails (no trailing slash).
RATHAUS_BASE_URL = env("RATHAUS_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs: django-tasks on the database, so SQLite installs need nothing more.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# OpenID Connect login (relying party only); switched on by RATHAUS_OIDC_ENABLED.
OIDC_ENABLED = env_bool("RATHAUS_OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = env("RATHAUS_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("RATHAUS_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env("RATHAUS_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("RATHAUS_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("RATHAUS_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("RATHAUS_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("RATHAUS_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("RATHAUS_OIDC_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env("RATHAUS_OIDC_LOGOUT_ENDPOINT")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_TIMEOUT = int(env("RATHAUS_OIDC_TIMEOUT_SECONDS", "10"))
# Expected `iss` of ID tokens (recommended); empty accepts the issuer the signed token names.
RATHAUS_OIDC_ISSUER = env("RATHAUS_OIDC_ISSUER")
RATHAUS_OIDC_LABEL = env("RATHAUS_OIDC_LABEL")
# Extra or replaced "acr=level" pairs (levels: basic, substantial, high); see docs/oidc.md.
RATHAUS_OIDC_ACR_MAP = dict(pair.rsplit("=", 1) for pair in env_list("RATHAUS_OIDC_ACR_MAP"))
# The first of these claims that is present makes a sign-in one for an organisation.
RATHAUS_OIDC_ORGANISATION_CLAIMS = env_list(
    "RATHAUS_OIDC_ORGANISATION_CLAIMS", "org_id,organization,unternehmen"
)
RATHAUS_OIDC_ORGANISATION_NAME_CLAIM = env("RATHAUS_OIDC_ORGANISATION_NAME_CLAIM", "org_name")
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("rathaus.core.accounts.oidc.RathausOIDCBackend")

# Security headers. CSP without 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF] + env_list("RATHAUS_CSP_FORM_ACTION"),
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The defect reporter's map: a tile server's URL template ("https://tile.example/{z}/{x}/{y}.png")
# and its attribution; without a URL the map shows the reports without background tiles.
RATHAUS_MAP_TILE_URL = env("RATHAUS_MAP_TILE_URL", "")
RATHAUS_MAP_TILE_ATTRIBUTION = env("RATHAUS_MAP_TILE_ATTRIBUTION", "")
if RATHAUS_MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(RATHAUS_MAP_TILE_URL.replace("{s}.", ""))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{'*.' if '{s}' in RATHAUS_MAP_TILE_URL else ''}{_tiles.netloc}"
    )
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("RATHAUS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("RATHAUS_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("RATHAUS_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole registrable domain (often the town's main site, run by
        # someone else) to HTTPS for years; it is the operator's choice, not a default.
        SILENCED_SYSTEM_CHECKS += ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("RATHAUS_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# A bare view for `make bench` to compare the start page against.
RATHAUS_BENCH_VIEW = env_bool("RATHAUS_BENCH_VIEW", False)

FORM_RENDERER = "rathaus.core.forms_rendering.RathausFormRenderer"
