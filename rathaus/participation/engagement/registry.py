"""The kinds of content people can comment on, report and follow.

An app registers each such model once (in its ``AppConfig.ready``)::

    register_target(
        Proposal,
        title=lambda proposal: proposal.title,
        url=lambda proposal: proposal.get_absolute_url(),
        comments_open=lambda proposal: proposal.process.feature_active(Feature.COMMENTS),
        anonymous_allowed=lambda proposal: proposal.process.allow_anonymous,
    )

Engagement never imports the apps that own the content; it asks the registry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


def _always(obj) -> bool:
    return True


@dataclass(frozen=True)
class TargetKind:
    model: type[models.Model]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    comments_open: Callable[[Any], bool] = _always
    anonymous_allowed: Callable[[Any], bool] = _always
    # The text a moderator reads to judge the content (a proposal's body, a comment).
    text: Callable[[Any], str] = lambda obj: str(obj)
    # Whether the public may see the content at all (a proposal of an unpublished process
    # is not); hidden content (``is_hidden``) is never public, whatever this says.
    is_public: Callable[[Any], bool] = _always


_kinds: dict[type, TargetKind] = {}


class UnknownTarget(LookupError):
    pass


def register_target(model: type[models.Model], **options) -> None:
    if not hasattr(model, "is_hidden"):
        raise TypeError(f"{model.__name__} needs an is_hidden field to be moderated.")
    _kinds[model] = TargetKind(model=model, **options)


def kind_of(obj) -> TargetKind:
    try:
        return _kinds[type(obj)]
    except KeyError:
        raise UnknownTarget(type(obj).__name__) from None


def registered_models() -> list[type[models.Model]]:
    return list(_kinds)


def unregister_target(model: type[models.Model]) -> None:
    """Forget a registration (tests register their own targets and clean up after)."""
    _kinds.pop(model, None)


def is_registered(model: type[models.Model]) -> bool:
    return model in _kinds


def is_publicly_visible(obj) -> bool:
    """The public may see ``obj``: not hidden by moderation and public for its kind."""
    return not getattr(obj, "is_hidden", False) and kind_of(obj).is_public(obj)
