"""The importer splits pasted text at "§" lines, else at numbered headings."""

from ..splitter import split_into_sections

BYLAW = """Satzung über die Benutzung des Marktplatzes

Aufgrund der §§ 5, 19 und 51 der Hessischen Gemeindeordnung hat die
Stadtverordnetenversammlung folgende Satzung beschlossen:

§ 1 Geltungsbereich
Diese Satzung gilt für den Marktplatz.

§ 2
Gemeingebrauch
(1) Der Platz steht allen offen.
(2) Radfahren ist erlaubt.
1. Lastenräder sind eingeschlossen.

§ 3a. Ruhezeiten
Von 22 bis 6 Uhr ist Lärm zu vermeiden.
"""


def test_splits_at_paragraph_signs_with_a_preamble():
    parts = split_into_sections(BYLAW, preamble="Präambel")
    assert [(p.number, p.heading) for p in parts] == [
        ("", "Präambel"),
        ("§ 1", "Geltungsbereich"),
        ("§ 2", "Gemeingebrauch"),
        ("§ 3a", "Ruhezeiten"),
    ]
    assert parts[0].text.startswith("Satzung über") and "§§ 5, 19" in parts[0].text
    # Numbered lines inside a § stay in its text.
    assert parts[2].text == (
        "(1) Der Platz steht allen offen.\n(2) Radfahren ist erlaubt.\n"
        "1. Lastenräder sind eingeschlossen."
    )
    assert parts[3].text == "Von 22 bis 6 Uhr ist Lärm zu vermeiden."


def test_without_paragraph_signs_splits_at_numbered_headings():
    text = (
        "1. Anlass der Planung\nDer Marktplatz soll neu gestaltet werden.\n"
        "2 Ziele\n2.1 Verkehr\nWeniger Autos.\n"
        "1. Dies ist ein ganzer Satz mit Punkt am Ende.\n"
    )
    parts = split_into_sections(text)
    assert [(p.number, p.heading) for p in parts] == [
        ("1.", "Anlass der Planung"),
        ("2", "Ziele"),
        ("2.1", "Verkehr"),
    ]
    assert parts[2].text.endswith("mit Punkt am Ende.")


def test_windows_line_ends_and_empty_text():
    assert split_into_sections("") == []
    parts = split_into_sections("§ 1 Eins\r\nText eins\r\n§ 2 Zwei\r\nText zwei")
    assert [(p.number, p.text) for p in parts] == [("§ 1", "Text eins"), ("§ 2", "Text zwei")]


def test_text_without_headings_is_one_preamble():
    parts = split_into_sections("Nur ein Absatz ohne Gliederung.", preamble="Präambel")
    assert [(p.heading, p.text) for p in parts] == [("Präambel", "Nur ein Absatz ohne Gliederung.")]
