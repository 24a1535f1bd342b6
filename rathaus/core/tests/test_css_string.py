"""``css_string``: text inside a quoted CSS string, as PDF page footers use it."""

import pytest
from django.template import Context, Template

from rathaus.core.templatetags.rathaus import css_string


def test_hyphens_and_letters_stay_as_written():
    assert css_string("SCH-2026-0A1B · Stadt Weiterstadt") == "SCH-2026-0A1B · Stadt Weiterstadt"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('"', "\\22 "),
        ("\\", "\\5c "),
        ("<", "\\3c "),
        ("&", "\\26 "),
        ("'", "\\27 "),
        ("\n", "\\a "),
    ],
)
def test_characters_that_could_end_the_string_or_the_style_are_hex_escaped(text, escaped):
    assert css_string(f"a{text}b") == f"a{escaped}b"


def test_the_template_filter_is_not_html_escaped_again():
    rendered = Template("{{ name|css_string }}").render(Context({"name": 'Müller & "Söhne"'}))
    assert rendered == "Müller \\26  \\22 Söhne\\22 "
