"""Lesson text: Markdown (CommonMark with tables) rendered to safe HTML.

Authors write Markdown; raw HTML in it is shown as text, never interpreted. Images come only
from the lesson's own pictures, referenced as ``![description](bild:1)``; any other image, and
a ``bild:<n>`` the lesson does not have, is left out. Headings start at level 2 (the page's
title is the one h1), so ``# Heading`` becomes an h2. The HTML is sanitised once more with
nh3 against a short allow-list, so whatever the Markdown parser lets through, no script,
style or event handler reaches a page.
"""

import re

import nh3
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

IMAGE_REFERENCE = re.compile(r"^bild:(\d{1,4})$", re.IGNORECASE)

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "th": {"scope"},
}


def _render_image(self, tokens, idx, options, env) -> str:
    """Only ``bild:<n>`` of the lesson's images; anything else renders as nothing."""
    token = tokens[idx]
    match = IMAGE_REFERENCE.match(str(token.attrGet("src") or "").strip())
    if match is None:
        return ""
    found = env.get("images", {}).get(int(match.group(1)))
    if found is None:
        return ""
    url, alt = found
    alt = alt or self.renderInlineAsText(token.children or [], options, env)
    return f'<img src="{escape(url)}" alt="{escape(alt)}">'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("image", _render_image)
    return md


_MARKDOWN = _parser()


def _adjust(tokens) -> None:
    """Headings start at h2; table header cells name their column (for screen readers)."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
        elif token.type == "th_open":
            token.attrs = {"scope": "col"}
        elif token.type == "td_open":
            token.attrs = {}


def render_markdown(text: str, images: dict[int, tuple[str, str]] | None = None) -> SafeString:
    """The lesson text as safe HTML. ``images`` maps an image's number to its address and
    text alternative (an empty alternative falls back to the description in the text)."""
    env = {"images": images or {}}
    tokens = _MARKDOWN.parse(text or "", env)
    _adjust(tokens)
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, env)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def image_url(stored_file_id) -> str:
    """The address a lesson image (or screenshot, or handout) is served from."""
    return reverse("training:file", args=[stored_file_id])


def lesson_images(lesson) -> dict[int, tuple[str, str]]:
    """The ``images`` argument of ``render_markdown`` for one lesson (one query)."""
    return {
        image.number: (image_url(image.file_id), image.alt)
        for image in lesson.images.only("number", "file_id", "alt")
    }


def render_lesson(lesson) -> SafeString:
    """A lesson's text with its images."""
    return render_markdown(lesson.body, lesson_images(lesson))
