from django.urls import path

from . import staff_views as views

app_name = "moderation"

urlpatterns = [
    path("", views.home, name="home"),
    path("meldungen/", views.queue, name="queue"),
    path("meldungen/<uuid:pk>/", views.item, name="item"),
    path("meldungen/<uuid:pk>/ausblenden/", views.decide, {"decision": "hide"}, name="hide"),
    path("meldungen/<uuid:pk>/einblenden/", views.decide, {"decision": "show"}, name="unhide"),
    path("meldungen/<uuid:pk>/sperren/", views.block_author, name="block_author"),
    path("inhalt/<int:type_id>/<str:object_id>/", views.moderate_content, name="content"),
    path("gesperrt/", views.blocks, name="blocks"),
    path("gesperrt/<uuid:pk>/aufheben/", views.unblock, name="unblock"),
    path("protokoll/", views.log, name="log"),
    path("einstellungen/", views.settings_page, name="settings"),
]
