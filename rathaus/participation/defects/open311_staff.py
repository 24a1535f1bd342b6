"""Staff pages for Open311 clients (``/open311/zugaenge/``): the list of clients, approving
a new one (its api_key is shown once) and revoking a key.

These pages live beside the API rather than under ``/staff/``, so they check here what the
staff middleware checks there: a signed-in member of staff, verified with a second factor,
and the right to manage clients (administrators and unit leads).
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.middleware import redirect_with_next
from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate

from .models import Open311Client
from .open311.clients import (
    NAME_MAX_LENGTH,
    ClientError,
    approve_client,
    may_manage_clients,
    revoke_client,
)


def client_manager_required(view):
    """Signed in, staff, second factor verified in this session, allowed to manage
    clients; anyone else gets the sign-in page, the second-factor page or 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_with_next(settings.LOGIN_URL, request.get_full_path())
        if not user.is_town_staff or not user.is_active:
            require(False, actor=user, summary=f"not staff: {request.path_info[:200]}")
        if not user.is_verified():
            from rathaus.core.accounts.otp import has_confirmed_device

            target = "otp:verify" if has_confirmed_device(user) else "otp:setup"
            return redirect_with_next(target, request.get_full_path())
        require(may_manage_clients(user), actor=user, summary="Open311 clients")
        return view(request, *args, **kwargs)

    return wrapper


class ClientForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the application"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("For example: Kreis-App Darmstadt-Dieburg"),
        error_messages={"required": gettext_lazy("Please give the name of the application.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact e-mail address"),
        help_text=gettext_lazy("Whom we write to about the application, e.g. app@example.org."),
        error_messages={
            "required": gettext_lazy("Please enter a contact e-mail address."),
            "invalid": gettext_lazy(
                "Please enter a valid contact e-mail address, e.g. app@example.org."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def _crumbs(*more):
    return [
        {"label": _("Staff area"), "url": reverse("staff:home")},
        {"label": _("Open311 clients"), "url": reverse("open311:clients")},
        *({"label": label, "url": url} for label, url in more),
    ]


@require_GET
@client_manager_required
def client_list(request):
    clients = Open311Client.objects.select_related("approved_by").order_by(
        "revoked_at", "name", "created_at"
    )
    return render(
        request,
        "defects/open311/clients.html",
        {
            "page": paginate(request, clients),
            "discovery_url": request.build_absolute_uri(reverse("open311:discovery", args=["xml"])),
            "breadcrumbs": _crumbs()[:1] + [{"label": _("Open311 clients"), "url": ""}],
        },
    )


@client_manager_required
def client_approve(request):
    """The key is part of this one response only: not stored, not redirected to."""
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, key = approve_client(actor=request.user, **form.cleaned_data)
        except ClientError as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "defects/open311/client_created.html",
                {
                    "client": client,
                    "key": key,
                    "api_url": request.build_absolute_uri("/open311/v2/"),
                    "breadcrumbs": _crumbs((_("New client"), "")),
                },
            )
    return render(
        request,
        "defects/open311/client_approve.html",
        {"form": form, "breadcrumbs": _crumbs((_("New client"), ""))},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@client_manager_required
def client_revoke(request, pk):
    client = get_object_or_404(Open311Client, pk=pk)
    try:
        revoke_client(actor=request.user, client=client)
    except ClientError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The key of “%(name)s” was revoked.") % {"name": client.name})
    return redirect("open311:clients")
