"""Public pages of the town: start page, imprint, privacy, accessibility statement."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from .forms import AccessibilityFeedbackForm
from .registries import public_areas_in_order
from .services import submit_accessibility_feedback


@require_GET
def home(request):
    areas = [
        {"title": area.title, "text": area.text, "url": reverse(area.url_name)}
        for area in public_areas_in_order()
    ]
    return render(request, "core/home.html", {"areas": areas})


def _breadcrumbs(label) -> list[dict]:
    return [{"label": _("Home"), "url": "/"}, {"label": label, "url": ""}]


@require_GET
def imprint(request):
    return render(request, "core/imprint.html", {"breadcrumbs": _breadcrumbs(_("Imprint"))})


@require_GET
def privacy(request):
    return render(request, "core/privacy.html", {"breadcrumbs": _breadcrumbs(_("Privacy policy"))})


@require_http_methods(["GET", "POST"])
def accessibility(request):
    form = AccessibilityFeedbackForm(
        request.POST or None, initial={"page_url": request.GET.get("seite", "")}
    )
    if request.method == "POST" and form.is_valid():
        submit_accessibility_feedback(town=request.town, data=form.cleaned_data)
        return redirect("core:accessibility_thanks")
    return render(
        request,
        "core/accessibility.html",
        {"form": form, "breadcrumbs": _breadcrumbs(_("Accessibility statement"))},
    )


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
    """Rendered without a request context: no context processor, session or database
    is touched, so the page shows even when the database is down."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
