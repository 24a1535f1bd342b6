"""Request-wide middleware of the core: the current town, and no caching of personal pages."""

from django.utils.cache import add_never_cache_headers, patch_cache_control

from .models import Town


class TownMiddleware:
    """Attach the town this request is for as ``request.town``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.town = Town.objects.current()
        return self.get_response(request)


class PrivatePageCacheMiddleware:
    """Pages shown to a signed-in person, and every form page, are never stored by caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/static/"):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.method != "GET":
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
