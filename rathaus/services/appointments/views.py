"""Public appointment pages: booking a time for a service, the confirmation, and the page
behind the manage link (change, cancel, calendar file). Nothing here needs JavaScript:
days are links, times are radio buttons."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.notifications.services import absolute_url
from rathaus.services.models import Application, Service

from . import ics
from .exceptions import AppointmentError
from .forms import BookingForm, TimeChoiceForm, day_label
from .models import Appointment
from .services import book_appointment, cancel_appointment, change_appointment, find_by_code
from .services.booking import is_bookable, manage_path
from .slots import free_slots, slots_by_day

WEEKS = 4
SESSION_KEY = "appointments.booked"


def _service_or_404(slug: str) -> Service:
    service = Service.objects.published().filter(slug=slug).first()
    if service is None or not is_bookable(service):
        raise Http404
    return service


class DayPicker:
    """The week shown (``woche``, 0 to 3 from today) and the day chosen (``tag``), with the
    free slots of that week; other query parameters are kept in every link."""

    def __init__(self, request, *, service, exclude: Appointment | None = None):
        self.request = request
        self.today = timezone.localdate()
        self.week = self._week()
        self.first_day = self.today + datetime.timedelta(days=7 * self.week)
        self.last_day = self.first_day + datetime.timedelta(days=6)
        slots = free_slots(
            service=service, first_day=self.first_day, last_day=self.last_day, exclude=exclude
        )
        self.days = slots_by_day(slots)
        self.day = self._day()

    def _week(self) -> int:
        try:
            week = int(self.request.GET.get("woche", 0))
        except ValueError:
            week = 0
        chosen = self._parse_day()
        if chosen is not None and self.today <= chosen < self.today + datetime.timedelta(
            days=7 * WEEKS
        ):
            week = (chosen - self.today).days // 7
        return min(max(week, 0), WEEKS - 1)

    def _parse_day(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.request.GET.get("tag", ""))
        except ValueError:
            return None

    def _day(self) -> datetime.date | None:
        """The chosen day if it lies in the week shown (it may have no free time left)."""
        chosen = self._parse_day()
        if chosen is not None and self.first_day <= chosen <= self.last_day:
            return chosen
        return None

    @property
    def slots(self):
        return self.days.get(self.day, [])

    def url(self, **changes) -> str:
        query = self.request.GET.copy()
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = str(value)
        return f"{self.request.path}?{query.urlencode()}" if query else self.request.path

    def context(self) -> dict:
        return {
            "week_number": self.week + 1,
            "weeks": WEEKS,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "days": [
                {
                    "date": day,
                    "label": day_label(day),
                    "free": sum(slot.free for slot in slots),
                    "url": self.url(tag=day.isoformat(), woche=self.week),
                    "current": day == self.day,
                }
                for day, slots in self.days.items()
            ],
            "day": self.day,
            "day_label": day_label(self.day) if self.day else "",
            "previous_url": self.url(woche=self.week - 1, tag=None) if self.week > 0 else "",
            "next_url": self.url(woche=self.week + 1, tag=None) if self.week < WEEKS - 1 else "",
            "form_action": self.url(),
        }


def _application(request, service: Service) -> Application | None:
    """The application named by ``antrag``, if it is the signed-in person's own."""
    value = request.GET.get("antrag", "")
    if not value:
        return None
    try:
        application_id = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    from rathaus.services.services.applications import owns

    application = Application.objects.filter(pk=application_id, service=service).first()
    if application is None or not owns(request.user, application, request.session):
        raise Http404
    return application


