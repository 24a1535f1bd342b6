"""Sign-in through OpenID Connect, against a real provider (django-oauth-toolkit) that runs
in the same live server as Rathaus, reached over real HTTP under another host name
(127.0.0.1 for the provider, localhost for Rathaus, so the two keep separate cookies).

Claim names follow OpenID Connect Core 1.0 (sub, email, email_verified, acr, given_name,
family_name); the organisation claim is the configurable RATHAUS_OIDC_ORGANISATION_CLAIMS.
"""

from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from jwcrypto import jwk
from oauth2_provider.models import Application

from rathaus.core.accounts.models import Membership, OidcIdentity, Organisation, User
from rathaus.core.accounts.oidc import (
    BACKEND_PATH,
    PLACEHOLDER_EMAIL_DOMAIN,
    TRUST_LEVEL_SESSION_KEY,
    has_trust_level,
    provider_logout_url,
    sign_in_with_oidc,
    trust_level,
    trust_level_for_acr,
)
from rathaus.core.accounts.organisations import SESSION_KEY as ACTING_FOR_SESSION_KEY

from .factories import StaffFactory, UserFactory
from .oidc_provider import CLAIMS_BY_PROVIDER_USER, FORGED_JWKS

CLIENT_ID = "rathaus-weiterstadt"
CLIENT_SECRET = "a-client-secret-only-for-these-tests-0123456789"
EIDAS_SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial"
EIDAS_HIGH = "http://eidas.europa.eu/LoA/high"
# http.cookiejar files cookies of a host without a dot under "<host>.local".
RATHAUS_COOKIE_DOMAIN = "localhost.local"


def new_rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@cache
def provider_signing_key() -> str:
    return new_rsa_key()


@dataclass
class Provider:
    rathaus_url: str
    provider_url: str

    @property
    def issuer(self) -> str:
        return f"{self.provider_url}/o"

    def browser(self, **claims) -> tuple[requests.Session, User]:
        """A browser already signed in at the provider as a new provider account that
        asserts ``claims``."""
        provider_account = UserFactory(email=f"broker-{len(CLAIMS_BY_PROVIDER_USER)}@idp.test")
        CLAIMS_BY_PROVIDER_USER[str(provider_account.pk)] = claims
        client = Client()
        client.force_login(provider_account, backend="rathaus.core.accounts.backends.EmailBackend")
        browser = requests.Session()
        browser.headers["Accept-Language"] = "en"
        browser.cookies.set(
            "sessionid",
            client.cookies["sessionid"].value,
            domain=urlsplit(self.provider_url).hostname,
        )
        return browser, provider_account

    def sign_in(self, browser: requests.Session) -> requests.Response:
        """Click the sign-in button and follow every redirect, as a browser would."""
        return browser.get(f"{self.rathaus_url}/oidc/authenticate/", timeout=20)

    def end_rathaus_session(self, browser: requests.Session) -> None:
        """Forget Rathaus' session cookie; the browser stays signed in at the provider."""
        browser.cookies.clear(domain=RATHAUS_COOKIE_DOMAIN)

    def rathaus_session(self, browser: requests.Session) -> SessionStore:
        return SessionStore(browser.cookies.get("sessionid", domain=RATHAUS_COOKIE_DOMAIN))

    def signed_in_user(self, browser: requests.Session) -> User | None:
        user_id = self.rathaus_session(browser).get(SESSION_KEY)
        return User.objects.filter(pk=user_id).first() if user_id else None


def switch_on_oidc(settings, issuer: str) -> None:
    """Rathaus as relying party of the provider at ``issuer`` (endpoints as DOT names them)."""
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND_PATH]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/.well-known/jwks.json"
    settings.RATHAUS_OIDC_ISSUER = issuer


