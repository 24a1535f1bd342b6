"""Lesson text: Markdown to safe HTML, with the lesson's own images only."""

from django.urls import reverse

from ..rendering import render_lesson, render_markdown
from .factories import LessonFactory, LessonImageFactory

IMAGES = {1: ("/dateien/1/", "Der Aktenplan mit geöffneter Akte")}


def test_markdown_becomes_html():
    html = render_markdown("## Aufbau\n\nEin **wichtiger** Satz mit *Betonung*.\n\n- eins\n- zwei")
    assert "<h2>Aufbau</h2>" in html
    assert "<strong>wichtiger</strong>" in html and "<em>Betonung</em>" in html
    assert "<ul>" in html and "<li>eins</li>" in html


def test_script_and_raw_html_are_not_interpreted():
    html = render_markdown(
        "Text <script>alert(1)</script> und <b onclick='x()'>fett</b>\n\n<iframe src=x></iframe>"
    )
    assert "<script" not in html and "<b " not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_javascript_links_are_dropped():
    html = render_markdown("[Klick](javascript:alert(1)) [auch](JAVASCRIPT:alert(2))")
    assert "<a" not in html and "href" not in html


def test_http_and_relative_links_keep_their_address_with_noopener():
    html = render_markdown("[Intranet](https://intranet.example/) und [Akten](/staff/akten/)")
    assert '<a href="https://intranet.example/" rel="noopener">Intranet</a>' in html
    assert '<a href="/staff/akten/" rel="noopener">Akten</a>' in html


def test_other_link_schemes_lose_their_address():
    html = render_markdown("[Mail](mailto:it@weiterstadt.example)")
    assert "mailto" not in html


def test_bild_references_become_the_lessons_images():
    html = render_markdown("![Beschreibung](bild:1)", IMAGES)
    assert '<img src="/dateien/1/" alt="Der Aktenplan mit geöffneter Akte">' in html


def test_the_description_in_the_text_is_the_fallback_alt():
    html = render_markdown("![Aktenplan](bild:1)", {1: ("/dateien/1/", "")})
    assert 'alt="Aktenplan"' in html


def test_unknown_bild_numbers_and_other_images_are_dropped():
    html = render_markdown(
        "![fehlt](bild:7) ![fremd](https://tracker.example/pixel.png) ![lokal](/static/x.png)",
        IMAGES,
    )
    assert "<img" not in html
    assert "tracker" not in html


def test_h1_becomes_h2():
    html = render_markdown("# Titel\n\n## Abschnitt\n\n### Unterabschnitt")
    assert "<h1" not in html
    assert html.count("<h2>") == 2 and "<h3>Unterabschnitt</h3>" in html


def test_tables_render_with_column_headers():
    html = render_markdown("| Frist | Tage |\n|---|--:|\n| Antwort | 14 |")
    assert '<th scope="col">Frist</th>' in html and "<td>14</td>" in html
    assert "style" not in html


def test_render_lesson_uses_the_staff_address_of_its_images():
    lesson = LessonFactory(body="Siehe ![Bild](bild:1)")
    image = LessonImageFactory(lesson=lesson, number=1, alt="Maske zum Anlegen einer Akte")
    html = render_lesson(lesson)
    url = reverse("training:file", args=[image.file_id])
    assert f'<img src="{url}" alt="Maske zum Anlegen einer Akte">' in html
