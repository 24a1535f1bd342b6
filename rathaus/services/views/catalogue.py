"""The public service catalogue: browse, search, a service's page and its alternatives."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rathaus.core.tenancy import current_town

from ..formdefs.paper import paper_pages
from ..forms.applicant import CallbackForm
from ..models import LifeSituation, Service
from ..search import search_services
from ..services import applications as applying
from ..services.catalogue import request_callback

AUDIENCES = {"buerger": "citizens", "unternehmen": "businesses"}


def index(request):
    query = request.GET.get("q", "").strip()[:200]
    audience = request.GET.get("fuer", "")
    services = Service.objects.published().prefetch_related("life_situations")
    if audience in AUDIENCES:
        services = services.for_audience(AUDIENCES[audience])
    results = search_services(services, query) if query else None
    situations = LifeSituation.objects.all()
    if audience in AUDIENCES:
        situations = situations.filter(audience__in=[AUDIENCES[audience], "both"])
    return render(
        request,
        "services/catalogue/index.html",
        {
            "query": query,
            "audience": audience,
            "results": results,
            "situations": situations,
            "services": None if query else services,
            "audience_tabs": [
                {"label": label, "url": url, "current": audience == key}
                for key, label, url in (
                    ("", _("All"), reverse("catalogue:index")),
                    ("buerger", _("For citizens"), "?fuer=buerger"),
                    ("unternehmen", _("For businesses"), "?fuer=unternehmen"),
                )
            ],
        },
    )


def situation(request, slug):
    life_situation = get_object_or_404(LifeSituation, slug=slug)
    return render(
        request,
        "services/catalogue/situation.html",
        {
            "situation": life_situation,
            "services": life_situation.services.published(),
            "breadcrumbs": [{"label": _("Services"), "url": reverse("catalogue:index")}],
        },
    )


def _appointment_url(service) -> str:
    """The booking page, if a desk serves the service in person."""
    from ..appointments.models import Desk
    from ..appointments.services import booking_url
    from ..appointments.services.booking import is_bookable

    if (
        not is_bookable(service)
        or not Desk.objects.filter(services=service, is_active=True).exists()
    ):
        return ""
    return booking_url(service)


def detail(request, slug):
    service = get_object_or_404(
        Service.objects.published().select_related("unit").prefetch_related("life_situations"),
        slug=slug,
    )
    form = applying.current_form(service)
    user = request.user
    return render(
        request,
        "services/catalogue/detail.html",
        {
            "service": service,
            "online": form is not None,
            "may_apply_here": form is not None
            and (not user.is_authenticated or not user.is_town_staff),
            "appointment_url": "" if service.needs_appointment else _appointment_url(service),
            "callback_form": CallbackForm(prefix="cb") if service.offers_callback else None,
            "breadcrumbs": [{"label": _("Services"), "url": reverse("catalogue:index")}],
        },
    )


def callback(request, slug):
    service = get_object_or_404(Service.objects.published(), slug=slug, offers_callback=True)
    form = CallbackForm(request.POST or None, prefix="cb")
    if request.method == "POST" and form.is_valid():
        request_callback(service=service, **form.cleaned_data)
        messages.success(request, _("Thank you. We will call you back."))
        return redirect("catalogue:service", slug=slug)
    return render(
        request,
        "services/catalogue/callback.html",
        {
            "service": service,
            "form": form,
            "breadcrumbs": [
                {"label": _("Services"), "url": reverse("catalogue:index")},
                {"label": service.name, "url": reverse("catalogue:service", args=[slug])},
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def paper_form(request, slug):
    """The form to print and fill in by hand, generated from the form definition."""
    from rathaus.records.letters import logo_data_uri, render_html_pdf

    service = get_object_or_404(Service.objects.published(), slug=slug, offers_paper_form=True)
    form = applying.current_form(service)
    if form is None:
        return redirect("catalogue:service", slug=slug)
    html = render_to_string(
        "services/pdf/paper_form.html",
        {
            "town": current_town(),
            "logo": logo_data_uri(current_town()),
            "service": service,
            "form": form,
            "pages": paper_pages(form.definition),
        },
    )
    response = HttpResponse(render_html_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(service.name)}.pdf"'
    return response
