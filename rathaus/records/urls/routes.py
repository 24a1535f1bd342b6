"""URLs of the e-file: co-signing routes (Umlauf) and the inbox (Postkorb)."""

from django.urls import path

from ..views import routes

urlpatterns = [
    path("postkorb/", routes.inbox, name="inbox"),
    path("vorgaenge/<uuid:pk>/umlauf/", routes.route_start, name="route_start"),
    path("umlaeufe/<uuid:pk>/", routes.route_detail, name="route_detail"),
    path("umlaeufe/<uuid:pk>/zurueckziehen/", routes.route_withdraw, name="route_withdraw"),
    path("umlaufschritte/<uuid:pk>/entscheiden/", routes.step_decide, name="step_decide"),
]