@pytest.fixture
def provider(live_server, settings):
    rathaus_url = live_server.url
    assert urlsplit(rathaus_url).hostname == "localhost"
    provider_url = rathaus_url.replace("localhost", "127.0.0.1")
    settings.ROOT_URLCONF = "rathaus.core.accounts.tests.oidc_provider"
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": provider_signing_key(),
        "PKCE_REQUIRED": True,
        "OAUTH2_VALIDATOR_CLASS": "rathaus.core.accounts.tests.oidc_provider.ProviderValidator",
        "SCOPES": {"openid": "OpenID Connect", "email": "E-mail", "profile": "Profile"},
    }
    Application.objects.create(
        name="Rathaus Weiterstadt",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{rathaus_url}/oidc/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    switch_on_oidc(settings, f"{provider_url}/o")
    yield Provider(rathaus_url=rathaus_url, provider_url=provider_url)
    CLAIMS_BY_PROVIDER_USER.clear()


def person_claims(**overrides) -> dict:
    return {
        "email": "anna.schmidt@example.org",
        "email_verified": True,
        "acr": EIDAS_SUBSTANTIAL,
        "given_name": "Anna",
        "family_name": "Schmidt",
        **overrides,
    }


# The authorization-code flow ---------------------------------------------------------------


def test_sign_in_button_sends_the_browser_to_the_provider_with_pkce_and_nonce(client, settings):
    issuer = "https://broker.example.org/realms/weiterstadt"
    switch_on_oidc(settings, issuer)

    response = client.get("/oidc/authenticate/?next=/postfach/")

    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    query = {name: values[0] for name, values in parse_qs(target.query).items()}
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{issuer}/authorize/"
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] and query["nonce"] and query["state"]
    assert "openid" in query["scope"].split()
    assert client.session["oidc_login_next"] == "/postfach/"


def test_person_signs_in_and_gets_a_citizen_account_with_the_trust_level(provider):
    browser, provider_account = provider.browser(**person_claims())

    response = provider.sign_in(browser)

    assert response.status_code == 200
    assert response.url == f"{provider.rathaus_url}/konto/"
    account = browser.get(f"{provider.rathaus_url}/konto/", allow_redirects=False)
    assert account.status_code == 200
    user = provider.signed_in_user(browser)
    assert user is not None and user != provider_account
    assert user.email == "anna.schmidt@example.org"
    assert user.email_confirmed
    assert (user.given_name, user.family_name) == ("Anna", "Schmidt")
    assert user.kind == User.Kind.CITIZEN
    assert not user.has_usable_password()
    identity = OidcIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.issuer, str(provider_account.pk))
    assert identity.trust_level == "substantial"
    assert not identity.is_organisation
    session = provider.rathaus_session(browser)
    assert session[TRUST_LEVEL_SESSION_KEY] == "substantial"
    assert session[BACKEND_SESSION_KEY] == BACKEND_PATH
    assert ACTING_FOR_SESSION_KEY not in session


def test_returning_person_is_recognised_by_subject_even_with_a_new_email(provider):
    browser, provider_account = provider.browser(**person_claims())
    provider.sign_in(browser)
    first = provider.signed_in_user(browser)
    CLAIMS_BY_PROVIDER_USER[str(provider_account.pk)] = person_claims(
        email="anna@neu.example.org", acr=EIDAS_HIGH
    )

    provider.end_rathaus_session(browser)
    provider.sign_in(browser)

    assert provider.signed_in_user(browser) == first
    assert OidcIdentity.objects.get().trust_level == "high"
    assert provider.rathaus_session(browser)[TRUST_LEVEL_SESSION_KEY] == "high"


def test_organisation_sign_in_makes_the_person_owner_and_acts_for_the_organisation(provider):
    claims = person_claims(org_id="ELSTER-4711", org_name="Bäckerei Schmidt GmbH")
    browser, provider_account = provider.browser(**claims)

    provider.sign_in(browser)

    user = provider.signed_in_user(browser)
    organisation = Organisation.objects.get()
    assert organisation.name == "Bäckerei Schmidt GmbH"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, Membership.Role.OWNER)
    identity = OidcIdentity.objects.get(user=user)
    assert identity.is_organisation and identity.organisation == organisation
    assert provider.rathaus_session(browser)[ACTING_FOR_SESSION_KEY] == str(organisation.pk)

    provider.end_rathaus_session(browser)
    provider.sign_in(browser)

    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1
    assert provider.rathaus_session(browser)[ACTING_FOR_SESSION_KEY] == str(organisation.pk)


