from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("<int:type_id>/<str:object_id>/kommentieren/", views.comment, name="comment"),
    path("<int:type_id>/<str:object_id>/melden/", views.flag, name="flag"),
    path("<int:type_id>/<str:object_id>/folgen/", views.follow, name="follow"),
    path("<int:type_id>/<str:object_id>/nicht-mehr-folgen/", views.unfollow, name="unfollow"),
    path("beitrag/<uuid:comment_id>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
