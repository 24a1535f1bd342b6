"""Pages of the provider area (mounted at /anbieter/, on the provider's own host only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.models import Town, TownHost, normalize_host
from rathaus.core.pagination import paginate
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.responses import serve_stored_file

from . import hosts, services
from .access import require_provider_administrator
from .exceptions import HostTaken, ProviderError
from .forms import DeleteTownForm, HostForm, InviteAdministratorForm, TownCreateForm
from .querysets import towns_overview


def _crumbs(*items: tuple[str, str]) -> list[dict]:
    trail = [{"label": _("Provider area"), "url": reverse("provider:towns")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail


def _town_crumbs(town: Town, *items: tuple[str, str]) -> list[dict]:
    return _crumbs((town.name, reverse("provider:town", args=[town.pk])), *items)


def _managed_town(request, pk) -> Town:
    require_provider_administrator(request)
    return get_object_or_404(Town, pk=pk)


def _put_error_on_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


def _button(request, action, success_message: str, *, town: Town):
    """One action from a button on the town's page: a refusal becomes an error message."""
    try:
        action()
    except ProviderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    return redirect("provider:town", town.pk)


# --- towns --------------------------------------------------------------------------------


@require_GET
def town_list(request):
    require_provider_administrator(request)
    return render(
        request,
        "provider/town_list.html",
        {"page": paginate(request, towns_overview()), "breadcrumbs": _crumbs()},
    )


def town_create(request):
    require_provider_administrator(request)
    form = TownCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            town = services.create_town(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _put_error_on_form(form, error)
        except HostTaken as error:
            form.add_error("hostname", error.message)
        except ProviderError as error:
            form.add_error("admin_email", error.message)
        else:
            messages.success(
                request,
                _("The town was created; its administrator has been sent the invitation."),
            )
            return redirect("provider:town", town.pk)
    return render(
        request,
        "provider/town_create.html",
        {"form": form, "breadcrumbs": _crumbs((_("New town"), ""))},
    )


def _detail(request, town: Town, *, host_form=None, invite_form=None, status=200):
    overview = get_object_or_404(towns_overview(), pk=town.pk)
    current_host = normalize_host(request.get_host())
    town_hosts = [
        {
            "host": host,
            "allowed": hosts.is_allowed(host.hostname),
            "is_current": host.hostname == current_host,
        }
        for host in overview.hosts.all()
    ]
    return render(
        request,
        "provider/town_detail.html",
        {
            "target": overview,
            "hosts": town_hosts,
            "site_prefix": f"{request.scheme}://",
            "site_port": "" if request.get_port() in ("80", "443") else f":{request.get_port()}",
            "host_form": host_form or HostForm(),
            "invite_form": invite_form or InviteAdministratorForm(),
            "breadcrumbs": _crumbs((overview.name, "")),
        },
        status=status,
    )


@require_GET
def town_detail(request, pk):
    return _detail(request, _managed_town(request, pk))


@require_POST
def town_suspend(request, pk):
    town = _managed_town(request, pk)
    return _button(
        request,
        lambda: services.suspend_town(actor=request.user, town=town),
        _("The town is suspended: its pages answer that the service is not available."),
        town=town,
    )


@require_POST
def town_resume(request, pk):
    town = _managed_town(request, pk)
    return _button(
        request,
        lambda: services.resume_town(actor=request.user, town=town),
        _("The town is online again."),
        town=town,
    )


@require_POST
def town_export(request, pk):
    town = _managed_town(request, pk)
    job = services.start_town_export(actor=request.user, town=town)
    messages.success(request, _("The export has started."))
    return redirect(job)


def town_delete(request, pk):
    town = _managed_town(request, pk)
    if town.is_provider:
        raise Http404
    form = DeleteTownForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_town_deletion(
                actor=request.user, town=town, confirm_name=form.cleaned_data["confirm_name"]
            )
        except ValidationError as error:
            _put_error_on_form(form, error)
        except ProviderError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The town is being deleted."))
            return redirect(job)
    return render(
        request,
        "provider/town_delete.html",
        {"target": town, "form": form, "breadcrumbs": _town_crumbs(town, (_("Delete"), ""))},
    )


@require_POST
def administrator_invite(request, pk):
    town = _managed_town(request, pk)
    form = InviteAdministratorForm(request.POST)
    if form.is_valid():
        try:
            created = services.invite_town_administrator(
                actor=request.user, town=town, email=form.cleaned_data["email"]
            )
        except ProviderError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("The administrator was invited.")
                if created
                else _("The invitation was sent again."),
            )
            return redirect("provider:town", town.pk)
    return _detail(request, town, invite_form=form)


# --- host names ---------------------------------------------------------------------------


@require_POST
def host_add(request, pk):
    town = _managed_town(request, pk)
    form = HostForm(request.POST)
    if form.is_valid():
        try:
            services.add_host(actor=request.user, town=town, hostname=form.cleaned_data["hostname"])
        except ValidationError as error:
            _put_error_on_form(form, error)
        except ProviderError as error:
            form.add_error("hostname", error.message)
        else:
            messages.success(request, _("The host name was added."))
            return redirect("provider:town", town.pk)
    return _detail(request, town, host_form=form)


def _host(town: Town, host_pk) -> TownHost:
    return get_object_or_404(TownHost, pk=host_pk, town=town)


@require_POST
def host_remove(request, pk, host_pk):
    town = _managed_town(request, pk)
    host = _host(town, host_pk)
    return _button(
        request,
        lambda: services.remove_host(
            actor=request.user,
            town=town,
            host=host,
            request_host=normalize_host(request.get_host()),
        ),
        _("The host name was removed."),
        town=town,
    )


@require_POST
def host_make_primary(request, pk, host_pk):
    town = _managed_town(request, pk)
    host = _host(town, host_pk)
    return _button(
        request,
        lambda: services.make_primary_host(actor=request.user, town=town, host=host),
        _("Links in the town's e-mails now use this host name."),
        town=town,
    )


# --- export archives ----------------------------------------------------------------------


@require_GET
def export_download(request, pk):
    require_provider_administrator(request)
    stored_file = get_object_or_404(StoredFile, pk=pk)
    if not services.is_town_export(stored_file):
        raise Http404
    services.note_export_download(actor=request.user, stored_file=stored_file)
    return serve_stored_file(request, stored_file)
