from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("barrierefreiheit/danke/", views.accessibility_thanks, name="accessibility_thanks"),
    path("healthz", views.health, name="health"),
]
