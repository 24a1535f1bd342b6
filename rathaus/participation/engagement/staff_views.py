"""The moderators' pages (/staff/moderation/): summary with alerts, the queue of reported
content, one item with its reports and decisions, blocked accounts, the log, settings.

Only staff with the moderator or administrator role (and a second factor, checked by the
staff middleware) reach them; everyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate

from . import services
from .exceptions import EngagementError
from .forms import ReasonForm, SettingsForm
from .models import Block, Flag, ModeratedItem, ModerationLogEntry
from .registry import UnknownTarget, kind_of
from .targets import resolve_target

# URL value of the queue filter → states shown.
QUEUE_FILTERS = {
    "offen": (gettext_lazy("Waiting for review"), ModeratedItem.State.PENDING),
    "ausgeblendet": (gettext_lazy("Hidden"), ModeratedItem.State.HIDDEN),
    "geprueft": (gettext_lazy("Reviewed, visible"), ModeratedItem.State.VISIBLE),
}


def _require_moderator(request) -> None:
    require(
        services.is_moderator(request.user),
        actor=request.user,
        summary=f"not a moderator: {request.path[:200]}",
    )


def _tabs(current: str) -> list[dict]:
    return [
        {"label": _("Summary"), "url": reverse("moderation:home"), "current": current == "home"},
        {
            "label": _("Reported content"),
            "url": reverse("moderation:queue"),
            "current": current == "queue",
        },
        {
            "label": _("Blocked accounts"),
            "url": reverse("moderation:blocks"),
            "current": current == "blocks",
        },
        {
            "label": _("Moderation log"),
            "url": reverse("moderation:log"),
            "current": current == "log",
        },
        {
            "label": _("Settings"),
            "url": reverse("moderation:settings"),
            "current": current == "settings",
        },
    ]


@login_required
def home(request):
    """The moderators' summary: what waits, what was hidden automatically, newest reports."""
    _require_moderator(request)
    counts = ModeratedItem.objects.state_counts()
    alerts = ModeratedItem.objects.waiting_after_auto_hide().select_related("target_type")[:10]
    newest = list(Flag.objects.select_related("target_type")[:10])
    item_ids = ModeratedItem.objects.ids_for_targets(
        (flag.target_type_id, flag.target_id) for flag in newest
    )
    reports = [
        {"flag": flag, "item_id": item_ids.get((flag.target_type_id, flag.target_id))}
        for flag in newest
    ]
    return render(
        request,
        "engagement/staff/home.html",
        {
            "tabs": _tabs("home"),
            "counts": counts,
            "alerts": alerts,
            "reports": reports,
            "threshold": services.settings_for_town().report_threshold,
        },
    )


@login_required
def queue(request):
    _require_moderator(request)
    wanted = request.GET.get("status", "offen")
    if wanted not in QUEUE_FILTERS:
        wanted = "offen"
    label, state = QUEUE_FILTERS[wanted]
    rows = ModeratedItem.objects.in_state(state).for_queue()
    filters = [
        {
            "label": text,
            "url": f"{reverse('moderation:queue')}?status={key}",
            "current": key == wanted,
        }
        for key, (text, _state) in QUEUE_FILTERS.items()
    ]
    return render(
        request,
        "engagement/staff/queue.html",
        {
            "tabs": _tabs("queue"),
            "filters": filters,
            "label": label,
            "page": paginate(request, rows),
        },
    )


def _item_context(item: ModeratedItem) -> dict:
    target = item.target
    context = {"item": item, "target": target}
    if target is not None:
        try:
            kind = kind_of(target)
        except UnknownTarget:
            kind = None
        if kind is not None:
            author = services.author_of(target)
            context.update(
                title=kind.title(target),
                url=kind.url(target),
                text=kind.text(target),
                author=author,
                author_blocked=services.is_blocked(author) if author is not None else False,
            )
    return context


@login_required
def item(request, pk):
    """One reported or moderated piece of content: its text, the reports, the decisions."""
    _require_moderator(request)
    found = get_object_or_404(ModeratedItem.objects.select_related("reviewed_by"), pk=pk)
    return _render_item(request, found)


