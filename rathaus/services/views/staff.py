"""The clerk's pages: the work queue per unit and an application's case page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rathaus.core.accounts.models import User
from rathaus.core.accounts.permissions import unit_ids_of
from rathaus.core.pagination import paginate

from ..exceptions import ServicesError
from ..formdefs import engine
from ..models import Application, CallbackRequest, ChannelCount, Service
from ..querysets import QUEUE_FILTERS
from ..services import applications as applying
from ..services import cases
from ..services.permissions import can_edit_catalogue, is_catalogue_manager

# URL slug → (label, queue filter in ``querysets.QUEUE_FILTERS``).
QUEUES = {
    "neu": (gettext_lazy("New"), "new"),
    "meine": (gettext_lazy("Mine"), "mine"),
    "rueckfrage": (gettext_lazy("Waiting for reply"), "waiting"),
    "bald-faellig": (gettext_lazy("Due soon"), "due_soon"),
    "ueberfaellig": (gettext_lazy("Overdue"), "overdue"),
    "offen": (gettext_lazy("All open"), "open"),
    "erledigt": (gettext_lazy("Decided"), "decided"),
}


def _require_clerk(user) -> None:
    if not unit_ids_of(user) and not is_catalogue_manager(user):
        raise Http404


@login_required
def home(request):
    """The staff start of online services: the queue, and the services one looks after."""
    return redirect("services_staff:queue", queue="neu")


@login_required
def queue(request, queue):
    _require_clerk(request.user)
    if queue not in QUEUES:
        raise Http404
    base = Application.objects.visible_to_staff(request.user)
    service_id = request.GET.get("leistung", "")
    if service_id:
        base = base.filter(service_id=service_id) if _is_uuid(service_id) else base.none()
    counts = base.queue_counts(request.user)
    tabs = [
        {
            "label": label,
            "url": reverse("services_staff:queue", args=[key]),
            "current": key == queue,
            "count": counts.get(name),
        }
        for key, (label, name) in QUEUES.items()
    ]
    condition = QUEUE_FILTERS[QUEUES[queue][1]](user=request.user)
    rows = base.filter(condition).for_queue()
    return render(
        request,
        "services/staff/queue.html",
        {
            "tabs": tabs,
            "queue_label": QUEUES[queue][0],
            "page": paginate(request, rows, per_page=25),
            "services": Service.objects.handled_by(request.user),
            "service_id": service_id,
            "may_edit_catalogue": can_edit_catalogue(request.user),
            "today": timezone.localdate(),
            "callbacks": CallbackRequest.objects.filter(
                service__unit_id__in=unit_ids_of(request.user), done_at=None
            ).select_related("service")[:20],
        },
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class QueryForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What do you need from the applicant?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write what the applicant should send.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (Vermerk)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the note.")},
    )


class DecisionForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Decision"),
        max_length=300,
        help_text=gettext_lazy("One line, e.g. “Your resident parking permit is granted”."),
        error_messages={"required": gettext_lazy("Enter the decision.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Text of the notice"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Reasons and conditions; empty lines start new paragraphs."),
        error_messages={"required": gettext_lazy("Write the text of the notice.")},
    )


class AssignForm(forms.Form):
    clerk = forms.ModelChoiceField(
        label=gettext_lazy("Give to"),
        queryset=User.objects.none(),
        error_messages={"required": gettext_lazy("Select a clerk.")},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clerk"].queryset = (
            User.objects.staff().active().with_role("clerk", unit=application.service.unit)
        )


def _case(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.visible_to_staff(request.user).select_related(
            "service",
            "service__unit",
            "form",
            "procedure",
            "procedure__file",
            "assigned_to",
            "applicant",
            "organisation",
        ),
        pk=pk,
    )
    return application


def _case_page(request, application, *, status=200, **forms_by_name):
    from rathaus.records.services.routes import has_running_route, last_route

    procedure = application.procedure
    route = last_route(procedure) if procedure else None
    context = {
        "application": application,
        "service": application.service,
        "sections": engine.summary(
            application.form.definition,
            application.answers,
            applying.file_names(application),
        ),
        "fees": applying.fees_of(application),
        "events": application.events.select_related("actor"),
        "messages_list": application.messages.select_related("author", "document"),
        "procedure": procedure,
        "route": route,
        "route_running": bool(procedure and has_running_route(procedure)),
        "is_open": application.state in cases.OPEN_STATES,
        "query_form": forms_by_name.get("query_form") or QueryForm(prefix="q"),
        "note_form": forms_by_name.get("note_form") or NoteForm(prefix="n"),
        "decision_form": forms_by_name.get("decision_form")
        or DecisionForm(
            prefix="d",
            initial={
                "subject": _("Your application “%(name)s” is granted")
                % {"name": application.service.name}
            },
        ),
        "assign_form": forms_by_name.get("assign_form")
        or AssignForm(prefix="g", application=application),
        "breadcrumbs": [
            {"label": _("Applications"), "url": reverse("services_staff:home")},
        ],
    }
    context["form"] = next(iter(forms_by_name.values()), None)
    return render(request, "services/staff/case.html", context, status=status)


@login_required
def case(request, pk):
    return _case_page(request, _case(request, pk))


def _perform(request, application, action, on_error_form=None, form_name=None):
    try:
        action()
    except ServicesError as error:
        if on_error_form is not None:
            on_error_form.add_error(None, error.message)
            return _case_page(request, application, status=400, **{form_name: on_error_form})
        messages.error(request, error.message)
    return redirect("services_staff:case", pk=application.pk)


@require_POST
@login_required
def take(request, pk):
    application = _case(request, pk)
    return _perform(
        request,
        application,
        lambda: cases.assign(actor=request.user, application=application, to=request.user),
    )


def _form_action(request, pk, *, form_class, prefix: str, name: str, run, done: str = ""):
    """A case-page form: validate, run the use case, or show the page again with the input
    and the error (a domain error from the service included)."""
    application = _case(request, pk)
    extra = {"application": application} if form_class is AssignForm else {}
    form = form_class(request.POST, prefix=prefix, **extra)
    if not form.is_valid():
        return _case_page(request, application, status=400, **{name: form})

    def action():
        run(application, form.cleaned_data)
        if done:
            messages.success(request, done)

    return _perform(request, application, action, form, name)


@require_POST
@login_required
def assign(request, pk):
    return _form_action(
        request,
        pk,
        form_class=AssignForm,
        prefix="g",
        name="assign_form",
        run=lambda application, data: cases.assign(
            actor=request.user, application=application, to=data["clerk"]
        ),
    )


@require_POST
@login_required
def query(request, pk):
    return _form_action(
        request,
        pk,
        form_class=QueryForm,
        prefix="q",
        name="query_form",
        run=lambda application, data: cases.send_query(
            actor=request.user, application=application, text=data["text"]
        ),
        done=_("The query has been sent to the applicant."),
    )


@require_POST
@login_required
def note(request, pk):
    return _form_action(
        request,
        pk,
        form_class=NoteForm,
        prefix="n",
        name="note_form",
        run=lambda application, data: cases.add_case_note(
            actor=request.user, application=application, text=data["note"]
        ),
        done=_("The note has been filed."),
    )


@require_POST
@login_required
def decide(request, pk):
    return _form_action(
        request,
        pk,
        form_class=DecisionForm,
        prefix="d",
        name="decision_form",
        run=lambda application, data: cases.decide(
            actor=request.user,
            application=application,
            subject=data["subject"],
            body=data["body"],
        ),
        done=_("The notice has been filed and sent to the applicant."),
    )


@require_POST
@login_required
def close(request, pk):
    application = _case(request, pk)
    return _perform(
        request,
        application,
        lambda: cases.close_application(actor=request.user, application=application),
    )


@require_POST
@login_required
def file_now(request, pk):
    application = _case(request, pk)
    return _perform(
        request, application, lambda: cases.file_now(actor=request.user, application=application)
    )


@require_POST
@login_required
def callback_done(request, pk):
    from ..services.catalogue import mark_callback_done

    callback = get_object_or_404(
        CallbackRequest.objects.select_related("service"),
        pk=pk,
        service__unit_id__in=unit_ids_of(request.user),
    )
    mark_callback_done(actor=request.user, callback=callback)
    return redirect("services_staff:home")


class ChannelCountForm(forms.Form):
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=Service.objects.none(),
        error_messages={"required": gettext_lazy("Select the service.")},
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=ChannelCount.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the channel.")},
    )
    month = forms.DateField(
        label=gettext_lazy("Month"),
        help_text=gettext_lazy("Any day of the month, e.g. 1.11.2026"),
        error_messages={
            "required": gettext_lazy("Enter the month."),
            "invalid": gettext_lazy("Enter a date, e.g. 1.11.2026."),
        },
    )
    count = forms.IntegerField(
        label=gettext_lazy("Number of applications"),
        min_value=0,
        max_value=1000000,
        error_messages={"required": gettext_lazy("Enter the number.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.handled_by(user)


@login_required
def channel_counts(request):
    """Staff count what came in person or on paper, so the online share can be measured."""
    _require_clerk(request.user)
    form = ChannelCountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cases.record_channel_count(actor=request.user, **form.cleaned_data)
        except ServicesError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The number has been saved."))
            return redirect("services_staff:channel_counts")
    counts = ChannelCount.objects.filter(
        service__in=Service.objects.handled_by(request.user)
    ).select_related("service")[:50]
    return render(
        request,
        "services/staff/channel_counts.html",
        {
            "form": form,
            "counts": counts,
            "breadcrumbs": [{"label": _("Applications"), "url": reverse("services_staff:home")}],
        },
        status=400 if request.method == "POST" else 200,
    )
