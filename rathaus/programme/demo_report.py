"""The demo town's annual report: the e-Government report of the current year as a draft,
with the texts the e-Government officer Sabine Krüger wrote, generated from the demo's live
data by the same code the background job runs (here directly, without a worker). It is not
published, so the officer can look at the preview and publish it in the demo.

The texts speak about the demo's story (see ``demo_concept``: the parking permit online and
the defect reporter done, the e-file in the Bauamt late, the open-data portal live, the
printing halved step by step) without repeating figures, which the report's tables give.
They are INVENTED.

Idempotent: an existing report keeps its texts (only missing sections are filled in) and is
generated only if it has no figures yet; a published report is left alone.
"""

from django.utils import timezone

from .models import AnnualReport, FieldOfAction
from .services import report as services

EGOV = "sabine.krueger@weiterstadt.example"

SUMMARY = """\
{year} war für die Digitalisierung der Stadtverwaltung Weiterstadt ein Jahr des Übergangs \
vom Planen zum Betreiben. Mehrere Vorhaben aus dem E-Government-Konzept, das die \
Stadtverordnetenversammlung beschlossen hat, sind im Alltag angekommen: Der \
Bewohnerparkausweis lässt sich vollständig online beantragen und bezahlen, Termine im \
Bürgerbüro werden online vergeben, der Mängelmelder mit Karte ist in Betrieb und das \
Open-Data-Portal veröffentlicht regelmäßig Daten der Verwaltung.

Nicht alles lief nach Plan. Die Einführung der E-Akte im Bauamt liegt hinter dem Zeitplan; \
die Migration der Altakten und die Schnittstelle zum Fachverfahren haben mehr Zeit gebraucht \
als angenommen. Die Fördermittel für das Vorhaben sind bewilligt, der Pilotbetrieb ist \
vorbereitet.

Dieser Bericht stellt die Maßnahmen je Handlungsfeld dar, die Kennzahlen mit ihren Zielwerten, \
Haushalt, Personal und Fördermittel sowie die Zahlen zu Beteiligung, offenen Daten und \
Schulung. Die Zahlen stammen aus dem, was die Online-Plattform der Stadt selbst erfasst, und \
nicht aus nachträglich gepflegten Tabellen."""

FIGURES = """\
Die Kennzahlen zeigen ein gemischtes Bild. Der Anteil der online gestellten Anträge steigt \
stetig, seit der Bewohnerparkausweis und die Terminvergabe online sind; der Zielwert ist \
noch nicht überall erreicht. Beim Mängelmelder werden die meisten Meldungen innerhalb von \
zwei Wochen erledigt. Die Seiten der Stadt laden weniger Daten als im Vorjahr, was auch die \
geschätzten Emissionen je Seitenaufruf senkt. Wo eine Kennzahl ihr Ziel verfehlt, steht in \
den Abschnitten zu den Handlungsfeldern, woran es liegt."""

BUDGET = """\
Das Programm wird über ein eigenes Haushaltskonto geführt. Die Ist-Ausgaben sind die auf \
diesem Konto gebuchten Beträge, die Planwerte stammen aus dem Kosten- und Personalplan. \
Dass bei der E-Akte im Bauamt noch Mittel offen sind, folgt aus der Verzögerung: \
Dienstleistungen werden erst mit dem Pilotbetrieb abgerufen."""

FUNDING = """\
Für die Einführung der E-Akte im Bauamt hat die Stadt eine Förderung für smarte Kommunen \
aus dem Landesprogramm „Starke Heimat Hessen“ erhalten. Der Zwischenbericht an den \
Fördermittelgeber ist in Arbeit. Ein Antrag für die Einführung der E-Akte in allen Ämtern \
wird vorbereitet."""

OUTLOOK = """\
Im kommenden Jahr stehen der Abschluss der E-Akte im Bauamt und der Start in den übrigen \
Ämtern im Mittelpunkt. Die Website wird mobil und barrierearm neu aufgesetzt, alle \
Online-Dienste werden nach BITV 2.0 geprüft, und wichtige Leistungen erscheinen in Leichter \
Sprache. In jedem Fachbereich sollen Digitallotsinnen und Digitallotsen die Kolleginnen und \
Kollegen unterstützen. Der Bürgerhaushalt soll erstmals online beraten werden."""

FIELDS = {
    "online-dienste": (
        "Der Bewohnerparkausweis und die Online-Terminvergabe sind abgeschlossen und werden rege "
        "genutzt. Die Gewerbeanmeldung für Unternehmen ist in Arbeit; sie soll über das "
        "Unternehmenskonto laufen."
    ),
    "schulung": (
        "Die Schulungen zu den digitalen Verfahren laufen; ein großer Teil der Beschäftigten hat "
        "die Pflichtkurse abgeschlossen. Die Digitallotsen in den Fachbereichen sind für das "
        "nächste Jahr geplant."
    ),
    "e-akte": (
        "Die E-Akte im Bauamt ist das größte Vorhaben des Programms und zugleich das, das am "
        "deutlichsten hinter dem Zeitplan liegt. Der Pilot wurde verschoben, weil die "
        "Schnittstelle zum Fachverfahren nachgebessert werden musste."
    ),
    "web-und-open-data": (
        "Das Open-Data-Portal ist seit dem Start in Betrieb; neue Datensätze kommen zum Teil "
        "automatisch aus den Modulen der Plattform. Die neue, barrierearme Website ist in Arbeit."
    ),
    "beteiligung": (
        "Der Mängelmelder mit Karte ist eingeführt und wird gut angenommen. Der Bürgerhaushalt "
        "online ist vorbereitet."
    ),
    "green-it": (
        "Das Druckaufkommen sinkt Monat für Monat, seit Druckaufträge nur noch am Gerät "
        "freigegeben werden. Die Beschaffung energieeffizienter Arbeitsplatz-IT ist für die "
        "nächste Ausschreibung vorgesehen."
    ),
    "sicherheit-datenschutz": (
        "Alle Beschäftigten melden sich mit zwei Faktoren an. Die Umsetzung des "
        "BSI IT-Grundschutzes läuft; das Verzeichnis der Verarbeitungstätigkeiten wird digital "
        "geführt, sobald die Vorlage abgestimmt ist."
    ),
    "barrierefreiheit": (
        "Die Prüfung der Online-Dienste nach BITV 2.0 hat begonnen; gefundene Barrieren werden "
        "in der Reihenfolge ihrer Schwere behoben."
    ),
}


def _texts(year: int) -> dict:
    texts = {
        "summary": SUMMARY.format(year=year),
        "figures": FIGURES,
        "budget": BUDGET,
        "funding": FUNDING,
        "outlook": OUTLOOK,
    }
    for field in FieldOfAction.objects.filter(slug__in=FIELDS):
        texts[services.field_text_key(str(field.pk))] = FIELDS[field.slug]
    return texts


def load(*, units, people) -> int:
    """The current year's report as a generated draft with its texts; returns how many
    objects were created."""
    officer = people.get(EGOV)
    if officer is None:
        return 0
    year = timezone.localdate().year
    report = AnnualReport.objects.filter(year=year).first()
    created = report is None
    if created:
        report = services.create_report(actor=officer, year=year)
    if report.is_published:
        return int(created)
    missing = {key: text for key, text in _texts(year).items() if not report.texts.get(key)}
    if missing:
        report = services.save_texts(actor=officer, report=report, texts=missing)
    if not report.generated_at:
        services.generate_report(report=report, actor=officer)
    return int(created)
