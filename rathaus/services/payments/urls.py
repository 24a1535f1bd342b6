from django.urls import path

from . import views, views_testprovider

app_name = "payments"

# The test provider's REST resources keep the standard's paths (no trailing slash).
API = "testanbieter/api/"

urlpatterns = [
    path("<uuid:pk>/zurueck/", views.payment_return, name="return"),
    path("testanbieter/<uuid:pk>/", views_testprovider.pay_page, name="test_pay_page"),
    path("testanbieter/<uuid:pk>/bezahlen/", views_testprovider.pay, name="test_pay"),
    path("testanbieter/<uuid:pk>/abbrechen/", views_testprovider.cancel, name="test_cancel"),
    path(f"{API}oauth/token", views_testprovider.api_token, name="test_api_token"),
    path(
        f"{API}paymenttransaction/<str:originator_id>/<str:endpoint_id>",
        views_testprovider.api_transactions,
        name="test_api_transactions",
    ),
    path(
        f"{API}paymenttransaction/<str:originator_id>/<str:endpoint_id>/<str:transaction_id>",
        views_testprovider.api_transaction,
        name="test_api_transaction",
    ),
]
