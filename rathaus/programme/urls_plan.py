"""Plan pages, under /staff/programm/plan/: roadmap, cost plan and staff plan."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views_plan as views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programme:plan_roadmap"), name="plan"),
    path("roadmap/", views.roadmap, name="plan_roadmap"),
    path("kosten/", views.costs, name="plan_costs"),
    re_path(r"^kosten/export\.(?P<kind>csv|xlsx)$", views.costs_export, name="plan_costs_export"),
    path("kosten/neu/", views.cost_new, name="plan_cost_new"),
    path("kosten/<uuid:pk>/", views.cost_edit, name="plan_cost_edit"),
    path("kosten/<uuid:pk>/entfernen/", views.cost_delete, name="plan_cost_delete"),
    path("personal/", views.staff, name="plan_staff"),
    re_path(r"^personal/export\.(?P<kind>csv|xlsx)$", views.staff_export, name="plan_staff_export"),
    path("personal/neu/", views.staff_new, name="plan_staff_new"),
    path("personal/<uuid:pk>/", views.staff_edit, name="plan_staff_edit"),
    path("personal/<uuid:pk>/entfernen/", views.staff_delete, name="plan_staff_delete"),
]
