"""The JSON API (django-ninja), mounted at /api/v1/: each app adds the router from its own
``api.py``. The OpenAPI document is at /api/v1/openapi.json, interactive documentation at
/api/v1/docs. See docs/api.md.

Refusals of the domain services become 409 with ``{"detail": <translated message>}``, so
an API client gets the same reason a person sees on the page.
"""

from pathlib import Path

import ninja
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.template import engines
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from rathaus.core.exceptions import UserFacingError
from rathaus.services.api import router as services_router
from rathaus.services.exceptions import ServicesError

DESCRIPTION = """\
The town's online services as JSON.

* **Service catalogue** (`/services/…`): public, no sign-in.
* **My applications** (`/me/…`): the signed-in person's own applications (session cookie of
  the website; read only).
* **Staff** (`/staff/…`): for programs of the town's staff, with an API token of a member of
  staff in the header `Authorization: Bearer <token>`. Staff create and revoke tokens in the
  staff area under "API tokens". A token has exactly its owner's rights.

Errors are JSON: `{"detail": "…"}` (401 without a valid token or session, 404 for what does
not exist or is not yours to see, 409 when the action is refused in the application's
current state, with a translated reason). Invalid input gives 422 with
`{"detail": [{"loc": […], "msg": "…", "type": "…"}]}`. Lists are paginated
(`?page=2&page_size=50`, at most 100) and answer `{"items": […], "count": n}`.
"""

NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static" / "ninja"
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}
DOCS_ASSET_MAX_AGE = 24 * 60 * 60
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ assets.css }}">
<link rel="icon" href="{{ assets.favicon }}" type="image/png">
</head>
<body data-csrf-token="" data-api-csrf="">
{{ swagger_settings|json_script:"swagger-settings" }}
<div id="swagger-ui"></div>
<script src="{{ assets.bundle }}"></script>
<script src="{{ assets.init }}"></script>
</body>
</html>
"""


class OfflineSwagger(Swagger):
    """Swagger UI from the copy django-ninja ships, served by this API itself: nothing is
    loaded from a CDN, no script is inline (the site's Content-Security-Policy allows
    neither), and the spec validator badge (an outside service) is switched off.

    django-ninja uses its own files only when "ninja" is an installed app and loads them
    from a CDN otherwise; serving them here works either way and needs no collectstatic.
    """

    def __init__(self):
        super().__init__(settings={"validatorUrl": None})

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}

        def asset(name: str) -> str:
            url = reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name})
            return f"{url}?v={ninja.__version__}"

        template = engines["django"].from_string(DOCS_PAGE)
        return HttpResponse(
            template.render(
                {
                    "title": api.title,
                    "swagger_settings": settings,
                    "assets": {
                        "css": asset("swagger-ui.css"),
                        "favicon": asset("favicon.png"),
                        "bundle": asset("swagger-ui-bundle.js"),
                        "init": asset("swagger-ui-init.js"),
                    },
                },
                request,
            ),
            content_type="text/html; charset=utf-8",
        )


api = NinjaAPI(
    title="Rathaus API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
)
api.add_router("", services_router)


@api.get("/docs/assets/{name}", url_name="docs-asset", include_in_schema=False, auth=None)
def docs_asset(request, name: str):
    """A file of the interactive documentation (Swagger UI)."""
    if name not in DOCS_ASSETS:
        raise Http404
    response = FileResponse((NINJA_STATIC / name).open("rb"), content_type=DOCS_ASSETS[name])
    patch_cache_control(response, public=True, max_age=DOCS_ASSET_MAX_AGE)
    return response


def _refused(request, error):
    return api.create_response(request, {"detail": str(error.message)}, status=409)


# Each app's domain errors carry a translated message for the person who acted.
api.add_exception_handler(ServicesError, _refused)
api.add_exception_handler(UserFacingError, _refused)


@api.exception_handler(PermissionDenied)
def _forbidden(request, error):
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )
