"""The shared layout and every component together on one page, in a real browser: no axe-core
violation, no CSP breach, and no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10 Reflow,
which also covers 400 % zoom of a 1280 pixel window)."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory
from playwright.sync_api import expect

from rathaus.core.forms_rendering import DatePartsField

pytestmark = pytest.mark.browser

GALLERY = """{% extends "base.html" %}
{% block title %}Komponenten{% endblock %}
{% block content %}
{% error_summary form %}
<h1 class="kern-heading-large">Komponenten</h1>
{% include "components/tabs.html" with tabs=tabs label="Bereiche" %}
{% include "components/step_indicator.html" with steps=steps current=2 %}
<form method="post" novalidate class="rh-form">{% csrf_token %}
  {{ form }}
  <button type="submit" class="kern-btn kern-btn--primary">
    <span class="kern-label">Senden</span>
  </button>
</form>
<table class="kern-table">
  <caption class="kern-title">Liste</caption>
  <thead class="kern-table__head">
    <tr class="kern-table__row"><th class="kern-table__header" scope="col">Nr.</th></tr>
  </thead>
  <tbody class="kern-table__body">{% for item in page %}
    <tr class="kern-table__row"><td class="kern-table__cell">{{ item }}</td></tr>
  {% endfor %}</tbody>
</table>
{% include "components/pagination.html" with page=page %}
{% endblock %}"""


class GalleryForm(forms.Form):
    email = forms.EmailField(label="E-Mail-Adresse", help_text="Für die Eingangsbestätigung.")
    kind = forms.ChoiceField(
        label="Art", choices=[("a", "Antrag"), ("b", "Beschwerde")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Themen",
        choices=[("v", "Verkehr"), ("u", "Umwelt")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = forms.ChoiceField(
        label="Ortsteil", choices=[("", "Bitte wählen"), ("g", "Gräfenhausen")]
    )
    text = forms.CharField(label="Beschreibung", widget=forms.Textarea, required=False)
    since = DatePartsField(label="Seit wann?", help_text="Zum Beispiel 27 3 2024")
    attachment = forms.FileField(label="Anhang", required=False)
    agree = forms.BooleanField(label="Ich stimme zu")


def gallery_html(town, live_server_url: str) -> str:
    request = RequestFactory().get("/_komponenten/?page=3&q=Baum")
    request.user = AnonymousUser()
    request.town = town
    request.session = {}
    request._messages = [
        Message(constants.SUCCESS, "Gespeichert."),
        Message(constants.ERROR, "Etwas ging schief."),
    ]
    form = GalleryForm(data={"email": "falsch", "since_0": "31", "since_1": "2", "since_2": "2024"})
    context = RequestContext(
        request,
        {
            "form": form,
            "tabs": [
                {"label": "Offen", "url": "/_komponenten/", "count": 4},
                {"label": "Erledigt", "url": "/_komponenten/?erledigt=1"},
            ],
            "steps": [{"label": "Person", "url": "/_komponenten/"}, "Anliegen", "Prüfen"],
            "page": Paginator(list(range(1, 200)), 10).get_page(3),
            "breadcrumbs": [{"label": "Startseite", "url": "/"}, {"label": "Komponenten"}],
            "messages": request._messages,
        },
    )
    return Template(GALLERY).render(context)


@pytest.fixture
def gallery(page, live_server, town):
    html = gallery_html(town, live_server.url)
    page.route(
        "**/_komponenten/**", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    return html


def test_every_component_passes_axe_and_the_csp(page, gallery, axe):
    page.goto("/_komponenten/?page=3&q=Baum")
    expect(page.get_by_role("heading", level=1)).to_have_text("Komponenten")
    expect(page.locator(".rh-error-summary")).to_be_focused()
    expect(page.locator('.rh-steps [aria-current="step"]')).to_contain_text("Anliegen")
    expect(page.locator('.rh-pagination [aria-current="page"]')).to_have_text("3")
    axe(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_layout_reflows_without_horizontal_scrolling(page, gallery, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/_komponenten/?page=3&q=Baum")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


def test_start_page_reflows_at_320_pixels(page, visit):
    page.set_viewport_size({"width": 320, "height": 640})
    visit("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
