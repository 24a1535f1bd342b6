"""The handout of the demo's incident lesson: one A4 page to pin up at the workplace, in the
spirit of the BSI's IT emergency card, printed by WeasyPrint without loading anything."""

from html import escape

from .informationssicherheit import IT_SERVICE_MAIL, IT_SERVICE_PHONE, PRIVACY_MAIL

FILE_NAME = "merkblatt-sicherheitsvorfall-melden.pdf"

QUESTIONS = (
    "Wer meldet? (Name, Organisationseinheit, Telefon)",
    "Was ist passiert, was haben Sie beobachtet?",
    "Wann ist es passiert oder aufgefallen?",
    "Welches Gerät oder System ist betroffen, wo steht es?",
    "Was haben Sie getan (geklickt, geöffnet, eingegeben, weitergeleitet)?",
    "Bei Datenpannen: welche Daten, welcher Personen, an wen?",
)

RULES = (
    "Ruhe bewahren und sofort melden – lieber einmal zu viel.",
    "Die Arbeit am betroffenen Gerät einstellen; nicht eigenmächtig ausschalten.",
    "Nichts löschen; Meldungen auf dem Bildschirm abfotografieren.",
    "Gegenmaßnahmen nur nach Anweisung des IT-Service.",
    "Passwort auf einer gefälschten Seite eingegeben? Sofort ändern.",
)


def _items(lines) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in lines)


def handout_html(town_name: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Sicherheitsvorfall melden</title>
<style>
@page {{ size: A4; margin: 18mm; }}
body {{ font-family: sans-serif; font-size: 12pt; line-height: 1.4; }}
h1 {{ font-size: 22pt; margin: 0 0 4mm; }}
.call {{ border: 3px solid #b00; padding: 4mm 6mm; margin: 6mm 0; }}
.call p {{ margin: 1mm 0; }}
.number {{ font-size: 24pt; font-weight: bold; }}
h2 {{ font-size: 14pt; margin: 6mm 0 2mm; }}
.small {{ font-size: 9pt; color: #444; margin-top: 10mm; }}
</style></head><body>
<h1>Sicherheitsvorfall? Sofort melden!</h1>
<p>Stadt {escape(town_name)} – Merkblatt zur Schulung „Informationssicherheit und
Datenschutz – Grundlagen“</p>
<div class="call">
<p>IT-Service (Meldestelle für Sicherheitsvorfälle)</p>
<p class="number">{escape(IT_SERVICE_PHONE)}</p>
<p>{escape(IT_SERVICE_MAIL)}</p>
<p>Bei Datenpannen zusätzlich: Datenschutzbeauftragte, {escape(PRIVACY_MAIL)}</p>
</div>
<h2>So verhalten Sie sich</h2>
<ol>{_items(RULES)}</ol>
<h2>Das sagen Sie bei der Meldung</h2>
<ul>{_items(QUESTIONS)}</ul>
<p class="small">Datenpannen muss die Stadt in der Regel binnen 72 Stunden der
Aufsichtsbehörde melden (Art. 33 DSGVO) – die Frist beginnt, sobald jemand in der Stadt
davon weiß. Demo-Installation: Rufnummer und Adressen sind erfunden.</p>
</body></html>"""


def handout_pdf(town_name: str) -> bytes:
    from rathaus.core.pdf import html_to_pdf

    return html_to_pdf(handout_html(town_name))
