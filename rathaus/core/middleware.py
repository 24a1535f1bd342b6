"""Request-wide middleware of the core: the current town, and no caching of personal pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation.trans_real import parse_accept_lang_header

from .models import Town
from .tenancy import for_town


class TownMiddleware:
    """Find the town from the request's host and handle the request inside its scope.

    An unknown host gets a plain 404, never another town's page; a suspended town a plain
    503. ``request.town`` is the town; every query below runs in its scope.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        town = Town.objects.for_host(request.get_host())
        if town is None:
            return HttpResponseNotFound(b"Not found", content_type="text/plain")
        if not town.is_active:
            return HttpResponse(
                b"This service is not available.", status=503, content_type="text/plain"
            )
        request.town = town
        with for_town(town):
            return self.get_response(request)


class TownLanguageMiddleware:
    """Pages are offered only in the town's languages: the one chosen with the language
    switch, else the best the browser asks for, else the town's first language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        codes = request.town.chosen_language_codes
        if codes:
            language = _preferred_language(request, codes)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def _preferred_language(request, codes: list[str]) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in codes:
        return chosen
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accepted, _quality in parse_accept_lang_header(header):
        base = accepted.split("-")[0].lower()
        if base in codes:
            return base
    return codes[0]


class PrivatePageCacheMiddleware:
    """Responses to a signed-in person, and answers to form submissions, are never stored by
    caches. Responses a view explicitly marked ``public`` (e.g. the town's logo) keep their
    caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/static/") or _marked_public(response):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.method != "GET":
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def _marked_public(response) -> bool:
    directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives
