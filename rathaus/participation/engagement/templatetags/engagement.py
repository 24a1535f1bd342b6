"""Template tags other apps use to add comments, reports and following to their pages::

    {% load engagement %}
    {% comment_thread proposal %}   the threaded comments and the comment form
    {% flag_link proposal %}        a link to report the content to the moderators
    {% follow_button proposal %}    follow / unfollow (e-mail updates)

The object must be of a model registered with ``registry.register_target``.
"""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from ..forms import CommentForm
from ..models import Comment
from ..registry import kind_of
from ..services import is_blocked, is_following, is_moderator
from ..targets import address_of, type_id_of
from ..threads import build_thread

register = template.Library()

REPLY_PARAM = "antworten"


def _login_url(next_url: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{reverse(settings.LOGIN_URL)}?{query.urlencode()}"


@register.inclusion_tag("engagement/thread.html", takes_context=True)
def comment_thread(context, obj):
    """The public comments on ``obj`` as nested lists, each with reply and report links,
    and the form to comment (or the reason why one cannot)."""
    request = context["request"]
    user = request.user
    kind = kind_of(obj)
    type_id, object_id = address_of(obj)
    comments = list(Comment.objects.on(obj).select_related("author"))
    roots = build_thread(comments, viewer=user)
    reply_to = None
    wanted = request.GET.get(REPLY_PARAM, "")
    if wanted:
        reply_to = next(
            (c for c in comments if str(c.pk) == wanted and not c.is_hidden and not c.is_withdrawn),
            None,
        )
    is_open = kind.comments_open(obj)
    anonymous_allowed = kind.anonymous_allowed(obj)
    signed_in = user.is_authenticated
    blocked = signed_in and is_open and is_blocked(user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": obj,
        "type_id": type_id,
        "object_id": object_id,
        "roots": roots,
        "count": sum(1 for c in comments if not c.is_hidden and not c.is_withdrawn),
        "is_open": is_open,
        "signed_in": signed_in,
        "blocked": blocked,
        "may_comment": is_open and signed_in and not blocked,
        "is_moderator": is_moderator(user),
        "anonymous_allowed": anonymous_allowed,
        "form": CommentForm(anonymous_allowed=anonymous_allowed, auto_id="kommentar_%s"),
        "reply_form": CommentForm(
            anonymous_allowed=anonymous_allowed,
            auto_id="antwort_%s",
            initial={"parent": reply_to.pk},
        )
        if reply_to
        else None,
        "reply_to": reply_to,
        "reply_param": REPLY_PARAM,
        "comment_url": reverse("engagement:comment", args=[type_id, object_id]),
        "login_url": _login_url(f"{request.get_full_path()}#kommentar-formular"),
        "comment_type_id": type_id_of(Comment),
    }


@register.simple_tag
def flag_url(obj) -> str:
    """The address of the page to report ``obj``."""
    return reverse("engagement:flag", args=address_of(obj))


@register.inclusion_tag("engagement/flag_link.html")
def flag_link(obj):
    """A link to report ``obj`` to the moderators."""
    return {"url": reverse("engagement:flag", args=address_of(obj))}


@register.inclusion_tag("engagement/follow_button.html", takes_context=True)
def follow_button(context, obj):
    """A button to follow ``obj`` (e-mail updates) or stop following it; a sign-in link
    for visitors without an account."""
    request = context["request"]
    user = request.user
    kind_of(obj)
    type_id, object_id = address_of(obj)
    return {
        "csrf_token": context.get("csrf_token"),
        "signed_in": user.is_authenticated,
        "following": is_following(target=obj, user=user),
        "follow_url": reverse("engagement:follow", args=[type_id, object_id]),
        "unfollow_url": reverse("engagement:unfollow", args=[type_id, object_id]),
        "next": request.get_full_path(),
        "login_url": _login_url(request.get_full_path()),
    }


@register.simple_tag(takes_context=True)
def reply_url(context, comment) -> str:
    """The current page with the reply form open under ``comment`` (works without JS)."""
    query = context["request"].GET.copy()
    query[REPLY_PARAM] = str(comment.pk)
    return f"?{query.urlencode()}#kommentar-formular"