def test_acr_is_mapped_through_the_configured_acr_map(provider, settings):
    settings.RATHAUS_OIDC_ACR_MAP = {"urn:keycloak:loa:3": "high"}
    browser, _account = provider.browser(**person_claims(acr="urn:keycloak:loa:3"))

    provider.sign_in(browser)

    assert OidcIdentity.objects.get().trust_level == "high"
    assert provider.rathaus_session(browser)[TRUST_LEVEL_SESSION_KEY] == "high"


# Who may be linked to whom ----------------------------------------------------------------


def test_unverified_email_does_not_take_over_an_existing_account(provider):
    existing = UserFactory(email="anna.schmidt@example.org")
    browser, _account = provider.browser(**person_claims(email_verified=False))

    provider.sign_in(browser)

    user = provider.signed_in_user(browser)
    assert user is not None and user != existing
    assert user.email.endswith(f"@{PLACEHOLDER_EMAIL_DOMAIN}")
    assert not user.email_confirmed
    assert not existing.oidc_identities.exists()


def test_verified_email_links_the_confirmed_account_with_that_address(provider):
    existing = UserFactory(email="anna.schmidt@example.org")
    browser, _account = provider.browser(**person_claims())

    provider.sign_in(browser)

    assert provider.signed_in_user(browser) == existing
    assert existing.oidc_identities.count() == 1
    existing.refresh_from_db()
    assert existing.has_usable_password()


def test_verified_email_does_not_link_an_account_that_never_confirmed_it(provider):
    unconfirmed = UserFactory(email="anna.schmidt@example.org", email_confirmed_at=None)
    browser, _account = provider.browser(**person_claims())

    provider.sign_in(browser)

    user = provider.signed_in_user(browser)
    assert user is not None and user != unconfirmed
    assert not unconfirmed.oidc_identities.exists()
    assert user.email.endswith(f"@{PLACEHOLDER_EMAIL_DOMAIN}")


def test_staff_cannot_sign_in_through_the_provider(provider):
    staff = StaffFactory(email="anna.schmidt@example.org")
    browser, _account = provider.browser(**person_claims())

    response = provider.sign_in(browser)

    assert response.url == f"{provider.rathaus_url}/konto/anmelden/"
    assert "Staff accounts cannot sign in this way" in response.text
    assert provider.signed_in_user(browser) is None
    assert not OidcIdentity.objects.exists()
    assert not User.objects.filter(kind=User.Kind.STAFF).exclude(pk=staff.pk).exists()


def test_staff_account_with_a_linked_identity_is_refused_too(provider):
    browser, provider_account = provider.browser(**person_claims(email="other@example.org"))
    staff = StaffFactory()
    OidcIdentity.objects.create(
        user=staff, issuer=provider.issuer, subject=str(provider_account.pk)
    )

    provider.sign_in(browser)

    assert provider.signed_in_user(browser) is None


def test_id_token_not_signed_by_a_key_from_the_configured_jwks_is_refused(provider, settings):
    # Same key id as the provider's key, different key: only the signature can tell.
    kid = jwk.JWK.from_pem(provider_signing_key().encode()).thumbprint()
    other = jwk.JWK.from_pem(new_rsa_key().encode())
    FORGED_JWKS["keys"] = [{**other.export_public(as_dict=True), "kid": kid, "alg": "RS256"}]
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.provider_url}/forged/jwks.json"
    browser, _account = provider.browser(**person_claims())

    response = provider.sign_in(browser)

    assert response.url == f"{provider.rathaus_url}/konto/anmelden/"
    assert provider.signed_in_user(browser) is None
    assert not User.objects.filter(oidc_identities__isnull=False).exists()


def test_id_token_from_an_unexpected_issuer_is_refused(provider, settings):
    settings.RATHAUS_OIDC_ISSUER = "https://broker.example.org/realms/other"
    browser, _account = provider.browser(**person_claims())

    response = provider.sign_in(browser)

    assert response.url == f"{provider.rathaus_url}/konto/anmelden/"
    assert provider.signed_in_user(browser) is None
    assert not OidcIdentity.objects.exists()


# Switched off, and the button ------------------------------------------------------------


def test_when_oidc_is_off_there_is_no_button_and_no_oidc_pages(client, settings):
    settings.OIDC_ENABLED = False

    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "/oidc/" not in client.get("/konto/anmelden/").content.decode()
    request = RequestFactory().get("/konto/anmelden/")
    assert render_to_string("accounts/_oidc_login.html", request=request).strip() == ""