def _render_item(request, found, *, hide_form=None, show_form=None, block_form=None, status=200):
    flags = Flag.objects.filter(target_type=found.target_type, target_id=found.target_id)
    log = found.log.select_related("actor", "blocked_user")[:50]
    return render(
        request,
        "engagement/staff/item.html",
        {
            **_item_context(found),
            "tabs": _tabs("queue"),
            "flags": flags,
            "log": log,
            "hide_form": hide_form or ReasonForm(prefix="hide"),
            "show_form": show_form or ReasonForm(prefix="show"),
            "block_form": block_form or ReasonForm(prefix="block"),
        },
        status=status,
    )


@require_POST
@login_required
def decide(request, pk, decision: str):
    """Hide the content, or show it again / leave it visible, with a reason."""
    _require_moderator(request)
    found = get_object_or_404(ModeratedItem, pk=pk)
    target = found.target
    if target is None:
        raise Http404
    prefix = "hide" if decision == "hide" else "show"
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        action = services.hide if decision == "hide" else services.unhide
        try:
            action(actor=request.user, target=target, reason=form.cleaned_data["reason"])
        except EngagementError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The content is hidden.") if decision == "hide" else _("The content is visible."),
            )
            return redirect("moderation:item", pk=found.pk)
    forms = {f"{prefix}_form": form}
    return _render_item(request, found, status=400, **forms)


@require_POST
@login_required
def block_author(request, pk):
    """Block the author of the content from contributing, with a reason."""
    _require_moderator(request)
    found = get_object_or_404(ModeratedItem, pk=pk)
    target = found.target
    author = services.author_of(target) if target is not None else None
    if author is None:
        raise Http404
    form = ReasonForm(request.POST, prefix="block")
    if form.is_valid():
        try:
            services.block_user(
                actor=request.user, user=author, reason=form.cleaned_data["reason"], item=found
            )
        except EngagementError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The account is blocked from contributing."))
            return redirect("moderation:item", pk=found.pk)
    return _render_item(request, found, block_form=form, status=400)


@login_required
def moderate_content(request, type_id: int, object_id: str):
    """Moderate content nobody reported yet (a moderator came across it)."""
    _require_moderator(request)
    target = resolve_target(type_id, object_id, public=False)
    existing = ModeratedItem.objects.filter(
        target_type_id=type_id, target_id=str(target.pk)
    ).first()
    if existing is not None:
        return redirect("moderation:item", pk=existing.pk)
    form = ReasonForm(request.POST or None, prefix="hide")
    if request.method == "POST" and form.is_valid():
        try:
            created = services.hide(
                actor=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except EngagementError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The content is hidden."))
            return redirect("moderation:item", pk=created.pk)
    kind = kind_of(target)
    return render(
        request,
        "engagement/staff/moderate_content.html",
        {
            "tabs": _tabs("queue"),
            "title": kind.title(target),
            "url": kind.url(target),
            "text": kind.text(target),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def blocks(request):
    _require_moderator(request)
    rows = Block.objects.filter(lifted_at__isnull=True).select_related("user", "blocked_by")
    return render(
        request,
        "engagement/staff/blocks.html",
        {"tabs": _tabs("blocks"), "page": paginate(request, rows)},
    )


@login_required
def unblock(request, pk):
    """Lift a block, with a reason."""
    _require_moderator(request)
    block = get_object_or_404(Block.objects.select_related("user"), pk=pk, lifted_at__isnull=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.unblock_user(
            actor=request.user, user=block.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The block is lifted."))
        return redirect("moderation:blocks")
    return render(
        request,
        "engagement/staff/unblock.html",
        {"tabs": _tabs("blocks"), "blocked": block, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def log(request):
    _require_moderator(request)
    rows = ModerationLogEntry.objects.select_related(
        "actor", "blocked_user", "item", "item__target_type"
    )
    return render(
        request,
        "engagement/staff/log.html",
        {"tabs": _tabs("log"), "page": paginate(request, rows)},
    )


@login_required
def settings_page(request):
    _require_moderator(request)
    current = services.settings_for_town()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.update_settings(
            actor=request.user, report_threshold=form.cleaned_data["report_threshold"]
        )
        messages.success(request, _("The settings are saved."))
        return redirect("moderation:settings")
    return render(
        request,
        "engagement/staff/settings.html",
        {"tabs": _tabs("settings"), "form": form},
        status=400 if form.errors else 200,
    )
