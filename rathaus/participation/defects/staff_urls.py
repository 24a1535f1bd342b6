from django.urls import path

from . import staff_views as views

app_name = "defects_staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("meldung/<int:number>/", views.report, name="report"),
    path("meldung/<int:number>/status/", views.change_status, name="status"),
    path("meldung/<int:number>/weitergeben/", views.reassign, name="reassign"),
    path("kategorien/", views.categories, name="categories"),
    path("kategorien/neu/", views.category_edit, name="category_new"),
    path("kategorien/<str:code>/", views.category_edit, name="category_edit"),
    path("kategorien/<str:code>/fragen/neu/", views.attribute_edit, name="attribute_new"),
    path("kategorien/<str:code>/fragen/<uuid:pk>/", views.attribute_edit, name="attribute_edit"),
    path("strassen/", views.streets, name="streets"),
    path("gebiet/", views.boundary, name="boundary"),
    path("einstellungen/", views.settings_page, name="settings"),
]
