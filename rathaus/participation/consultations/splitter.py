"""Split a draft pasted as plain text into sections.

A new section starts at a line beginning with "§" ("§ 3 Benutzung" or "§ 3" with the
heading on the next line). A text without "§" is split at numbered headings instead
("1. Allgemeines", "2.3 Verkehr"): short lines that do not end like a sentence. Text
before the first heading becomes a preamble.
"""

import re
from dataclasses import dataclass

PARAGRAPH = re.compile(r"^\s*(§+\s*\d+[a-z]?\.?)\s*(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*\.?)\s+(\S.*)$")
MAX_HEADING = 120


@dataclass
class ParsedSection:
    number: str
    heading: str
    text: str


def _is_numbered_heading(line: str) -> bool:
    match = NUMBERED.match(line)
    if not match:
        return False
    rest = match.group(2).strip()
    return len(rest) <= MAX_HEADING and not rest.endswith((".", ",", ";", ":"))


def split_into_sections(text: str, *, preamble: str = "Preamble") -> list[ParsedSection]:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    use_paragraphs = any(PARAGRAPH.match(line) for line in lines)
    sections: list[ParsedSection] = []
    current: ParsedSection | None = None
    body: list[str] = []
    waiting_for_heading = False

    def close():
        if current is not None:
            current.text = "\n".join(body).strip()
            sections.append(current)

    before: list[str] = []
    for line in lines:
        match = (PARAGRAPH if use_paragraphs else NUMBERED).match(line)
        if match and (use_paragraphs or _is_numbered_heading(line)):
            close()
            number = (
                re.sub(r"\s+", " ", match.group(1)).rstrip(".")
                if use_paragraphs
                else (match.group(1))
            )
            if use_paragraphs:
                number = re.sub(r"^(§+)\s*", r"\1 ", number)
            current = ParsedSection(number=number, heading=match.group(2).strip(), text="")
            body = []
            waiting_for_heading = not current.heading
            continue
        if current is None:
            before.append(line)
            continue
        if waiting_for_heading:
            if line.strip():
                current.heading = line.strip()[:300]
                waiting_for_heading = False
            continue
        body.append(line)
    close()
    introduction = "\n".join(before).strip()
    if introduction:
        sections.insert(0, ParsedSection(number="", heading=preamble, text=introduction))
    return sections
