from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


def register(request):
    return render(request, "accounts/register.html")


@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html")


@login_required
def otp_setup(request):
    return render(request, "accounts/otp_setup.html")


@login_required
def otp_verify(request):
    return render(request, "accounts/otp_verify.html")
