"""The applicant's pages: start, the form page by page, check and send, status and postbox."""

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.pagination import paginate

from ..exceptions import ServicesError
from ..formdefs import engine
from ..forms.applicant import AnswerForm, ContactForm, OnBehalfForm
from ..models import Application, ApplicationMessage, Service
from ..services import applications as services
from ..services import cases

ON_BEHALF_SELF = "self"


def _owned(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("service", "form", "organisation"), pk=pk
    )
    if not services.owns(request.user, application, request.session):
        raise Http404
    return application


def _draft(request, pk) -> Application:
    application = _owned(request, pk)
    if not application.is_draft:
        raise Http404
    return application


def _breadcrumbs(application: Application, *more) -> list[dict]:
    items = [
        {"label": _("Services"), "url": reverse("catalogue:index")},
        {
            "label": application.service.name,
            "url": reverse("catalogue:service", args=[application.service.slug]),
        },
    ]
    items.extend({"label": label, "url": url} for label, url in more)
    return items


# --- starting --------------------------------------------------------------------------------


def _on_behalf_choices(user, service: Service) -> list[tuple[str, str]]:
    choices = []
    if service.for_citizens:
        choices.append((ON_BEHALF_SELF, _("Myself (%(name)s)") % {"name": user.get_full_name()}))
    if service.for_businesses:
        for membership in user.memberships.select_related("organisation"):
            choices.append((str(membership.organisation_id), membership.organisation.name))
    return choices


def start(request, slug):
    """Start an application: who applies (with an account), or an explanation (without)."""
    service = get_object_or_404(Service.objects.published(), slug=slug)
    if request.user.is_authenticated and request.user.is_town_staff:
        raise Http404
    if not request.user.is_authenticated:
        if not (service.without_account and service.for_citizens):
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if request.method == "POST":
            return _begin(request, service, None)
        return render(request, "services/apply/start.html", {"service": service})
    choices = _on_behalf_choices(request.user, service)
    form = OnBehalfForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["on_behalf"]
        organisation = None
        if choice != ON_BEHALF_SELF:
            membership = request.user.memberships.filter(organisation_id=choice).first()
            organisation = membership.organisation if membership else None
        return _begin(request, service, organisation)
    return render(
        request,
        "services/apply/start.html",
        {"service": service, "form": form, "no_choice": not choices},
    )


def _begin(request, service, organisation):
    try:
        application = services.start_application(
            service=service,
            applicant=request.user,
            organisation=organisation,
            session=request.session,
        )
    except ServicesError as error:
        messages.error(request, error.message)
        return redirect("catalogue:service", slug=service.slug)
    first = services.next_page_index(application, None)
    return redirect("applications:page", pk=application.pk, index=first or 0)


# --- the form page by page -----------------------------------------------------------------


def _row_counts(request, form_definition, page) -> dict:
    counts = {}
    for group in page.get("groups", []):
        if engine.is_repeatable(group):
            value = request.POST.get(f"rows-{group['id']}")
            if value and value.isdigit():
                counts[group["id"]] = int(value)
    return counts


def _steps(application: Application, current_index: int | None) -> tuple[list, int]:
    visible = engine.visible_pages(application.form.definition, application.answers)
    steps = []
    current = len(visible) + 1
    for position, (index, page) in enumerate(visible, 1):
        url = reverse("applications:page", args=[application.pk, index])
        steps.append({"label": page.get("title") or _("Page %(n)s") % {"n": position}, "url": url})
        if index == current_index:
            current = position
    steps.append({"label": _("Check and send"), "url": ""})
    return steps, current


def _page_form(request, application, index, rows, *, with_files=True) -> engine.PageForm:
    return engine.PageForm(
        request.POST or None,
        (request.FILES or None) if with_files else None,
        definition=application.form.definition,
        page_index=index,
        answers=application.answers,
        rows=rows,
        prefix="a",
    )


def page(request, pk, index):
    application = _draft(request, pk)
    definition = application.form.definition
    if index >= len(engine.pages(definition)):
        raise Http404
    page_definition = engine.pages(definition)[index]
    rows = _row_counts(request, definition, page_definition)
    action = request.POST.get("action", "next")
    if action.startswith("add-row:") or action.startswith("remove-row:"):
        group_id = action.split(":", 1)[1]
        rows[group_id] = rows.get(group_id, 1) + (1 if action.startswith("add") else -1)
    form = _page_form(request, application, index, rows)
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST" and not valid and request.FILES:
        application = services.keep_uploads(application=application, form=form, actor=request.user)
        errors = {name: list(errors) for name, errors in form.errors.items()}
        form = _page_form(request, application, index, rows, with_files=False)
        form.is_valid()
        for name, problems in errors.items():
            if name in form.fields and name not in form.errors:
                for problem in problems:
                    form.add_error(name, problem)
    if valid and action in ("next", "save"):
        try:
            application = services.save_page(application=application, form=form, actor=request.user)
        except ServicesError as error:
            if not form.errors:
                messages.error(request, error.message)
        else:
            if action == "save":
                messages.success(
                    request,
                    _("Your answers are saved. You can continue later under “My applications”."),
                )
                return redirect("applications:mine")
            following = services.next_page_index(application, index)
            if following is None:
                return redirect("applications:check", pk=application.pk)
            return redirect("applications:page", pk=application.pk, index=following)
    steps, current = _steps(application, index)
    previous = services.previous_page_index(application, index)
    newest = services.current_form(application.service)
    return render(
        request,
        "services/apply/page.html",
        {
            "application": application,
            "service": application.service,
            "form": form,
            "page": page_definition,
            "layout": form.layout(),
            "steps": steps,
            "current": current,
            "previous_url": reverse("applications:page", args=[pk, previous])
            if previous is not None
            else "",
            "newer_form": newest is not None and newest.pk != application.form_id,
            "breadcrumbs": _breadcrumbs(application),
        },
    )


def check(request, pk):
    """Check your answers, then send (with a key that makes a repeated send harmless)."""
    application = _owned(request, pk)
    if not application.is_draft:
        # The second click of a double click lands where the first one did.
        repeated = request.method == "POST" and _submission_key(request) is not None
        return redirect("applications:sent" if repeated else "applications:detail", pk=pk)
    definition = application.form.definition
    anonymous = application.applicant_id is None
    contact = ContactForm(request.POST or None, prefix="c") if anonymous else None
    missing = engine.missing_answers(definition, application.answers)
    if request.method == "POST":
        key = _submission_key(request)
        if contact is not None and not contact.is_valid():
            pass
        elif key is None:
            messages.error(request, _("Please send the application again."))
        else:
            try:
                application = services.submit_application(
                    application=application,
                    actor=request.user,
                    idempotency_key=key,
                    contact_email=contact.cleaned_data["email"] if contact else "",
                    session=request.session,
                )
            except ServicesError as error:
                messages.error(request, error.message)
            else:
                return redirect("applications:sent", pk=application.pk)
    steps, current = _steps(application, None)
    fees = services.fees_of(application)
    appointment = services.booked_appointment(application)
    return render(
        request,
        "services/apply/check.html",
        {
            "application": application,
            "service": application.service,
            "sections": engine.summary(
                definition, application.answers, services.file_names(application)
            ),
            "missing": [
                {"label": item.get("label", ""), "url": reverse("applications:page", args=[pk, i])}
                for i, item in missing
            ],
            "fees": fees,
            "fee_total": sum(item.amount_cents for item in fees),
            "appointment": appointment,
            "booking_url": _booking_url(application) if not appointment else "",
            "contact": contact,
            "form": contact,
            "submission_key": uuid.uuid4(),
            "steps": steps,
            "current": current,
            "breadcrumbs": _breadcrumbs(application),
        },
    )


def _booking_url(application: Application) -> str:
    if not application.service.needs_appointment:
        return ""
    from ..appointments.services import booking_url

    return booking_url(
        application.service,
        application=application,
        next_url=reverse("applications:check", args=[application.pk]),
    )