def test_when_oidc_is_on_the_login_page_links_to_the_provider_without_javascript(client, settings):
    settings.OIDC_ENABLED = True

    html = client.get("/konto/anmelden/?next=/postfach/").content.decode()

    assert 'href="/oidc/authenticate/?next=/postfach/"' in html
    snippet = render_to_string("accounts/_oidc_login.html", request=RequestFactory().get("/"))
    assert "<script" not in snippet
    settings.RATHAUS_OIDC_LABEL = "Mit dem Servicekonto anmelden"
    assert "Mit dem Servicekonto anmelden" in client.get("/konto/anmelden/").content.decode()


def test_provider_error_brings_the_person_back_to_the_login_page(client, settings):
    settings.OIDC_ENABLED = True

    response = client.get("/oidc/callback/?error=access_denied&state=abc", follow=True)

    assert response.redirect_chain[-1][0] == "/konto/anmelden/"
    assert response.wsgi_request.user.is_anonymous


# Trust level helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        ("http://eidas.europa.eu/LoA/low", "basic"),
        (EIDAS_SUBSTANTIAL, "substantial"),
        (EIDAS_HIGH, "high"),
        ("STORK-QAA-Level-4", "high"),
        ("something-else", ""),
        (None, ""),
    ],
)
def test_known_bundid_acr_values_map_to_trust_levels(acr, level):
    assert trust_level_for_acr(acr) == level


def test_only_a_session_opened_through_oidc_has_a_trust_level(rf):
    user = UserFactory()
    request = rf.get("/")
    request.user = user
    request.session = SessionStore()
    request.session[TRUST_LEVEL_SESSION_KEY] = "substantial"
    request.session[BACKEND_SESSION_KEY] = "rathaus.core.accounts.backends.EmailBackend"
    assert trust_level(request) is None
    assert not has_trust_level(request, "basic")

    request.session[BACKEND_SESSION_KEY] = BACKEND_PATH
    assert trust_level(request) == "substantial"
    assert has_trust_level(request, "basic")
    assert has_trust_level(request, "substantial")
    assert not has_trust_level(request, "high")


def test_signing_out_of_an_oidc_session_also_ends_the_provider_session(rf, settings):
    switch_on_oidc(settings, "https://broker.example.org/realms/weiterstadt")
    settings.OIDC_OP_LOGOUT_ENDPOINT = (
        "https://broker.example.org/realms/weiterstadt/protocol/openid-connect/logout"
    )
    request = rf.get("/konto/abmelden/")
    request.session = SessionStore()
    request.session[BACKEND_SESSION_KEY] = "rathaus.core.accounts.backends.EmailBackend"
    assert provider_logout_url(request) is None

    request.session[BACKEND_SESSION_KEY] = BACKEND_PATH
    url = urlsplit(provider_logout_url(request))

    assert url.netloc == "broker.example.org"
    assert parse_qs(url.query) == {
        "client_id": [CLIENT_ID],
        "post_logout_redirect_uri": ["http://testserver/"],
    }


def test_two_people_of_one_business_sign_in_to_the_same_organisation():
    issuer = "https://broker.example.org/realms/weiterstadt"
    business = {"org_id": "ELSTER-4711", "organization_name": "Bäckerei Beispiel GmbH"}
    first = sign_in_with_oidc(
        issuer=issuer, claims=person_claims(sub="emp-1", email="a@example.org", **business)
    )
    second = sign_in_with_oidc(
        issuer=issuer, claims=person_claims(sub="emp-2", email="b@example.org", **business)
    )

    assert first.organisation == second.organisation
    assert Organisation.objects.filter(oidc_key="ELSTER-4711").count() == 1
    assert Membership.objects.filter(organisation=first.organisation).count() == 2


def test_signing_out_redirects_to_the_provider_when_the_session_came_from_it(client, settings):
    switch_on_oidc(settings, "https://broker.example.org/realms/weiterstadt")
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://broker.example.org/logout"
    user = UserFactory()
    client.force_login(user, backend=BACKEND_PATH)

    response = client.post("/konto/abmelden/")

    assert response.status_code == 302
    assert response["Location"].startswith("https://broker.example.org/logout?")
    assert SESSION_KEY not in client.session
