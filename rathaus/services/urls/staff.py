"""The staff pages of online services, under /staff/leistungen/ (second factor required)."""

from django.urls import path

from ..views import designer, staff

app_name = "services_staff"

urlpatterns = [
    path("", staff.home, name="home"),
    path("antraege/<slug:queue>/", staff.queue, name="queue"),
    path("antrag/<uuid:pk>/", staff.case, name="case"),
    path("antrag/<uuid:pk>/uebernehmen/", staff.take, name="take"),
    path("antrag/<uuid:pk>/zuweisen/", staff.assign, name="assign"),
    path("antrag/<uuid:pk>/rueckfrage/", staff.query, name="query"),
    path("antrag/<uuid:pk>/vermerk/", staff.note, name="note"),
    path("antrag/<uuid:pk>/bescheid/", staff.decide, name="decide"),
    path("antrag/<uuid:pk>/abschliessen/", staff.close, name="close"),
    path("antrag/<uuid:pk>/zur-akte/", staff.file_now, name="file_now"),
    path("rueckrufe/<uuid:pk>/erledigt/", staff.callback_done, name="callback_done"),
    path("kennzahlen/", staff.channel_counts, name="channel_counts"),
    path("katalog/", designer.services, name="services"),
    path("katalog/neu/", designer.service_create, name="service_create"),
    path("katalog/<uuid:pk>/", designer.service_edit, name="service_edit"),
    path("katalog/<uuid:pk>/formulare/", designer.service_forms, name="service_forms"),
    path("katalog/<uuid:pk>/formulare/neu/", designer.draft_start, name="draft_start"),
    path("katalog/<uuid:pk>/formulare/fim/", designer.fim_import, name="fim_import"),
    path(
        "katalog/<uuid:pk>/formulare/codeliste/", designer.code_list_import, name="code_list_import"
    ),
    path("katalog/<uuid:pk>/formulare/<uuid:form_pk>/", designer.designer, name="designer"),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/json/",
        designer.designer_json,
        name="designer_json",
    ),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/seite/<str:page_id>/",
        designer.page_edit,
        name="page_edit",
    ),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/feld/<str:field_id>/",
        designer.field_edit,
        name="field_edit",
    ),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/vorschau/<int:index>/",
        designer.preview,
        name="preview",
    ),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/veroeffentlichen/",
        designer.publish,
        name="publish",
    ),
    path(
        "katalog/<uuid:pk>/formulare/<uuid:form_pk>/schema.json",
        designer.form_schema,
        name="form_schema",
    ),
]
