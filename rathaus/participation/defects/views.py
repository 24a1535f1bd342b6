"""Public pages of the defect reporter: start, list, map, a report's page, reporting
in steps (category → details → check → sent), the e-mail confirmation, following a
report and the “is it fixed?” questionnaire. Everything works without JavaScript."""

import secrets

from django.contrib import messages
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.exceptions import UserFacingError
from rathaus.core.ratelimit import client_key, hit
from rathaus.core.uploads.models import StoredFile
from rathaus.participation.engagement import services as engagement

from . import exceptions, forms, querysets
from .models import CategoryAttribute, DefectCategory, DefectSettings, ReportUpdate, Status, Street
from .services import questionnaire as questionnaire_service
from .services import reporting

REPORTS_PER_HOUR = 10
PHOTOS_PER_HOUR = 30
FOLLOWS_PER_HOUR = 10
MAP_MARKERS = 500
FOLLOW_SALT = "rathaus.defects.follow"


def _status_choices():
    return [
        ("offen", _("Open")),
        ("erledigt", _("Fixed")),
        ("abgeschlossen", _("Finished")),
        ("alle", _("All")),
    ]


def _map_context() -> dict:
    from django.conf import settings

    return {
        "map_settings": DefectSettings.objects.first(),
        "tile_url": settings.RATHAUS_MAP_TILE_URL,
        "tile_attribution": settings.RATHAUS_MAP_TILE_ATTRIBUTION,
    }


def _crumbs(*items):
    return [{"label": _("Defect reporter"), "url": reverse("defects:start")}, *items]


def _categories():
    return DefectCategory.objects.filter(is_active=True)


def _filters(request):
    """The list's filters from the query: (category or None, status key, categories)."""
    categories = list(_categories())
    code = request.GET.get("kategorie", "")
    category = next((c for c in categories if c.code == code), None)
    status = request.GET.get("status", "offen")
    if status not in querysets.STATUS_GROUPS:
        status = "alle"
    return category, status, categories


def start(request):
    newest = querysets.for_list(querysets.public_reports())[:5]
    return render(
        request,
        "defects/start.html",
        {"categories": _categories(), "newest": newest, "breadcrumbs": _crumbs()[:0]},
    )


def report_list(request):
    category, status, categories = _filters(request)
    reports = querysets.for_list(
        querysets.filter_public(querysets.public_reports(), category=category, status=status)
    )
    return render(
        request,
        "defects/list.html",
        {
            "page": querysets.paginate_capped(request, reports),
            "categories": categories,
            "category": category,
            "status": status,
            "status_choices": _status_choices(),
            "breadcrumbs": _crumbs({"label": _("Reports")}),
        },
    )


def map_page(request):
    category, status, categories = _filters(request)
    reports = querysets.for_list(
        querysets.filter_public(querysets.public_reports(), category=category, status=status)
    )[:100]
    return render(
        request,
        "defects/map.html",
        {
            **_map_context(),
            "reports": reports,
            "categories": categories,
            "category": category,
            "status": status,
            "status_choices": _status_choices(),
            "markers_url": reverse("defects:markers") + "?" + request.GET.urlencode(),
            "breadcrumbs": _crumbs({"label": _("Map")}),
        },
    )


def markers(request):
    """The newest public reports matching the filters as JSON for the map (at most 500)."""
    category, status, _categories_ = _filters(request)
    rows = (
        querysets.filter_public(querysets.public_reports(), category=category, status=status)
        .order_by("-created_at")
        .values_list("number", "latitude", "longitude", "status", "category__name")[:MAP_MARKERS]
    )
    labels = dict(Status.choices)
    base = reverse("defects:report", args=[0])[: -len("0/")]
    data = [
        {
            "number": number,
            "lat": float(latitude),
            "lon": float(longitude),
            "status": str(labels.get(state, state)),
            "open": state in querysets.OPEN_STATUSES,
            "category": name or "",
            "url": f"{base}{number}/",
        }
        for number, latitude, longitude, state, name in rows
    ]
    return JsonResponse({"reports": data})


def _public_report(number):
    return get_object_or_404(
        querysets.public_reports().select_related("category", "photo", "duplicate_of"),
        number=number,
    )


def report(request, number):
    found = _public_report(number)
    history = ReportUpdate.objects.filter(report=found).select_related("author")
    return render(
        request,
        "defects/report.html",
        {
            "report": found,
            "history": history,
            "reporter_name": _public_name(found),
            "answers": querysets.answers_of(found),
            "following": engagement.is_following(target=found, user=request.user),
            "follow_form": forms.FollowByEmailForm(),
            "breadcrumbs": _crumbs(
                {"label": _("Reports"), "url": reverse("defects:list")},
                {"label": _("Report no. %(number)s") % {"number": found.number}},
            ),
        },
    )


def _public_name(found) -> str:
    if not found.show_name:
        return ""
    if found.reporter_id:
        return found.reporter.get_full_name()
    return found.reporter_name


# ------------------------------------------------------------------ reporting


