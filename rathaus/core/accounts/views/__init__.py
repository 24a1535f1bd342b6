"""Pages of the accounts app: signing in and out, registration, the account itself,
and organisations. One module per area; ``urls.py`` imports from here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


# Placeholders for the second-factor pages until they move to their own views
# (``rathaus/core/staff/otp_urls.py`` still points here).
@login_required
def otp_setup(request):
    return render(request, "accounts/otp_setup.html")


@login_required
def otp_verify(request):
    return render(request, "accounts/otp_verify.html")
