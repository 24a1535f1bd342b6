"""Public pages of a document consultation: a draft with its sections and the number of
comments on each, and a section's page with its comment thread."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rathaus.participation.models import Feature, Process

from .models import Draft, Section
from .querysets import comment_counts


def _url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def trail(process, *items) -> list[dict]:
    crumbs = [
        {"label": _("Participation"), "url": _url_or_none("participation:index")},
        {"label": process.title, "url": _url_or_none("participation:process", process.slug)},
        {"label": _("Drafts"), "url": reverse("consultations:index", args=[process.slug])},
    ]
    crumbs.extend({"label": label, "url": url} for label, url in items)
    return [crumb for crumb in crumbs if crumb["url"] is not None or crumb is crumbs[-1]]


def _process(process_slug) -> Process:
    process = Process.objects.published().filter(slug=process_slug).first()
    if process is None:
        raise Http404
    return process


def _draft(process, pk) -> Draft:
    draft = Draft.objects.published().filter(process=process, pk=pk).first()
    if draft is None:
        raise Http404
    draft.process = process
    return draft


def index(request, process_slug):
    process = _process(process_slug)
    return render(
        request,
        "consultations/index.html",
        {
            "process": process,
            "drafts": Draft.objects.published().of_process(process),
            "open": process.feature_active(Feature.CONSULTATION),
            "breadcrumbs": trail(process)[:-1] + [{"label": _("Drafts"), "url": None}],
        },
    )


def draft(request, process_slug, pk):
    process = _process(process_slug)
    found = _draft(process, pk)
    sections = list(Section.objects.filter(draft=found).public())
    counts = comment_counts(sections)
    for section in sections:
        section.comment_count = counts.get(str(section.pk), 0)
    return render(
        request,
        "consultations/draft.html",
        {
            "process": process,
            "draft": found,
            "sections": sections,
            "open": process.feature_active(Feature.CONSULTATION),
            "breadcrumbs": trail(process, (found.title, None)),
        },
    )


def section(request, process_slug, pk, section_pk):
    process = _process(process_slug)
    found = _draft(process, pk)
    part = Section.objects.filter(draft=found, pk=section_pk).public().first()
    if part is None:
        raise Http404
    part.draft = found
    siblings = list(Section.objects.filter(draft=found).public().only("pk", "position"))
    index = next(i for i, s in enumerate(siblings) if s.pk == part.pk)
    return render(
        request,
        "consultations/section.html",
        {
            "process": process,
            "draft": found,
            "section": part,
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "open": process.feature_active(Feature.CONSULTATION),
            "breadcrumbs": trail(
                process,
                (found.title, reverse("consultations:draft", args=[process.slug, found.pk])),
                (part.label, None),
            ),
        },
    )
