"""The action table: every action the API offers, with its parameters and the shape of its
result. The dispatcher, ``help_show`` and the OpenAPI description all read this one table."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.http import HttpRequest

from ..permissions import can_steward
from .params import Param


@dataclass
class Context:
    """One call of an action: the request and the member of staff its API token stands
    for (None for anonymous callers and unknown tokens)."""

    request: HttpRequest
    user: Any = None

    @cached_property
    def is_steward(self) -> bool:
        return self.user is not None and can_steward(self.user)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


@dataclass(frozen=True)
class Action:
    name: str
    function: Callable[[Context, dict], Any]
    params: tuple[Param, ...]
    result: dict  # JSON Schema of ``result``, for the OpenAPI description
    side_effect_free: bool = True
    enabled: Callable[[], bool] = field(default=lambda: True)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")


_ACTIONS: dict[str, Action] = {}


def action(
    *,
    params: tuple[Param, ...] = (),
    result: dict | None = None,
    side_effect_free: bool = True,
    enabled: Callable[[], bool] | None = None,
):
    """Register the decorated function as the action of its name."""

    def register(function):
        _ACTIONS[function.__name__] = Action(
            name=function.__name__,
            function=function,
            params=params,
            result=result or {},
            side_effect_free=side_effect_free,
            enabled=enabled or (lambda: True),
        )
        return function

    return register


def actions() -> dict[str, Action]:
    """Every action that is switched on, by name."""
    from . import datastore_actions, reads, resource_writes, writes  # noqa: F401  (register)

    return {name: item for name, item in sorted(_ACTIONS.items()) if item.enabled()}


def find_action(name: str) -> Action | None:
    return actions().get(name)


def ref(schema: str) -> dict:
    """A reference to one of the OpenAPI description's component schemas."""
    return {"$ref": f"#/components/schemas/{schema}"}


def list_of(item: dict) -> dict:
    return {"type": "array", "items": item}
