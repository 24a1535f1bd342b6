"""Mounts each app's URLs under its own prefix."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from rathaus.api import api
from rathaus.core import views as core_views
from rathaus.core.tenancy import hide_installation_wide_models_from_admin
from rathaus.opendata.ckan import views as ckan_views

hide_installation_wide_models_from_admin(admin.site)

urlpatterns = [
    path("", include("rathaus.core.urls")),
    path("konto/", include("rathaus.core.accounts.urls")),
    path("staff/akten/", include("rathaus.records.urls")),
    path("staff/leistungen/", include("rathaus.services.urls.staff")),
    path("staff/termine/", include("rathaus.services.appointments.staff_urls")),
    path("leistungen/", include("rathaus.services.urls.public")),
    path("antraege/", include("rathaus.services.urls.applicant")),
    path(
        "beteiligung/<slug:process_slug>/umfragen/", include("rathaus.participation.surveys.urls")
    ),
    path(
        "beteiligung/<slug:process_slug>/buergerhaushalt/",
        include("rathaus.participation.budgets.urls"),
    ),
    path(
        "beteiligung/<slug:process_slug>/entwuerfe/",
        include("rathaus.participation.consultations.urls"),
    ),
    path("beteiligung/", include("rathaus.participation.urls")),
    path("mitreden/", include("rathaus.participation.engagement.urls")),
    path("maengelmelder/", include("rathaus.participation.defects.urls")),
    path("open311/", include("rathaus.participation.defects.open311_urls")),
    path("eingaben/", include("rathaus.participation.petitions.urls")),
    path("daten/", include("rathaus.opendata.urls")),
    path("staff/daten/", include("rathaus.opendata.staff_urls")),
    # CKAN's Action API answers under both of CKAN's prefixes.
    path("api/3/action/", include(("rathaus.opendata.ckan.urls", "ckan"), namespace="ckan")),
    path("api/action/", include(("rathaus.opendata.ckan.urls", "ckan"), namespace="ckan-legacy")),
    path("api/3/openapi.json", ckan_views.openapi, name="ckan_openapi"),
    path("", include("rathaus.opendata.dcat.urls")),
    path("bezahlen/", include("rathaus.services.payments.urls")),
    path("termine/", include("rathaus.services.appointments.urls")),
    path(
        "staff/beteiligung/<slug:process_slug>/umfragen/",
        include("rathaus.participation.surveys.staff_urls"),
    ),
    path(
        "staff/beteiligung/<slug:process_slug>/buergerhaushalt/",
        include("rathaus.participation.budgets.staff_urls"),
    ),
    path(
        "staff/beteiligung/<slug:process_slug>/entwuerfe/",
        include("rathaus.participation.consultations.staff_urls"),
    ),
    path("staff/beteiligung/", include("rathaus.participation.staff_urls")),
    path("staff/moderation/", include("rathaus.participation.engagement.staff_urls")),
    path("staff/maengel/", include("rathaus.participation.defects.staff_urls")),
    path("staff/eingaben/", include("rathaus.participation.petitions.staff_urls")),
    path("staff/schulungen/", include("rathaus.training.urls")),
    path("staff/programm/", include("rathaus.programme.urls")),
    path("expertengruppe/", include("rathaus.programme.urls_group")),
    path("egovernment/", include("rathaus.programme.urls_public")),
    path("staff/", include("rathaus.core.staff.urls")),
    path("dateien/", include("rathaus.core.uploads.urls")),
    path("postfach/", include("rathaus.core.notifications.urls")),
    path("auftraege/", include("rathaus.core.jobs.urls")),
    path("zwei-faktor/", include("rathaus.core.staff.otp_urls")),
    path("anbieter/", include("rathaus.core.provider.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# Always mounted; the views answer 404 unless settings.OIDC_ENABLED (decided per request).
urlpatterns.append(path("oidc/", include("rathaus.core.accounts.oidc")))

if settings.RATHAUS_BENCH_VIEW:
    urlpatterns.append(path("_bench/plain", core_views.bench_plain))

handler400 = "rathaus.core.views.error_400"
handler403 = "rathaus.core.views.error_403"
handler404 = "rathaus.core.views.error_404"
handler500 = "rathaus.core.views.error_500"
