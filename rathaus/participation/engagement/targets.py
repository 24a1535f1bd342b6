"""Addressing content in URLs: a registered model's content type id and the object's id."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404

from .registry import is_publicly_visible, is_registered


def address_of(obj) -> tuple[int, str]:
    """The (content type id, object id) pair naming ``obj`` in engagement URLs."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return content_type.pk, str(obj.pk)


def resolve_target(type_id: int, object_id: str, *, public: bool = True):
    """The content a URL names, or 404: the type must be registered as a target, the
    object must exist in the current town (scoped managers) and, with ``public``, be
    visible to the public."""
    try:
        content_type = ContentType.objects.get_for_id(type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None or not is_registered(model):
        raise Http404
    try:
        obj = model._default_manager.filter(pk=object_id).first()
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None
    if obj is None or (public and not is_publicly_visible(obj)):
        raise Http404
    return obj


def type_id_of(model) -> int:
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk
