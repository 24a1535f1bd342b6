"""The DCAT-AP.de catalogue under the site root (``/catalog.ttl``, like ckanext-dcat) and the
dataset documents and URIs under ``/daten/``, beside the pages. Dataset names never
contain a dot and the pages' addresses end in a slash, so these never meet theirs."""

from django.urls import path, re_path

from . import views

app_name = "dcat"

urlpatterns = [
    path("catalog", views.catalog, name="catalog"),
    re_path(r"^catalog\.(?P<fmt>ttl|rdf|xml|jsonld)$", views.catalog, name="catalog_document"),
    re_path(
        r"^daten/(?P<name>[a-z0-9_-]{2,100})\.(?P<fmt>ttl|rdf|xml|jsonld)$",
        views.dataset_document,
        name="dataset_document",
    ),
    path("daten/id/<uuid:dataset_id>", views.dataset_uri, name="dataset_uri"),
    path(
        "daten/id/<uuid:dataset_id>/<uuid:resource_id>",
        views.distribution_uri,
        name="distribution_uri",
    ),
    path("daten/id/organisation/<uuid:unit_id>", views.organization_uri, name="organization_uri"),
]
