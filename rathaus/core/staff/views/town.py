"""The town's own data: name, keys, address, contacts, legal texts, logo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rathaus.core.accounts import permissions as perms

from .. import services
from ..forms import TownSettingsForm
from .common import add_validation_error, breadcrumbs


def town_settings(request):
    town = request.town
    perms.require(
        perms.can_edit_town_settings(request.user), actor=request.user, obj=town, summary="town"
    )
    form = TownSettingsForm(request.POST or None, request.FILES or None, instance=town)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.TOWN_FIELDS}
        try:
            services.update_town_settings(
                actor=request.user,
                town=town,
                data=data,
                logo_file=form.cleaned_data.get("logo_file"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except ValidationError as error:
            town.refresh_from_db()
            add_validation_error(form, error)
        else:
            messages.success(request, _("The town settings were saved."))
            return redirect("staff:town_settings")
    return render(
        request,
        "staff/town_settings.html",
        {"form": form, "breadcrumbs": breadcrumbs((_("Town settings"), ""))},
    )
