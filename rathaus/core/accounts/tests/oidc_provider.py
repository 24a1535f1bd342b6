"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit under /o/.

Used as ROOT_URLCONF by test_oidc.py, so one live server is both the broker (provider)
and Rathaus (relying party). Never part of a production URLconf.
"""

from django.http import JsonResponse
from django.urls import include, path
from oauth2_provider.oauth2_validators import OAuth2Validator

from rathaus import urls as rathaus_urls

# Claims the provider asserts, by provider account (str of its pk); tests fill it.
CLAIMS_BY_PROVIDER_USER: dict[str, dict] = {}
# A key set an attacker would like the relying party to trust; a test fills it.
FORGED_JWKS: dict = {"keys": []}


class ProviderValidator(OAuth2Validator):
    """Adds the broker's claims (email, email_verified, acr, organisation) to the ID token
    and to the UserInfo response, whatever the scope."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(CLAIMS_BY_PROVIDER_USER.get(str(request.user.pk), {}))


def forged_jwks(request):
    return JsonResponse(FORGED_JWKS)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("forged/jwks.json", forged_jwks),
    path("", include(rathaus_urls)),
]

handler400 = rathaus_urls.handler400
handler403 = rathaus_urls.handler403
handler404 = rathaus_urls.handler404
handler500 = rathaus_urls.handler500
