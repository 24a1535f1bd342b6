"""Training pages, all under /staff/schulungen/ (staff only; the public sees nothing)."""

from django.urls import include, path

app_name = "training"

urlpatterns = [
    path("", include("rathaus.training.urls_learning")),
    path("kurse/", include("rathaus.training.urls_authoring")),
    path("termine/", include("rathaus.training.urls_sessions")),
    path("uebersicht/", include("rathaus.training.urls_compliance")),
]
