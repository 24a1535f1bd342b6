"""The staff area's start page: one tile for each thing the person may do."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.accounts import permissions as perms
from rathaus.core.registries import staff_area_registry, visible_areas


def tiles_for(user) -> list[dict]:
    tiles = []
    if perms.can_manage_users(user):
        tiles.append(
            {
                "title": _("People"),
                "text": _("Staff and citizen accounts, invitations, roles."),
                "url": reverse("staff:users"),
            }
        )
    if perms.can_use_units_area(user):
        tiles.append(
            {
                "title": _("Organisational units"),
                "text": _("Departments, offices and sections, and who works in them."),
                "url": reverse("staff:units"),
            }
        )
    if perms.can_edit_town_settings(user):
        tiles.append(
            {
                "title": _("Town settings"),
                "text": _("Name, address, opening hours, imprint, privacy policy, logo."),
                "url": reverse("staff:town_settings"),
            }
        )
    if perms.can_handle_accessibility_feedback(user):
        tiles.append(
            {
                "title": _("Accessibility feedback"),
                "text": _("Barriers reported through the accessibility statement."),
                "url": reverse("staff:feedback_list"),
            }
        )
    if perms.can_handle_deletion_requests(user):
        tiles.append(
            {
                "title": _("Deletion requests"),
                "text": _("Requests to delete an account (Art. 17 GDPR)."),
                "url": reverse("staff:deletion_requests"),
            }
        )
    tiles.extend(
        {"title": area.title, "text": area.text, "url": reverse(area.url_name)}
        for area in visible_areas(staff_area_registry, user)
    )
    tiles.append(
        {
            "title": _("My second factor"),
            "text": _("New recovery codes, or a new authenticator app."),
            "url": reverse("otp:manage"),
        }
    )
    tiles.append(
        {
            "title": _("My API tokens"),
            "text": _("Access for programs that use the staff API in your name."),
            "url": reverse("staff:api_tokens"),
        }
    )
    return tiles


@require_GET
def home(request):
    return render(request, "staff/home.html", {"tiles": tiles_for(request.user)})
