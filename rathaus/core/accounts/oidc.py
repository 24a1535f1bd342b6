"""Sign-in through OpenID Connect: Rathaus as relying party of the IT provider's broker.

BundID and the ELSTER business account (Unternehmenskonto) speak SAML; a broker such as
Keycloak turns them into OpenID Connect. This module translates the broker's claims
(``sub``, ``acr``, ``email``, ``email_verified``, an organisation claim) into accounts,
linked identities (OidcIdentity), organisations and the trust level of the session.
Configuration: docs/oidc.md.
"""

import logging
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from .models import Membership, OidcIdentity, Organisation, User, email_lookup_for
from .organisations import act_for

logger = logging.getLogger(__name__)

TRUST_LEVEL_SESSION_KEY = "rathaus_trust_level"
# Levels of assurance as BundID names them (eIDAS: low, substantial, high), weakest first.
TRUST_LEVELS = ("basic", "substantial", "high")
DEFAULT_ACR_MAP = {
    "http://eidas.europa.eu/LoA/low": "basic",
    "http://eidas.europa.eu/LoA/substantial": "substantial",
    "http://eidas.europa.eu/LoA/high": "high",
    "STORK-QAA-Level-1": "basic",
    "STORK-QAA-Level-2": "basic",
    "STORK-QAA-Level-3": "substantial",
    "STORK-QAA-Level-4": "high",
    "basic": "basic",
    "substantial": "substantial",
    "high": "high",
}
# Accounts whose provider gave no verified, free e-mail address get an address that can
# never be delivered (RFC 2606); the person sets a real one through the usual confirmation.
PLACEHOLDER_EMAIL_DOMAIN = "oidc.invalid"
DEFAULT_LABEL = gettext_lazy("Sign in with BundID / your organisation account")


class OidcSignInRefused(Exception):
    """The provider vouched for the person, but Rathaus does not let them in this way."""


@dataclass(frozen=True)
class OidcSignIn:
    """The outcome of one sign-in: who, through which identity, at which level, for whom."""

    user: User
    identity: OidcIdentity
    trust_level: str
    organisation: Organisation | None


# Trust level of the session -------------------------------------------------------------


def trust_level(request) -> str | None:
    """The trust level ("basic", "substantial", "high") the person signed in with, or None.

    Only a session that was opened through OpenID Connect has a level; a password sign-in
    has none, even for an account that also has a linked identity.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.session.get(BACKEND_SESSION_KEY) != BACKEND_PATH:
        return None
    level = request.session.get(TRUST_LEVEL_SESSION_KEY)
    return level if level in TRUST_LEVELS else None


def has_trust_level(request, required: str) -> bool:
    """Whether the session's trust level is at least ``required`` (one of TRUST_LEVELS)."""
    if required not in TRUST_LEVELS:
        raise ValueError(f"Unknown trust level {required!r}.")
    level = trust_level(request)
    return level is not None and TRUST_LEVELS.index(level) >= TRUST_LEVELS.index(required)


def trust_level_for_acr(acr) -> str:
    """Map the ``acr`` claim to a trust level; an unknown value gives no level ("")."""
    mapping = {**DEFAULT_ACR_MAP, **getattr(settings, "RATHAUS_OIDC_ACR_MAP", {})}
    level = mapping.get(str(acr or "").strip(), "")
    return level if level in TRUST_LEVELS else ""


# Claims ---------------------------------------------------------------------------------