def choose_category(request):
    categories = list(_categories())
    form = forms.ChooseCategoryForm(request.GET or None, categories=categories)
    if request.GET and form.is_valid():
        query = request.GET.copy()
        query.pop("category", None)
        suffix = f"?{query.urlencode()}" if query else ""
        return redirect(reverse("defects:new", args=[form.cleaned_data["category"]]) + suffix)
    return render(
        request,
        "defects/choose_category.html",
        {"form": form, "breadcrumbs": _crumbs({"label": _("Report a problem")})},
    )


def _field_for(error, form, used_coordinates: bool) -> str | None:
    if isinstance(
        error,
        exceptions.LocationMissing
        | exceptions.UnknownAddress
        | exceptions.OutsideTown
        | exceptions.InvalidCoordinates,
    ):
        if isinstance(error, exceptions.InvalidCoordinates) or used_coordinates:
            return "latitude"
        return "street"
    if isinstance(error, exceptions.DescriptionMissing | exceptions.DescriptionTooLong):
        return "description"
    if isinstance(error, exceptions.EmailRequired | exceptions.InvalidEmail):
        return "email" if "email" in form.fields else None
    if isinstance(error, exceptions.AttributeMissing | exceptions.AttributeInvalid):
        name = f"attr_{error.code}"
        return name if name in form.fields else None
    if isinstance(error, exceptions.PhotoRejected):
        return "photo"
    return None


def new(request, code):
    category = get_object_or_404(_categories(), code=code)
    attributes = CategoryAttribute.objects.filter(category=category)
    streets = Street.objects.all()
    context = {
        **_map_context(),
        "category": category,
        "breadcrumbs": _crumbs(
            {"label": _("Report a problem"), "url": reverse("defects:choose")},
            {"label": category.name},
        ),
    }
    options = {
        "category": category,
        "attributes": attributes,
        "streets": streets,
        "user": request.user,
    }
    if request.method != "POST":
        initial = {
            "submission_key": secrets.token_hex(16),
            "latitude": request.GET.get("lat", "")[:20],
            "longitude": request.GET.get("lon", "")[:20],
        }
        form = forms.ReportForm(initial=initial, **options)
        return _details(request, form, context)
    data = request.POST.copy()
    if not data.get("submission_key"):
        data["submission_key"] = secrets.token_hex(16)
    form = forms.ReportForm(data, request.FILES, **options)
    valid = form.is_valid()
    photo = forms.read_photo_token(data.get("photo_token", ""))
    stored = _kept_photo(photo)
    if stored is None:
        photo = None
        data["photo_token"] = ""
    uploaded = request.FILES.get("photo")
    if uploaded:
        try:
            hit("defects.photo", client_key(request), limit=PHOTOS_PER_HOUR, per=3600)
            stored, cleaned = reporting.keep_photo(uploaded, uploaded_by=request.user)
        except UserFacingError as error:
            form.add_error("photo", error.message)
            valid = False
        else:
            data["photo_token"] = forms.sign_photo(stored, cleaned.latitude, cleaned.longitude)
            photo = forms.read_photo_token(data["photo_token"])
    context["photo"] = stored
    if not valid:
        return _details(request, form, context)
    cleaned = form.cleaned_data
    latitude, longitude = cleaned.get("latitude", ""), cleaned.get("longitude", "")
    address = form.address_text()
    if not (latitude or longitude or address) and photo and photo.get("lat"):
        answer = cleaned.get("use_photo_position")
        if answer == "ja":
            latitude, longitude = photo["lat"], photo["lon"]
            data["latitude"], data["longitude"] = latitude, longitude
        elif answer != "nein":
            context["photo_position"] = (photo["lat"], photo["lon"])
            context["carried"] = _carried(form, skip=("use_photo_position",))
            return render(request, "defects/new/photo_position.html", {**context, "form": form})
    used_coordinates = bool(latitude or longitude)
    user = request.user if request.user.is_authenticated else None
    try:
        checked = reporting.check_report(
            category=category,
            description=cleaned["description"],
            latitude=latitude,
            longitude=longitude,
            address=address,
            attributes=form.attribute_answers(),
            reporter=user,
            email=cleaned.get("email", ""),
        )
    except UserFacingError as error:
        form.add_error(_field_for(error, form, used_coordinates), error.message)
        return _details(request, form, context)
    action = data.get("action", "check")
    if action == "change":
        return _details(request, form, context)
    if action == "send":
        return _send(request, form, context, checked, stored, latitude, longitude, address)
    found = DefectSettings.objects.first()
    radius = found.duplicate_radius_m if found else 100
    context.update(
        {
            "form": form,
            "carried": _carried(form),
            "checked": checked,
            "radius": radius,
            "nearby": querysets.nearby_open(
                category=category,
                latitude=checked["latitude"],
                longitude=checked["longitude"],
                radius_m=radius,
            ),
        }
    )
    return render(request, "defects/new/check.html", context)


def _carried(form, skip=()) -> list[tuple[str, str]]:
    """What the person entered, as (name, value) pairs for hidden fields of the next step
    (the photo travels as its signed token)."""
    return [
        (name, value)
        for name in form.fields
        if name != "photo" and name not in skip
        for value in form.data.getlist(name)
    ]


