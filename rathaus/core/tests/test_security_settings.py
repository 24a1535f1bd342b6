"""Security settings a visitor, a browser or an attacker would notice.

Production behaviour (static files, secure cookies, DEBUG off) is checked in a
subprocess started with the production environment; page behaviour in-process.
"""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UserFactory

from .test_deploy_check import ROOT, production_env

ONE_YEAR = 365 * 24 * 3600

# Runs inside the production environment: collects the static files the way a deployment
# does (only Django's own admin files are left out, to stay fast), then asks for some.
PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
client = Client(HTTP_HOST="rathaus.example.org", HTTP_ACCEPT_ENCODING="br, gzip")
static = {}
for name in ["rathaus/css/rathaus.css", "vendor/kern/kern.min.css",
             "vendor/fonts/fira-sans-regular.woff2"]:
    url = staticfiles_storage.url(name)
    response = client.get(url, secure=True)
    headers = {key.lower(): value for key, value in response.headers.items()}
    static[name] = {"url": url, "status": response.status_code, **headers}
    response.close()
plain = client.get("/static/rathaus/css/rathaus.css", secure=False)
print(json.dumps({
    "debug": settings.DEBUG,
    "hashers": settings.PASSWORD_HASHERS,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "static": static,
    "plain_http_status": plain.status_code,
    "plain_http_location": plain.headers.get("Location", ""),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_env(var_dir),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def max_age(cache_control: str) -> int:
    for directive in cache_control.split(","):
        name, _, value = directive.strip().partition("=")
        if name == "max-age":
            return int(value)
    return 0


def test_production_never_shows_the_debug_page(production):
    assert production["debug"] is False


def test_production_static_files_have_hashed_names_and_are_cached_for_a_year(production):
    for name, response in production["static"].items():
        assert response["status"] == 200, name
        stem = name.rsplit("/", 1)[-1].split(".")[0]
        assert response["url"] != f"/static/{name}" and stem in response["url"]
        assert max_age(response["cache-control"]) >= ONE_YEAR, name
        assert "immutable" in response["cache-control"], name


def test_production_text_static_files_are_sent_compressed(production):
    for name in ["rathaus/css/rathaus.css", "vendor/kern/kern.min.css"]:
        assert production["static"][name]["content-encoding"] == "br", name


def test_production_sends_hsts_and_redirects_plain_http(production):
    assert "max-age=31536000" in production["static"]["rathaus/css/rathaus.css"].get(
        "strict-transport-security", ""
    )
    assert production["hsts_seconds"] >= ONE_YEAR
    assert production["plain_http_status"] == 301
    assert production["plain_http_location"].startswith("https://rathaus.example.org/")


def test_production_cookies_are_only_sent_over_https(production):
    assert production["session_cookie_secure"] is True
    assert production["csrf_cookie_secure"] is True
    assert production["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_hashes_passwords_with_argon2(production):
    assert production["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_common_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("password1234")


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("core:home"))

    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_public_pages_for_anonymous_visitors_may_be_cached(client):
    response = client.get(reverse("core:home"))

    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_for_signed_in_people_are_never_stored_by_caches(client):
    client.force_login(UserFactory())

    response = client.get(reverse("core:home"))

    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_answers_to_form_posts_are_never_stored_by_caches(client):
    response = client.post(reverse("core:accessibility"), {})

    assert "no-store" in response.headers["Cache-Control"]


def test_session_cookie_is_hidden_from_scripts_and_other_sites(client):
    client.force_login(UserFactory())

    response = client.get(reverse("core:home"))

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"], "the session cookie ends when the browser closes"


def test_each_request_extends_the_session_by_the_idle_timeout(client, settings):
    client.force_login(UserFactory())

    client.get(reverse("core:home"))

    expires = Session.objects.get().expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expires - expected).total_seconds()) < 60
    assert settings.SESSION_COOKIE_AGE <= 3600


def test_idle_session_ends_and_asks_to_sign_in_again(client):
    client.force_login(UserFactory())
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def _boom(request):
    raise RuntimeError("secret detail of a failure")


urlpatterns = [path("kaputt/", _boom), path("", include("rathaus.urls"))]
handler404 = "rathaus.core.views.error_404"
handler500 = "rathaus.core.views.error_500"


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_server_error_shows_the_generic_page_without_details(production_errors):
    response = production_errors.get("/kaputt/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "secret detail" not in page
    assert "Traceback" not in page
    assert "errors/500.html" in [t.name for t in response.templates]


def test_unknown_page_shows_the_generic_page_without_url_list(production_errors):
    response = production_errors.get("/gibt-es-nicht/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "URLconf" not in page
    assert "kaputt/" not in page
