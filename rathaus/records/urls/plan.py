"""URLs of the e-file: the file plan (under /staff/akten/aktenplan/)."""

from django.urls import path

from ..views import plan

urlpatterns = [
    path("", plan.plan_tree, name="plan"),
    path("neu/", plan.plan_create, name="plan_create"),
    path("import/", plan.plan_import, name="plan_import"),
    path("export.csv", plan.plan_export, name="plan_export"),
    path("<uuid:pk>/bearbeiten/", plan.plan_edit, name="plan_edit"),
    path("<uuid:pk>/stilllegen/", plan.plan_retire, name="plan_retire"),
    path("<uuid:pk>/reaktivieren/", plan.plan_reactivate, name="plan_reactivate"),
    path("<uuid:pk>/loeschen/", plan.plan_delete, name="plan_delete"),
]
