"""CKAN's Action API: ``<action name>`` under /api/3/action/ (namespace "ckan") and the
older /api/action/ (namespace "ckan-legacy"); ``rathaus/urls.py`` mounts this module under
both."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:action_name>", views.action, name="action"),
]
