"""Online services (G2C/G2B): catalogue, forms as data, applications and their messages."""

from .applications import Application, ApplicationEvent, ApplicationMessage, ChannelCount
from .catalogue import CallbackRequest, LifeSituation, Service
from .forms import CodeList, FormDefinition

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationMessage",
    "CallbackRequest",
    "ChannelCount",
    "CodeList",
    "FormDefinition",
    "LifeSituation",
    "Service",
]