def _kept_photo(photo: dict | None):
    if not photo:
        return None
    return StoredFile.objects.filter(pk=photo.get("f"), is_public=False).first()


def _details(request, form, context):
    return render(request, "defects/new/details.html", {**context, "form": form})


def _send(request, form, context, checked, stored, latitude, longitude, address):
    cleaned = form.cleaned_data
    key = cleaned.get("submission_key", "")[:64]
    user = request.user if request.user.is_authenticated else None
    try:
        if not key or not querysets.DefectReport.objects.filter(submission_key=key).exists():
            hit("defects.report", client_key(request), limit=REPORTS_PER_HOUR, per=3600)
        created = reporting.submit_report(
            category=context["category"],
            description=cleaned["description"],
            latitude=latitude,
            longitude=longitude,
            address=address,
            photo=stored,
            attributes=form.attribute_answers(),
            reporter=user,
            email=cleaned.get("email", ""),
            name=cleaned.get("name", ""),
            phone=cleaned.get("phone", ""),
            show_name=cleaned.get("show_name", False),
            submission_key=key,
        )
    except UserFacingError as error:
        form.add_error(None, error.message)
        return _details(request, form, context)
    request.session["defects_sent"] = created.number
    return redirect("defects:sent")


def sent(request):
    number = request.session.get("defects_sent")
    found = querysets.DefectReport.objects.filter(number=number).first() if number else None
    if found is None:
        return redirect("defects:start")
    return render(
        request,
        "defects/new/sent.html",
        {"report": found, "breadcrumbs": _crumbs({"label": _("Report sent")})},
    )


def confirm(request, token):
    try:
        found = reporting.confirm_report(token)
    except UserFacingError as error:
        return render(
            request,
            "defects/message.html",
            {"title": _("Confirmation not possible"), "text": error.message},
            status=400,
        )
    messages.success(
        request,
        _(
            "Thank you: your report is confirmed and published. "
            "We tell you by e-mail about its progress."
        ),
    )
    return redirect(found.get_absolute_url())


# ------------------------------------------------------------------ following


@require_POST
def follow(request, number):
    found = _public_report(number)
    if request.user.is_authenticated:
        if request.POST.get("unfollow"):
            engagement.unfollow(target=found, user=request.user)
            messages.success(request, _("You no longer follow this report."))
        else:
            engagement.follow(target=found, user=request.user)
            messages.success(request, _("You follow this report and receive its updates."))
        return redirect(found.get_absolute_url())
    form = forms.FollowByEmailForm(request.POST)
    if form.is_valid():
        try:
            hit("defects.follow", client_key(request), limit=FOLLOWS_PER_HOUR, per=3600)
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            _send_follow_link(found, form.cleaned_data["email"])
            messages.success(
                request,
                _("We have sent you an e-mail. Open the link in it to follow this report."),
            )
            return redirect(found.get_absolute_url())
    history = ReportUpdate.objects.filter(report=found).select_related("author")
    return render(
        request,
        "defects/report.html",
        {
            "report": found,
            "history": history,
            "reporter_name": _public_name(found),
            "answers": querysets.answers_of(found),
            "follow_form": form,
            "breadcrumbs": _crumbs(
                {"label": _("Reports"), "url": reverse("defects:list")},
                {"label": _("Report no. %(number)s") % {"number": found.number}},
            ),
        },
        status=400,
    )


def _send_follow_link(found, email: str) -> None:
    from rathaus.core.notifications.services import absolute_url, send_templated_email

    token = signing.dumps({"r": str(found.pk), "e": email}, salt=FOLLOW_SALT, compress=True)
    send_templated_email(
        to=email,
        template="defects/follow",
        context={
            "report": found,
            "link": absolute_url(reverse("defects:follow_confirm", args=[token])),
        },
    )


def follow_confirm(request, token):
    try:
        payload = signing.loads(token, salt=FOLLOW_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    found = get_object_or_404(querysets.public_reports(), pk=payload.get("r"))
    reporting.follow_by_email(found, payload.get("e", ""))
    messages.success(request, _("You follow this report and receive its updates by e-mail."))
    return redirect(found.get_absolute_url())


# ------------------------------------------------------------------ questionnaire


def questionnaire(request, token):
    try:
        found = questionnaire_service.report_for_token(token)
    except UserFacingError as error:
        return render(
            request,
            "defects/message.html",
            {"title": _("Question already answered"), "text": error.message},
            status=400,
        )
    form = forms.QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_service.answer_questionnaire(
                token=token,
                fixed=form.cleaned_data["fixed"] == "ja",
                comment=form.cleaned_data["comment"],
            )
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            if form.cleaned_data["fixed"] == "ja":
                messages.success(request, _("Thank you for telling us."))
            else:
                messages.success(
                    request,
                    _("Thank you. The report is open again and the responsible office is told."),
                )
            return redirect(found.get_absolute_url())
    return render(
        request,
        "defects/questionnaire.html",
        {"report": found, "form": form, "breadcrumbs": _crumbs({"label": _("Is it fixed?")})},
    )
