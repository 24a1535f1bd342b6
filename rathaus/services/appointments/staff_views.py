"""Staff pages of appointments: the desks of one's units with their opening hours and
services, closures, and a day's booked appointments at a desk."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs

from . import services
from .exceptions import AppointmentError
from .forms import ClosureForm, DayForm, DeskForm, day_label, opening_hours_formset
from .models import Appointment, Closure, Desk


def can_use_appointments(user) -> bool:
    """Staff with a unit role (clerks, unit leads) and administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or bool(unit_ids_of(user))


def _require_user(user) -> None:
    if not can_use_appointments(user):
        raise Http404


def _desk_or_404(request, pk) -> Desk:
    _require_user(request.user)
    desk = Desk.objects.managed_by(request.user).select_related("unit").filter(pk=pk).first()
    if desk is None:
        raise Http404
    return desk


def _units(user):
    units = Unit.objects.filter(is_active=True)
    if not is_administrator(user):
        units = units.filter(pk__in=unit_ids_of(user))
    return units.order_by("code")


def _trail(*more):
    return breadcrumbs((_("Appointments"), reverse("appointments_staff:desk_list")), *more)


@require_GET
@login_required
def desk_list(request):
    _require_user(request.user)
    desks = (
        Desk.objects.managed_by(request.user)
        .select_related("unit")
        .prefetch_related("services")
        .order_by("unit__code", "name", "pk")
    )
    return render(
        request,
        "appointments/staff/desk_list.html",
        {"page": paginate(request, desks), "today": timezone.localdate(), "breadcrumbs": _trail()},
    )


def _desk_form_page(request, *, desk: Desk | None):
    units = _units(request.user)
    posted = request.POST if request.method == "POST" else None
    form = DeskForm(posted, instance=desk, units=units)
    hours = opening_hours_formset(data=posted, desk=desk)
    if posted is not None and form.is_valid() and hours.is_valid():
        data = {name: form.cleaned_data[name] for name in services.desks.DESK_FIELDS}
        arguments = {
            "actor": request.user,
            "data": data,
            "services": form.cleaned_data["services"],
            "opening_hours": hours.periods(),
        }
        try:
            if desk is None:
                saved = services.create_desk(**arguments)
            else:
                saved = services.update_desk(desk=desk, **arguments)
        except ValidationError as error:
            add_validation_error(form, error)
        except AppointmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The desk was saved."))
            return redirect("appointments_staff:desk_day", saved.pk)
    title = _("New desk") if desk is None else _("Edit desk %(name)s") % {"name": desk.name}
    return render(
        request,
        "appointments/staff/desk_form.html",
        {
            "form": form,
            "hours": hours,
            "desk": desk,
            "title": title,
            "breadcrumbs": _trail((title, "")),
        },
    )


@login_required
def desk_create(request):
    _require_user(request.user)
    return _desk_form_page(request, desk=None)


@login_required
def desk_edit(request, pk):
    desk = _desk_or_404(request, pk)
    return _desk_form_page(request, desk=desk)


def _shown_day(request) -> tuple[datetime.date, DayForm]:
    """The day from ``?datum=2026-03-02`` (links) or the three boxes of the day form."""
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("datum", ""))
    except ValueError:
        day = None
    form = DayForm(request.GET if "datum_0" in request.GET else None)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("datum"):
        day = form.cleaned_data["datum"]
    if not form.is_bound:
        form = DayForm(initial={"datum": day or today})
    return day or today, form


@require_GET
@login_required
def desk_day(request, pk):
    desk = _desk_or_404(request, pk)
    day, day_form = _shown_day(request)
    appointments = Appointment.objects.for_day_view(desk, day)
    base = reverse("appointments_staff:desk_day", args=[desk.pk])
    one_day = datetime.timedelta(days=1)
    return render(
        request,
        "appointments/staff/desk_day.html",
        {
            "desk": desk,
            "day": day,
            "day_label": day_label(day),
            "day_form": day_form,
            "appointments": appointments,
            "opening_hours": desk.opening_hours.all(),
            "services": desk.services.order_by("name"),
            "closures": Closure.objects.affecting([desk.pk]).filter(date=day),
            "previous_url": f"{base}?datum={(day - one_day).isoformat()}",
            "next_url": f"{base}?datum={(day + one_day).isoformat()}",
            "today_url": base,
            "breadcrumbs": _trail((desk.name, "")),
        },
    )


@require_POST
@login_required
def appointment_cancel(request, pk):
    _require_user(request.user)
    appointment = (
        Appointment.objects.filter(desk__in=Desk.objects.managed_by(request.user), pk=pk)
        .select_related("desk")
        .first()
    )
    if appointment is None:
        raise Http404
    try:
        services.cancel_appointment(appointment=appointment, actor=request.user)
    except AppointmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The appointment was cancelled; the person has been told."))
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(
        reverse("appointments_staff:desk_day", args=[appointment.desk_id])
        + f"?datum={day.isoformat()}"
    )


@login_required
def closure_list(request):
    _require_user(request.user)
    whole_town = services.can_close_town(request.user)
    desks = Desk.objects.managed_by(request.user).order_by("name")
    form = ClosureForm(
        request.POST if request.method == "POST" else None, desks=desks, whole_town=whole_town
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closure = services.add_closure(
                actor=request.user, date=data["date"], reason=data["reason"], desk=data["desk"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except AppointmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The closure was added."))
            booked = services.booked_on(closure.date, closure.desk)
            if booked:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d appointment is booked on that day. Cancel it in the day "
                        "view of the desk; the person is told.",
                        "%(count)d appointments are booked on that day. Cancel them in the "
                        "day view of the desk; the persons are told.",
                        booked,
                    )
                    % {"count": booked},
                )
            return redirect("appointments_staff:closure_list")
    closures = (
        Closure.objects.visible_to(request.user)
        .filter(date__gte=timezone.localdate())
        .select_related("desk")
        .order_by("date", "desk__name")
    )
    return render(
        request,
        "appointments/staff/closures.html",
        {
            "form": form,
            "page": paginate(request, closures),
            "whole_town": whole_town,
            "breadcrumbs": _trail((_("Closures"), "")),
        },
    )


@require_POST
@login_required
def closure_delete(request, pk):
    _require_user(request.user)
    closure = Closure.objects.visible_to(request.user).select_related("desk").filter(pk=pk).first()
    if closure is None:
        raise Http404
    try:
        services.remove_closure(actor=request.user, closure=closure)
    except AppointmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The closure was removed."))
    return redirect("appointments_staff:closure_list")
