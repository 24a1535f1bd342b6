"""Writes of document consultations (staff): drafts, their sections, the importer.
Every write is audited; only participation managers and administrators may make them."""

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.uploads.services import store_upload
from rathaus.participation.services.permissions import can_manage_participation

from . import exceptions
from .models import Draft, Section
from .splitter import split_into_sections

DRAFT_FIELDS = ("title", "introduction", "kind", "is_published")
SECTION_FIELDS = ("position", "number", "heading", "text")
ORIGINAL_KINDS = {"pdf", "docx", "odt"}


def require_manager(user) -> None:
    if not can_manage_participation(user):
        raise Http404


def _changes(obj, data: dict, fields) -> dict:
    changes = {}
    for key in fields:
        if key in data and getattr(obj, key) != data[key]:
            changes[key] = [str(getattr(obj, key))[:200], str(data[key])[:200]]
            setattr(obj, key, data[key])
    return changes


def _store_original(uploaded, actor):
    return store_upload(
        uploaded_file=uploaded, kinds=ORIGINAL_KINDS, uploaded_by=actor, is_public=True
    )


@transaction.atomic
def create_draft(*, actor, process, data: dict, original=None) -> Draft:
    require_manager(actor)
    draft = Draft.objects.create(
        process=process,
        original_file=_store_original(original, actor) if original else None,
        **{key: data[key] for key in DRAFT_FIELDS if key in data},
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=draft,
        summary=f"draft for consultation created in {process.slug}",
    )
    return draft


@transaction.atomic
def update_draft(*, actor, draft: Draft, data: dict, original=None) -> Draft:
    require_manager(actor)
    changes = _changes(draft, data, DRAFT_FIELDS)
    if original:
        draft.original_file = _store_original(original, actor)
        changes["original_file"] = ["", draft.original_file.original_name]
    if changes:
        draft.save()
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=draft,
            summary="draft for consultation changed",
            changes=changes,
        )
    return draft


def _has_any_comments(sections) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from rathaus.participation.engagement.models import Comment

    return Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(Section),
        target_id__in=[str(section.pk) for section in sections],
    ).exists()


@transaction.atomic
def import_sections(*, actor, draft: Draft, text: str, replace: bool = False) -> list[Section]:
    """Split pasted text into sections and add them after the existing ones, or replace
    them (only while nobody has commented)."""
    require_manager(actor)
    parsed = split_into_sections(text, preamble=_("Preamble"))
    if not parsed:
        raise exceptions.NothingToImport
    existing = list(Section.objects.select_for_update().filter(draft=draft))
    start = 0
    if replace and existing:
        if _has_any_comments(existing):
            raise exceptions.DraftHasComments
        Section.objects.filter(draft=draft).delete()
    elif existing:
        start = max(section.position for section in existing)
    created = Section.objects.bulk_create(
        [
            Section(
                draft=draft,
                position=start + index,
                number=part.number[:30],
                heading=part.heading[:300],
                text=part.text,
            )
            for index, part in enumerate(parsed, start=1)
        ]
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=draft,
        summary=f"{len(created)} sections imported" + (" (replacing)" if replace else ""),
    )
    return created


@transaction.atomic
def create_section(*, actor, draft: Draft, data: dict) -> Section:
    require_manager(actor)
    section = Section.objects.create(
        draft=draft, **{key: data[key] for key in SECTION_FIELDS if key in data}
    )
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=section, summary="section added")
    return section


@transaction.atomic
def update_section(*, actor, section: Section, data: dict) -> Section:
    require_manager(actor)
    changes = _changes(section, data, SECTION_FIELDS)
    if changes:
        section.save()
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=section,
            summary="section changed",
            changes=changes,
        )
    return section


@transaction.atomic
def delete_section(*, actor, section: Section) -> None:
    require_manager(actor)
    if _has_any_comments([section]):
        raise exceptions.SectionHasComments
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=section,
        summary=f"section deleted: {section.label[:100]}",
    )
    section.delete()