def _safe_next(request) -> str:
    url = request.GET.get("next", "")
    if (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return ""


def _when(appointment: Appointment) -> dict:
    starts_at = timezone.localtime(appointment.starts_at)
    return {"day": day_label(starts_at.date()), "time": f"{starts_at:%H:%M}"}


def _booking_form(request, picker: DayPicker, data=None) -> BookingForm:
    person = request.user if request.user.is_authenticated else None
    initial = {"name": person.get_full_name(), "email": person.email} if person else {}
    return BookingForm(data, day=picker.day, slots=picker.slots, initial=initial)


@never_cache
def book(request, service_slug):
    service = _service_or_404(service_slug)
    own_drafts = request.session.get("applications", [])
    antrag = request.GET.get("antrag")
    if antrag and not request.user.is_authenticated and antrag not in own_drafts:
        return redirect_to_login(request.get_full_path())
    application = _application(request, service)
    picker = DayPicker(request, service=service)
    posted = request.POST if request.method == "POST" else None
    form = None
    if picker.day is not None and (picker.slots or posted is not None):
        form = _booking_form(request, picker, posted)
        if posted is not None and form.is_valid():
            try:
                appointment = book_appointment(
                    service=service,
                    starts_at=form.cleaned_data["starts_at"],
                    person=_person(request),
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    application=application,
                    session=request.session,
                )
            except AppointmentError as error:
                # Show the times that are free now, and keep what the person typed.
                picker = DayPicker(request, service=service)
                form = _booking_form(request, picker, posted)
                form.is_valid()
                form.add_error("starts_at", error.message)
            else:
                return _after_booking(request, appointment)
    elif posted is not None:
        messages.error(request, _("Choose a day first."))
        return redirect(picker.url())
    return render(
        request,
        "appointments/book.html",
        {"service": service, "application": application, "form": form, **picker.context()},
    )


def _after_booking(request, appointment: Appointment):
    next_url = _safe_next(request)
    if next_url:
        messages.success(
            request,
            _(
                "Your appointment on %(day)s at %(time)s is booked. We have sent you the "
                "confirmation."
            )
            % _when(appointment),
        )
        return redirect(next_url)
    request.session[SESSION_KEY] = str(appointment.pk)
    return redirect("appointments:confirmation")


@require_GET
@never_cache
def confirmation(request):
    appointment_id = request.session.get(SESSION_KEY)
    appointment = (
        Appointment.objects.select_related("desk", "service").filter(pk=appointment_id).first()
        if appointment_id
        else None
    )
    if appointment is None:
        raise Http404
    return render(
        request,
        "appointments/confirmation.html",
        {"appointment": appointment, **_links(appointment), **_when(appointment)},
    )


def _links(appointment: Appointment) -> dict:
    path = manage_path(appointment)
    return {
        "manage_path": path,
        "manage_url": absolute_url(path),
        "ics_url": reverse("appointments:manage_ics", args=[appointment.manage_token]),
    }


def _by_code_or_404(code: str) -> Appointment:
    appointment = find_by_code(code)
    if appointment is None:
        raise Http404
    return appointment


def _person(request):
    return request.user if request.user.is_authenticated else None


def _actor(request):
    """Who acts on the manage page. The code in the link is the permission; a member of
    staff who opens a person's link acts like anybody holding it."""
    person = _person(request)
    return None if person is not None and person.is_town_staff else person


@never_cache
def manage(request, code):
    appointment = _by_code_or_404(code)
    changeable = appointment.is_booked and not appointment.is_past
    posted = request.POST if request.method == "POST" else None
    if posted is not None and not changeable:
        messages.error(request, _("This appointment can no longer be changed."))
        return redirect("appointments:manage", code)
    picker = form = None
    if changeable:
        picker = DayPicker(request, service=appointment.service, exclude=appointment)
        if picker.day is not None and (picker.slots or posted is not None):
            form = TimeChoiceForm(posted, day=picker.day, slots=picker.slots)
            if posted is not None and form.is_valid():
                try:
                    change_appointment(
                        appointment=appointment,
                        starts_at=form.cleaned_data["starts_at"],
                        actor=_actor(request),
                    )
                except AppointmentError as error:
                    picker = DayPicker(request, service=appointment.service, exclude=appointment)
                    form = TimeChoiceForm(posted, day=picker.day, slots=picker.slots)
                    form.is_valid()
                    form.add_error("starts_at", error.message)
                else:
                    appointment.refresh_from_db()
                    messages.success(
                        request,
                        _("Your appointment is now on %(day)s at %(time)s.") % _when(appointment),
                    )
                    return redirect("appointments:manage", code)
        elif posted is not None:
            messages.error(request, _("Choose a day first."))
            return redirect(picker.url())
    return render(
        request,
        "appointments/manage.html",
        {
            "appointment": appointment,
            "changeable": changeable,
            "form": form,
            **(picker.context() if picker else {}),
            **_links(appointment),
            **_when(appointment),
        },
    )


@require_POST
def cancel(request, code):
    appointment = _by_code_or_404(code)
    try:
        cancel_appointment(appointment=appointment, actor=_actor(request))
    except AppointmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your appointment has been cancelled."))
    return redirect("appointments:manage", code)


@require_GET
@never_cache
def manage_ics(request, code):
    appointment = _by_code_or_404(code)
    content = ics.calendar_file(
        appointment, manage_url=absolute_url(manage_path(appointment)), language=None
    )
    response = HttpResponse(content, content_type=f"{ics.MIME_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.FILE_NAME}"'
    return response
