"""Public pages of the town: start page, imprint, privacy, accessibility statement."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .forms import AccessibilityFeedbackForm
from .services import submit_accessibility_feedback


@require_GET
def home(request):
    return render(request, "core/home.html")


@require_GET
def imprint(request):
    return render(request, "core/imprint.html")


@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    form = AccessibilityFeedbackForm(
        request.POST or None, initial={"page_url": request.GET.get("seite", "")}
    )
    if request.method == "POST" and form.is_valid():
        submit_accessibility_feedback(town=request.town, data=form.cleaned_data)
        return redirect("core:accessibility_thanks")
    return render(request, "core/accessibility.html", {"form": form})


@require_GET
def accessibility_thanks(request):
    return render(request, "core/accessibility_thanks.html")


@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache_control(no_store=True)
def bench_plain(request):
    """The fixed-string baseline `make bench` compares the start page against."""
    return HttpResponse(b"ok", content_type="text/plain")


def _error(request, template: str, status: int):
    return render(request, template, status=status)


def error_400(request, exception=None):
    return _error(request, "errors/400.html", 400)


def error_403(request, exception=None):
    return _error(request, "errors/403.html", 403)


def error_404(request, exception=None):
    return _error(request, "errors/404.html", 404)


def error_500(request):
    return _error(request, "errors/500.html", 500)
