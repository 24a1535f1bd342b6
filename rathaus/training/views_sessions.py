"""Classroom-session pages: the upcoming sessions with their free places, where every member
of staff registers and unregisters; scheduling, changing and cancelling sessions (training
admins); recording attendance (the trainer). Writes go through ``services.sessions``."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import breadcrumbs

from .exceptions import NotAllowed, TrainingError
from .forms_sessions import AttendanceForm, CancelForm, SessionForm
from .models import ClassroomSession, SessionRegistration
from .permissions import can_record_attendance, can_take_courses, is_training_admin
from .services import sessions as services

SESSIONS_PER_PAGE = 20


def _trail(*more):
    return breadcrumbs((_("Classroom sessions"), reverse("training:sessions")), *more)


def _session_crumb(session):
    return (str(session), reverse("training:session", args=[session.pk]))


def _require_staff(request) -> None:
    require(can_take_courses(request.user), actor=request.user, summary="training sessions")


def _require_admin(request, session=None) -> None:
    require(
        is_training_admin(request.user),
        actor=request.user,
        obj=session,
        summary="training sessions: not a training admin",
    )


def _session(pk) -> ClassroomSession:
    return get_object_or_404(
        ClassroomSession.objects.select_related("course", "trainer").annotate(
            taken=Count("registrations")
        ),
        pk=pk,
    )


@require_GET
def session_list(request):
    _require_staff(request)
    user = request.user
    awaiting = services.awaiting_attendance(user)[:20]
    return render(
        request,
        "training/sessions/list.html",
        {
            "page": paginate(request, services.upcoming_for(user), per_page=SESSIONS_PER_PAGE),
            "awaiting": list(awaiting),
            "is_admin": is_training_admin(user),
            "breadcrumbs": breadcrumbs((_("Classroom sessions"), "")),
        },
    )


@require_GET
def session_detail(request, pk):
    _require_staff(request)
    session = _session(pk)
    user = request.user
    now = timezone.now()
    may_see_people = can_record_attendance(user, session)
    registrations = (
        list(SessionRegistration.objects.filter(session=session).select_related("person"))
        if may_see_people
        else []
    )
    is_open = session.cancelled_at is None and session.starts_at > now
    return render(
        request,
        "training/sessions/detail.html",
        {
            "session": session,
            "free": max(session.capacity - session.taken, 0),
            "is_open": is_open,
            "has_begun": session.starts_at <= now,
            "is_registered": SessionRegistration.objects.filter(
                session=session, person=user
            ).exists(),
            "registrations": registrations,
            "may_see_people": may_see_people,
            "may_change": is_open and is_training_admin(user),
            "may_record": may_see_people
            and session.cancelled_at is None
            and session.starts_at <= now,
            "breadcrumbs": _trail((str(session), "")),
        },
    )


def _form_page(request, form, session=None, status=200):
    title = _("Change the session") if session else _("Schedule a classroom session")
    trail = _trail(_session_crumb(session), (title, "")) if session else _trail((title, ""))
    return render(
        request,
        "training/sessions/form.html",
        {"form": form, "session": session, "title": title, "breadcrumbs": trail},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def session_new(request):
    _require_admin(request)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.schedule_session(
                actor=request.user, course=form.cleaned_data["course"], **form.service_fields()
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The session is scheduled. Staff can register now."))
            return redirect("training:session", pk=session.pk)
    return _form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    _require_admin(request)
    session = _session(pk)
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session, editing=True)
    else:
        form = SessionForm(instance=session, editing=True, initial={"trainer": session.trainer_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(actor=request.user, session=session, **form.service_fields())
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("training:session", pk=session.pk)
    return _form_page(request, form, session, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    _require_admin(request)
    session = _session(pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The session is cancelled. Everyone registered has been told.")
            )
        return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/sessions/cancel.html",
        {
            "form": form,
            "session": session,
            "breadcrumbs": _trail(_session_crumb(session), (_("Cancel the session"), "")),
        },
        status=400 if form.is_bound else 200,
    )


def _back(request, session):
    """Back to where the button was: the list or the session's page."""
    if request.POST.get("from") == "list":
        return redirect("training:sessions")
    return redirect("training:session", pk=session.pk)


@require_POST
def session_register(request, pk):
    _require_staff(request)
    session = _session(pk)
    try:
        services.register(person=request.user, session=session)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are registered for this session."))
    return _back(request, session)


@require_POST
def session_unregister(request, pk):
    _require_staff(request)
    session = _session(pk)
    try:
        services.unregister(person=request.user, session=session)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your place is given back."))
    return _back(request, session)


@require_http_methods(["GET", "POST"])
def session_attendance(request, pk):
    _require_staff(request)
    session = _session(pk)
    require(
        can_record_attendance(request.user, session),
        actor=request.user,
        obj=session,
        summary="training attendance: not the trainer",
    )
    registrations = list(
        SessionRegistration.objects.filter(session=session).select_related("person")
    )
    registrations.sort(key=lambda r: (r.person.family_name.casefold(), r.person.given_name))
    form = AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            certificates = services.record_attendance(
                actor=request.user,
                session=session,
                attended_person_ids=form.cleaned_data["attended"],
            )
        except NotAllowed:
            raise Http404 from None
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance is recorded; %(count)d new certificate was issued.",
                    "Attendance is recorded; %(count)d new certificates were issued.",
                    len(certificates),
                )
                % {"count": len(certificates)},
            )
            return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/sessions/attendance.html",
        {
            "form": form,
            "session": session,
            "registrations": registrations,
            "too_early": session.starts_at > timezone.now(),
            "breadcrumbs": _trail(_session_crumb(session), (_("Attendance"), "")),
        },
        status=400 if form.is_bound else 200,
    )