def verified_email(claims: dict) -> str:
    """The e-mail address from the claims, only if the provider says it is verified."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if isinstance(email, str) and "@" in email and (verified is True or verified == "true"):
        return email.strip()
    return ""


def organisation_key(claims: dict) -> str:
    """The provider's stable identifier of the organisation (the marking claim's value), so
    that every member of one business signs in to the same Organisation."""
    for claim in settings.RATHAUS_OIDC_ORGANISATION_CLAIMS:
        value = claims.get(claim)
        if value:
            break
    else:
        return ""
    if isinstance(value, list):
        value = value[0]
    if isinstance(value, dict):
        value = next(iter(value))
    return str(value).strip()[:255]


def organisation_name(claims: dict) -> str | None:
    """The organisation this sign-in is for, or None for a person signing in for themselves.

    The first non-empty claim of RATHAUS_OIDC_ORGANISATION_CLAIMS marks an organisation
    sign-in; its name comes from RATHAUS_OIDC_ORGANISATION_NAME_CLAIM, or from the marking
    claim itself (a string, a list of names, or Keycloak's ``{"alias": {...}}`` form).
    """
    for claim in settings.RATHAUS_OIDC_ORGANISATION_CLAIMS:
        value = claims.get(claim)
        if value:
            break
    else:
        return None
    name = claims.get(settings.RATHAUS_OIDC_ORGANISATION_NAME_CLAIM)
    if not isinstance(name, str) or not name.strip():
        if isinstance(value, list):
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name") or next(iter(value))
        name = str(value)
    return name.strip()[:200]


def users_with_verified_email(claims: dict):
    """Local accounts that this sign-in may be linked to by e-mail address.

    Only a verified address from the provider counts, and only an account that has
    confirmed the same address: an unconfirmed account may belong to whoever typed the
    address, so linking it would hand that person's sign-in to someone else.
    """
    email = verified_email(claims)
    if not email:
        return User.objects.none()
    return User.objects.filter(
        email_lookup=email_lookup_for(email), email_confirmed_at__isnull=False
    )


def _email_is_free(email: str, user: User | None = None) -> bool:
    taken = User.objects.filter(email_lookup=email_lookup_for(email))
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    return not taken.exists()


# The use case ---------------------------------------------------------------------------


@transaction.atomic
def sign_in_with_oidc(*, issuer: str, claims: dict) -> OidcSignIn:
    """Find or create the account for a verified identity and record what the provider said.

    Staff accounts cannot sign in this way (they use a password and a second factor); the
    provider cannot create them either: every account made here is a citizen's.
    """
    subject = str(claims["sub"])
    identity = (
        OidcIdentity.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    user = identity.user if identity is not None else users_with_verified_email(claims).first()
    if user is not None and (user.is_town_staff or user.is_staff or user.is_superuser):
        raise OidcSignInRefused("Staff accounts cannot sign in through OpenID Connect.")

    if user is None:
        user = _create_citizen(claims)
    else:
        _update_from_claims(user, claims)
    linked = identity is None
    if linked:
        identity = OidcIdentity(issuer=issuer, subject=subject, user=user)

    level = trust_level_for_acr(claims.get("acr"))
    org_name = organisation_name(claims)
    organisation = (
        _organisation_for(identity, user, org_name, issuer, organisation_key(claims))
        if org_name
        else None
    )
    identity.trust_level = level
    identity.is_organisation = organisation is not None
    if organisation is not None:
        identity.organisation = organisation
    identity.last_login_at = timezone.now()
    identity.save()
    if linked:
        record(
            action=AuditEntry.Action.CREATE,
            actor=user,
            obj=identity,
            summary="OpenID Connect identity linked to the account",
        )
    return OidcSignIn(user=user, identity=identity, trust_level=level, organisation=organisation)


def _create_citizen(claims: dict) -> User:
    email = verified_email(claims)
    confirmed = bool(email) and _email_is_free(email)
    user = User.objects.create_user(
        email=email if confirmed else f"oidc-{uuid.uuid4().hex}@{PLACEHOLDER_EMAIL_DOMAIN}",
        password=None,
        kind=User.Kind.CITIZEN,
        email_confirmed_at=timezone.now() if confirmed else None,
        **_names(claims),
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=user,
        obj=user,
        summary="Account created through OpenID Connect sign-in",
    )
    return user


def _update_from_claims(user: User, claims: dict) -> None:
    """Names follow the provider; a verified address replaces an unconfirmed one."""
    changed = False
    for field, value in _names(claims).items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    email = verified_email(claims)
    if email and not user.email_confirmed and _email_is_free(email, user):
        user.set_email(email)
        user.email_confirmed_at = timezone.now()
        changed = True
    if changed:
        user.save()


def _names(claims: dict) -> dict:
    names = {}
    for field in ("given_name", "family_name"):
        value = claims.get(field)
        if isinstance(value, str) and value.strip():
            names[field] = value.strip()[:100]
    return names


def _organisation_for(
    identity: OidcIdentity, user: User, name: str, issuer: str, key: str
) -> Organisation:
    """The organisation of an organisation account, found by the provider's key; made on the
    first sign-in of any of its people."""
    organisation = identity.organisation
    if organisation is None and key:
        organisation = Organisation.objects.filter(oidc_issuer=issuer, oidc_key=key).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, oidc_issuer=issuer, oidc_key=key)
        record(
            action=AuditEntry.Action.CREATE,
            actor=user,
            obj=organisation,
            summary="Organisation created through OpenID Connect sign-in",
        )
    elif organisation.name != name:
        organisation.name = name
        organisation.save(update_fields=["name"])
    Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.OWNER}
    )
    return organisation


# mozilla-django-oidc glue ---------------------------------------------------------------


class RathausOIDCBackend(OIDCAuthenticationBackend):
    """Authorization-code flow with PKCE against the broker; accounts via sign_in_with_oidc."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            jwt.PyJWTError,  # e.g. an expired ID token
            requests.RequestException,
            IntegrityError,  # the same identity's first sign-in, twice at the same moment
        ) as error:
            logger.warning("OpenID Connect sign-in failed: %s", error)
            return None
        except OidcSignInRefused as error:
            logger.warning("OpenID Connect sign-in refused: %s", error)
            request.rathaus_oidc_refused = True
            return None

    def verify_token(self, token, **kwargs):
        """Besides signature, expiry and nonce: the token must be meant for us (OIDC Core
        3.1.3.7: ``aud`` contains our client id, ``azp`` if several) and come from the
        expected issuer when RATHAUS_OIDC_ISSUER is set."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not meant for this client (aud).")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token has several audiences but not our azp.")
        expected_issuer = settings.RATHAUS_OIDC_ISSUER
        if not payload.get("iss") or (expected_issuer and payload["iss"] != expected_issuer):
            raise SuspiciousOperation("ID token comes from an unexpected issuer (iss).")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token has no subject (sub).")
        return payload

    def verify_claims(self, claims):
        # The e-mail address is optional: BundID may not pass one on.
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        # The e-mail field is encrypted: match through the blind index, verified only.
        return users_with_verified_email(claims)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub")) != str(payload["sub"]):
            # OIDC Core 5.3.2: the UserInfo response must be about the ID token's subject.
            raise SuspiciousOperation("UserInfo subject differs from the ID token's.")
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed.")
        claims = {**claims, "sub": payload["sub"], "acr": payload.get("acr", claims.get("acr"))}
        sign_in = sign_in_with_oidc(issuer=payload["iss"], claims=claims)
        sign_in.user.rathaus_oidc_sign_in = sign_in
        return sign_in.user

    def get_user(self, user_id):
        user = ModelBackend.get_user(self, user_id)
        if user is None or user.is_town_staff:
            return None
        return user


BACKEND_PATH = f"{RathausOIDCBackend.__module__}.{RathausOIDCBackend.__qualname__}"


class _EnabledOnly:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AuthenticationRequestView(_EnabledOnly, OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint."""


