"""The consultation report for the council: per section its comments (text and date; the
author's name only where they chose to show it), hidden comments left out and counted.
As HTML, PDF (WeasyPrint) and CSV; nothing else about the authors is included."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from rathaus.core.pdf import html_to_pdf
from rathaus.core.tenancy import current_town
from rathaus.participation.engagement.models import Comment

from .models import Draft, Section


@dataclass
class ReportComment:
    text: str
    created_at: object
    name: str
    is_reply: bool
    is_official: bool


@dataclass
class ReportSection:
    section: Section
    comments: list[ReportComment] = field(default_factory=list)
    hidden: int = 0


@dataclass
class Report:
    draft: Draft
    sections: list[ReportSection]
    made_at: object

    @property
    def total(self) -> int:
        return sum(len(part.comments) for part in self.sections)

    @property
    def hidden(self) -> int:
        return sum(part.hidden for part in self.sections)


def build_report(draft: Draft) -> Report:
    sections = list(Section.objects.filter(draft=draft).public())
    by_id = {str(section.pk): ReportSection(section) for section in sections}
    comments = (
        Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(Section),
            target_id__in=list(by_id),
            is_withdrawn=False,
        )
        .select_related("author")
        .order_by("created_at")
    )
    for comment in comments:
        part = by_id[comment.target_id]
        if comment.is_hidden:
            part.hidden += 1
            continue
        name = (
            comment.author.get_full_name()
            if comment.show_name and comment.author is not None
            else ""
        )
        part.comments.append(
            ReportComment(
                text=comment.text,
                created_at=comment.created_at,
                name=name,
                is_reply=comment.parent_id is not None,
                is_official=comment.is_official,
            )
        )
    return Report(draft=draft, sections=list(by_id.values()), made_at=timezone.now())


def render_pdf(report: Report) -> bytes:
    """Self-contained HTML (no resources loaded from anywhere) printed by WeasyPrint."""
    html = render_to_string(
        "consultations/staff/report_pdf.html", {"report": report, "town": current_town()}
    )
    return html_to_pdf(html)


def render_csv(report: Report, headers: list[str]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(headers)
    for part in report.sections:
        for comment in part.comments:
            writer.writerow(
                [
                    _safe(part.section.label),
                    timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
                    _safe(comment.name),
                    _safe(comment.text),
                ]
            )
    return output.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a quote stops that."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
