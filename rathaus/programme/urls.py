"""Programme pages for staff, under /staff/programm/."""

from django.urls import include, path

app_name = "programme"

urlpatterns = [
    path("", include("rathaus.programme.urls_concept")),
    path("plan/", include("rathaus.programme.urls_plan")),
    path("haushalt/", include("rathaus.programme.urls_budget")),
    path("kennzahlen/", include("rathaus.programme.urls_figures")),
    path("foerderung/", include("rathaus.programme.urls_funding")),
    path("jahresbericht/", include("rathaus.programme.urls_report")),
]