class AuthenticationCallbackView(_EnabledOnly, OIDCAuthenticationCallbackView):
    """Takes the provider's answer; after sign-in, keeps trust level and organisation."""

    def login_success(self):
        response = super().login_success()
        sign_in = getattr(self.user, "rathaus_oidc_sign_in", None)
        if sign_in is not None:
            self.request.session[TRUST_LEVEL_SESSION_KEY] = sign_in.trust_level
            act_for(self.request, sign_in.organisation)
        return response

    def login_failure(self):
        if getattr(self.request, "rathaus_oidc_refused", False):
            message = _(
                "Staff accounts cannot sign in this way. Please sign in with your e-mail "
                "address and password."
            )
        else:
            message = _("Signing in through your identity account did not work. Please try again.")
        messages.error(self.request, message)
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))


urlpatterns = [
    path("callback/", AuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("authenticate/", AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
]


def provider_logout_url(request) -> str | None:
    """The provider's end-session URL (OpenID Connect RP-Initiated Logout 1.0) to send the
    browser to after signing out, so the broker's session ends too; None when the session
    did not come from the provider or no RATHAUS_OIDC_LOGOUT_ENDPOINT is set.

    Call it before ``logout()``: it reads the session. The logout form posts to Rathaus and
    is redirected to the provider, so the provider's origin must be in
    RATHAUS_CSP_FORM_ACTION.
    """
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    if not (settings.OIDC_ENABLED and endpoint):
        return None
    if request.session.get(BACKEND_SESSION_KEY) != BACKEND_PATH:
        return None
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back})
    return f"{endpoint}?{query}"


def login_option(request) -> dict:
    """Context processor: the sign-in button on the login page, when OIDC is switched on."""
    if not settings.OIDC_ENABLED:
        return {}
    return {
        "oidc_login": {
            "url": reverse("oidc_authentication_init"),
            "label": settings.RATHAUS_OIDC_LABEL or DEFAULT_LABEL,
        }
    }
