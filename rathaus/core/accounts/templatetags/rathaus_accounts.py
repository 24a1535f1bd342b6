"""Template helpers of the account pages (``{% load rathaus_accounts %}``)."""

from datetime import timedelta

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_present(context, template_name: str) -> str:
    """Render a template that another part of the project may or may not provide
    (e.g. the OpenID Connect button); nothing if it is missing."""
    try:
        found = get_template(template_name)
    except template.TemplateDoesNotExist:
        return ""
    return found.render(context.flatten(), context.get("request"))


@register.filter
def minutes(value: timedelta | None) -> int:
    """A duration in whole minutes, at least one."""
    if not value:
        return 0
    return max(1, round(value.total_seconds() / 60))