def _submission_key(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None


def sent(request, pk):
    """After sending: what happens next (confirm the address, pay, or the receipt)."""
    application = _owned(request, pk)
    if application.is_draft:
        return redirect("applications:check", pk=pk)
    return render(
        request,
        "services/apply/sent.html",
        {
            "application": application,
            "service": application.service,
            "breadcrumbs": _breadcrumbs(application),
        },
    )


def confirm(request, pk, token):
    application = get_object_or_404(Application, pk=pk)
    if not services.confirmation_matches(application, token):
        raise Http404
    if request.method == "POST":
        try:
            application = services.confirm_email(application=application, token=token)
        except ServicesError as error:
            return render(
                request, "services/apply/confirm.html", {"error": error.message}, status=400
            )
        request.session["applications"] = [
            *request.session.get("applications", []),
            str(application.pk),
        ]
        return redirect("applications:sent", pk=application.pk)
    # A GET only shows a button: mail scanners that follow links must not confirm.
    return render(request, "services/apply/confirm.html", {"application": application})


@require_POST
def switch_form(request, pk):
    application = _draft(request, pk)
    services.switch_to_current_form(application=application)
    messages.success(request, _("The form is now the newest version; your answers were kept."))
    return redirect(
        "applications:page", pk=pk, index=services.next_page_index(application, None) or 0
    )


@require_POST
def pay(request, pk):
    """Start the payment and go to the provider's pay page."""
    from ..payments.access import remember_payment
    from ..payments.services import start_payment

    application = _owned(request, pk)
    if application.state != Application.State.AWAITING_PAYMENT:
        return redirect("applications:detail", pk=pk)
    items = services.fees_of(application)
    try:
        payment = start_payment(
            application=application,
            items=items,
            purpose=f"{application.reference} {application.service.name}",
            return_url=reverse("applications:detail", args=[pk]),
        )
    except ServicesError as error:
        messages.error(request, error.message)
        return redirect("applications:detail", pk=pk)
    remember_payment(request.session, payment)
    return redirect(payment.continue_url)


# --- after sending: status and postbox --------------------------------------------------------


def mine(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    queryset = (
        Application.objects.of_applicant(request.user)
        .select_related("service", "organisation")
        .order_by("-updated_at", "-created_at")
    )
    return render(
        request, "services/apply/mine.html", {"page": paginate(request, queryset, per_page=20)}
    )


def detail(request, pk):
    application = _owned(request, pk)
    if application.is_draft:
        return redirect("applications:check", pk=pk)
    answer_form = AnswerForm(prefix="r") if application.state == Application.State.QUERY else None
    return _detail(request, application, answer_form)


def _detail(request, application, answer_form, status=200):
    return render(
        request,
        "services/apply/detail.html",
        {
            "application": application,
            "service": application.service,
            "events": application.events.select_related("actor"),
            "messages_list": application.messages.prefetch_related("attachments").select_related(
                "document"
            ),
            "sections": engine.summary(
                application.form.definition,
                application.answers,
                services.file_names(application),
            ),
            "answer_form": answer_form,
            "form": answer_form,
            "appointments": application.appointments.all(),
            "breadcrumbs": [{"label": _("My applications"), "url": reverse("applications:mine")}],
        },
        status=status,
    )


@require_POST
def answer(request, pk):
    application = _owned(request, pk)
    form = AnswerForm(request.POST, request.FILES, prefix="r")
    if form.is_valid():
        try:
            cases.answer_query(
                actor=request.user,
                application=application,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
                session=request.session,
            )
        except ServicesError as error:
            form.add_error("files" if "file" in str(error.message).lower() else None, error.message)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect("applications:detail", pk=pk)
    return _detail(request, application, form, status=400)


def receipt(request, pk):
    application = _owned(request, pk)
    if application.received_at is None:
        raise Http404
    pdf = services.render_application_pdf(application, receipt=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"eingangsbestaetigung-{slugify(application.reference)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def message_document(request, pk, message_pk):
    """A document the clerks sent (query letter, notice) as the applicant downloads it."""
    from rathaus.records.services.documents import ContentDamaged, open_version

    application = _owned(request, pk)
    message = get_object_or_404(
        ApplicationMessage.objects.select_related("document__current_version"),
        pk=message_pk,
        application=application,
        direction=ApplicationMessage.Direction.TO_APPLICANT,
    )
    if message.document is None or message.document.current_version is None:
        raise Http404
    version = message.document.current_version
    try:
        handle = open_version(actor=request.user, version=version)
    except ContentDamaged:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(message.document.title) or 'dokument'}.pdf",
        content_type=version.content_type,
    )
