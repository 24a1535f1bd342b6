"""Public pages: commenting, withdrawing, reporting content, following and unsubscribing.

Content is addressed by its content type id and object id (``targets.resolve_target``);
a type that is not a registered target, or content the public may not see, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rathaus.core.ratelimit import RateLimited, client_key, hit

from . import services
from .exceptions import EngagementError
from .forms import CommentForm, FlagForm
from .models import Comment
from .registry import kind_of
from .targets import resolve_target

COMMENT_LIMIT = (20, 600)  # comments per client in ten minutes
FLAG_LIMIT = (10, 3600)  # reports per client in an hour
FOLLOW_LIMIT = (60, 3600)


def _target_context(target) -> dict:
    kind = kind_of(target)
    return {"target": target, "target_title": kind.title(target), "target_url": kind.url(target)}


def _back(request, target) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return kind_of(target).url(target)


@require_POST
def comment(request, type_id: int, object_id: str):
    """Publish a comment or a reply; problems are shown on a page that keeps the text."""
    target = resolve_target(type_id, object_id)
    kind = kind_of(target)
    form = CommentForm(
        request.POST, anonymous_allowed=kind.anonymous_allowed(target), auto_id="kommentar_%s"
    )
    if not request.user.is_authenticated:
        form.is_valid()
        form.add_error(None, _("Please sign in to comment."))
    elif form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.on(target).filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                raise Http404
        try:
            hit(
                "engagement.comment",
                client_key(request),
                limit=COMMENT_LIMIT[0],
                per=COMMENT_LIMIT[1],
            )
            created = services.add_comment(
                author=request.user,
                target=target,
                text=form.cleaned_data["text"],
                parent=parent,
                show_name=form.cleaned_data["show_name"],
            )
        except EngagementError as error:
            form.add_error("text" if _about_text(error) else None, error.message)
        except RateLimited as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your comment has been published."))
            return redirect(f"{kind.url(target)}#comment-{created.pk}")
    return render(
        request,
        "engagement/comment_error.html",
        {**_target_context(target), "form": form, "comment_url": request.path},
        status=400,
    )


def _about_text(error) -> bool:
    from . import exceptions

    return isinstance(error, exceptions.EmptyText | exceptions.TextTooLong)


@login_required
def withdraw(request, comment_id):
    """The author takes their comment back (after confirming)."""
    found = get_object_or_404(
        Comment, pk=comment_id, author=request.user, is_withdrawn=False, is_hidden=False
    )
    target = found.target
    if target is None:
        raise Http404
    if request.method == "POST":
        services.withdraw_comment(actor=request.user, comment=found)
        messages.success(request, _("Your comment has been withdrawn."))
        return redirect(f"{kind_of(target).url(target)}#comment-{found.pk}")
    return render(
        request, "engagement/withdraw.html", {**_target_context(target), "comment": found}
    )


def flag(request, type_id: int, object_id: str):
    """Report content to the moderators; works without an account."""
    target = resolve_target(type_id, object_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        key = services.reporter_key(
            user=request.user, session_key=request.session.session_key or ""
        )
        try:
            hit("engagement.flag", client_key(request), limit=FLAG_LIMIT[0], per=FLAG_LIMIT[1])
            services.flag_content(
                target=target,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                reporter=request.user,
                key=key,
            )
        except (EngagementError, RateLimited) as error:
            form.add_error(None, error.message)
        else:
            return render(request, "engagement/flag_done.html", _target_context(target))
    return render(
        request,
        "engagement/flag.html",
        {**_target_context(target), "form": form, "excerpt": kind_of(target).text(target)},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def follow(request, type_id: int, object_id: str):
    target = resolve_target(type_id, object_id)
    try:
        hit("engagement.follow", client_key(request), limit=FOLLOW_LIMIT[0], per=FOLLOW_LIMIT[1])
    except RateLimited as error:
        messages.error(request, error.message)
    else:
        services.follow(target=target, user=request.user)
        messages.success(
            request, _("You are now following this. We will e-mail you about updates.")
        )
    return redirect(_back(request, target))


@require_POST
@login_required
def unfollow(request, type_id: int, object_id: str):
    target = resolve_target(type_id, object_id, public=False)
    services.unfollow(target=target, user=request.user)
    messages.success(request, _("You no longer follow this and get no more updates about it."))
    return redirect(_back(request, target))


@csrf_exempt  # the signed token is the credential; mail programs post without a form
def unsubscribe(request, token: str):
    """The one-click link in every update e-mail: GET asks, POST ends the subscription
    (also the RFC 8058 List-Unsubscribe-Post of mail programs)."""
    try:
        row = services.follow_for_token(token)
    except EngagementError as error:
        return render(request, "engagement/unsubscribe.html", {"error": error.message}, status=404)
    target = row.target
    title = kind_of(target).title(target) if target is not None else ""
    if request.method == "POST":
        services.unsubscribe(token)
        return render(request, "engagement/unsubscribe.html", {"done": True, "title": title})
    return render(request, "engagement/unsubscribe.html", {"title": title})
