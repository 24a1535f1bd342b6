from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.postbox, name="postbox"),
    path("<uuid:pk>/", views.message_detail, name="message"),
]
