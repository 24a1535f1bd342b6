"""Open311 GeoReport v2 under ``/open311/``: discovery, the API under ``v2/``, and the
staff pages for client keys under ``zugaenge/``."""

from django.urls import path, re_path

from . import open311_staff
from .open311 import views

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("v2/services.<str:fmt>", views.service_list, name="services"),
    path("v2/services/<str:service_code>.<str:fmt>", views.service_definition, name="service"),
    path("v2/requests.<str:fmt>", views.requests, name="requests"),
    path("v2/requests/<str:service_request_id>.<str:fmt>", views.one_request, name="request"),
    path("v2/tokens/<str:token>.<str:fmt>", views.token, name="token"),
    re_path(r"^v2/(?P<rest>.*)$", views.not_found, name="not_found"),
    path("zugaenge/", open311_staff.client_list, name="clients"),
    path("zugaenge/neu/", open311_staff.client_approve, name="client_approve"),
    path("zugaenge/<uuid:pk>/widerrufen/", open311_staff.client_revoke, name="client_revoke"),
]
