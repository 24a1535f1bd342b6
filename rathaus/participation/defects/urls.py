from django.urls import path

from . import views

app_name = "defects"

urlpatterns = [
    path("", views.start, name="start"),
    path("meldungen/", views.report_list, name="list"),
    path("karte/", views.map_page, name="map"),
    path("karte/meldungen.json", views.markers, name="markers"),
    path("melden/", views.choose_category, name="choose"),
    path("melden/gesendet/", views.sent, name="sent"),
    path("melden/<str:code>/", views.new, name="new"),
    path("meldung/<int:number>/", views.report, name="report"),
    path("meldung/<int:number>/folgen/", views.follow, name="follow"),
    path("folgen/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("behoben/<str:token>/", views.questionnaire, name="questionnaire"),
]
