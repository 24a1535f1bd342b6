"""The e-file's pages, under /staff/akten/ (staff area: second factor required)."""

from django.urls import include, path

from ..views import home

app_name = "records"

urlpatterns = [
    path("", home.index, name="home"),
    path("aktenplan/", include("rathaus.records.urls.plan")),
    path("", include("rathaus.records.urls.files")),
    path("", include("rathaus.records.urls.documents")),
    path("suche/", include("rathaus.records.urls.search")),
    path("", include("rathaus.records.urls.routes")),
    path("aussonderung/", include("rathaus.records.urls.disposal")),
    path("xdomea/", include("rathaus.records.xdomea.urls")),
]
