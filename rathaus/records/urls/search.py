"""URLs of the e-file: search."""

from django.urls import path

from ..views import search

urlpatterns = [
    path("", search.search_page, name="search"),
]
