from django.urls import path  # noqa: F401

app_name = "budgets_staff"

urlpatterns: list = []
