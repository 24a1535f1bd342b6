"""The demo town's e-Government concept: the eight fields of action of the council's motion
(Weiterstadt, 2018) with 18 measures, their milestones, a few risks and dependencies. The
e-Government officer Sabine Krüger coordinates the cross-cutting measures; the others lie
with the units that do the work. Dates are set around today, so the story stays current:
some measures are done, several in progress, some planned, and "3.1 E-Akte im Bauamt
einführen" is overdue (its pilot milestone too).

Other parts of the demo link to the measures by their number (``Measure.code``), which
stays stable; the field slugs are stable too:

====  ==========================================================================
Code  Measure (field of action, slug)
====  ==========================================================================
1.1   Bewohnerparkausweis online (online-dienste) – done
1.2   Gewerbeanmeldung online für Unternehmen (online-dienste) – in progress
1.3   Online-Terminvergabe im Bürgerbüro (online-dienste) – done
2.1   Schulung der Beschäftigten in digitalen Verfahren (schulung) – in progress
2.2   Digitallotsen in jedem Fachbereich (schulung) – planned
3.1   E-Akte im Bauamt einführen (e-akte) – in progress, OVERDUE
3.2   E-Akte in allen Ämtern einführen (e-akte) – planned
4.1   Open-Data-Portal starten (web-und-open-data) – done
4.2   Website mobil und barrierearm neu aufsetzen (web-und-open-data) – in progress
5.1   Mängelmelder mit Karte einführen (beteiligung) – done
5.2   Bürgerhaushalt online (beteiligung) – planned
6.1   Druckaufkommen halbieren (green-it) – in progress
6.2   Energieeffiziente Arbeitsplatz-IT beschaffen (green-it) – planned
7.1   Zwei-Faktor-Anmeldung für alle Beschäftigten (sicherheit-datenschutz) – done
7.2   Informationssicherheit nach BSI IT-Grundschutz (sicherheit-datenschutz) – in progress
7.3   Verzeichnis der Verarbeitungstätigkeiten digital führen (sicherheit-datenschutz) – planned
8.1   Alle Online-Dienste nach BITV 2.0 prüfen (barrierefreiheit) – in progress
8.2   Wichtige Leistungen in Leichter Sprache (barrierefreiheit) – planned
====  ==========================================================================

Idempotent: what exists (found by slug, number, title) is left as it is, so a concept the
officer has edited is not overwritten. People and their roles are the demo's, invented.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import FieldOfAction, Level, Measure, Milestone, Risk

EGOV = "sabine.krueger@weiterstadt.example"
ADMINISTRATOR = "anna.richter@weiterstadt.example"
LEAD_60 = "thomas.becker@weiterstadt.example"
CLERK_32 = "murat.yildiz@weiterstadt.example"
DPO = "petra.schneider@weiterstadt.example"
ARCHIVIST = "klaus.fischer@weiterstadt.example"
PARTICIPATION = "nina.berg@weiterstadt.example"
STEWARD = "jana.vogel@weiterstadt.example"
TRAINING_ADMIN = "tanja.schulz@weiterstadt.example"

PLANNED = Measure.Status.PLANNED
IN_PROGRESS = Measure.Status.IN_PROGRESS
DONE = Measure.Status.DONE


@dataclass(frozen=True)
class MilestoneData:
    title: str
    due: int  # the end of the quarter this many quarters from today's
    reached: bool = False


@dataclass(frozen=True)
class RiskData:
    description: str
    likelihood: str
    impact: str
    mitigation: str
    owner: str | None = None
    is_open: bool = True


@dataclass(frozen=True)
class MeasureData:
    code: str
    title: str
    goal: str
    description: str
    unit: str
    person: str | None
    status: str
    starts: int  # the first day of the quarter this many quarters from today's
    ends: int  # the last day of the quarter this many quarters from today's
    milestones: tuple[MilestoneData, ...] = ()
    risks: tuple[RiskData, ...] = ()
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldData:
    slug: str
    title: str
    description: str
    measures: tuple[MeasureData, ...]


CONCEPT = (
    FieldData(
        "online-dienste",
        "Online-Dienste für Bürgerinnen, Bürger und Unternehmen (G2C/G2B)",
        "Verwaltungsleistungen, die Bürgerinnen, Bürger und Unternehmen am häufigsten "
        "brauchen, werden vollständig online angeboten: beantragen, bezahlen, Bescheid "
        "erhalten – ohne Öffnungszeiten und ohne Papier.",
        (
            MeasureData(
                "1.1",
                "Bewohnerparkausweis online",
                "Bewohnerinnen und Bewohner beantragen, bezahlen und erhalten den "
                "Parkausweis online, ohne Termin im Rathaus.",
                "Online-Formular mit Gebührenberechnung und Online-Bezahlung; der Antrag "
                "kommt als Vorgang in die E-Akte des Ordnungsamts.",
                "32",
                CLERK_32,
                DONE,
                -6,
                -3,
                milestones=(
                    MilestoneData("Formular und Gebührenberechnung fertig", -5, True),
                    MilestoneData("Online-Bezahlung angebunden", -4, True),
                    MilestoneData("Freischaltung für alle Parkzonen", -3, True),
                ),
            ),
            MeasureData(
                "1.2",
                "Gewerbeanmeldung online für Unternehmen",
                "Unternehmen melden ein Gewerbe online an, um und ab; die Daten gehen ohne "
                "erneutes Abtippen in die Sachbearbeitung.",
                "Formular nach dem bundesweiten Standard, Anmeldung mit dem "
                "Unternehmenskonto, Weiterleitung an die beteiligten Stellen.",
                "32",
                CLERK_32,
                IN_PROGRESS,
                -2,
                2,
                milestones=(
                    MilestoneData("Formular erstellt und fachlich abgenommen", -1, True),
                    MilestoneData("Anmeldung mit dem Unternehmenskonto getestet", 1),
                    MilestoneData("Echtbetrieb", 2),
                ),
                risks=(
                    RiskData(
                        "Die Anbindung an das Unternehmenskonto verzögert sich beim "
                        "IT-Dienstleister.",
                        Level.MEDIUM,
                        Level.MEDIUM,
                        "Übergangsweise Anmeldung mit dem Bürgerkonto; monatliche Abstimmung "
                        "mit dem IT-Dienstleister.",
                        CLERK_32,
                    ),
                ),
            ),
            MeasureData(
                "1.3",
                "Online-Terminvergabe im Bürgerbüro",
                "Niemand wartet mehr ohne Termin im Bürgerbüro; Termine sind rund um die "
                "Uhr online buchbar.",
                "Terminbuchung für alle Leistungen des Bürgerbüros mit Erinnerung und "
                "Absage per E-Mail.",
                "33",
                None,
                DONE,
                -8,
                -5,
                milestones=(MilestoneData("Terminbuchung für alle Leistungen online", -5, True),),
            ),
        ),
    ),
    FieldData(
        "schulung",
        "Sensibilisierung und Schulung der Beschäftigten",
        "Alle Beschäftigten kennen die digitalen Verfahren, die sie brauchen, und gehen "
        "sicher mit ihnen um.",
        (
            MeasureData(
                "2.1",
                "Schulung der Beschäftigten in digitalen Verfahren",
                "Mindestens 80 % der Beschäftigten haben die Kurse zu E-Akte, "
                "Online-Anträgen und Informationssicherheit abgeschlossen.",
                "Online-Kurse mit kurzen Tests, Präsenztermine für Fragen, Auswertung je Amt.",
                "10",
                TRAINING_ADMIN,
                IN_PROGRESS,
                -3,
                3,
                milestones=(
                    MilestoneData(
                        "Kurse E-Akte, Online-Anträge und Informationssicherheit veröffentlicht",
                        -2,
                        True,
                    ),
                    MilestoneData("80 % der Beschäftigten geschult", 2),
                    MilestoneData("Auffrischung in allen Ämtern", 3),
                ),
                risks=(
                    RiskData(
                        "Schulungszeiten kollidieren mit dem Publikumsverkehr; Beschäftigte "
                        "schieben die Kurse auf.",
                        Level.MEDIUM,
                        Level.MEDIUM,
                        "Kurse online in ruhigen Zeiten; Erinnerungen durch die Plattform; "
                        "Vorgesetzte planen Lernzeit ein.",
                        TRAINING_ADMIN,
                    ),
                ),
            ),
            MeasureData(
                "2.2",
                "Digitallotsen in jedem Fachbereich",
                "In jedem Fachbereich hilft eine geschulte Ansprechperson Kolleginnen und "
                "Kollegen bei digitalen Verfahren.",
                "Je Fachbereich eine Digitallotsin oder ein Digitallotse mit zwei Stunden "
                "je Woche; monatlicher Austausch mit der e-Government-Beauftragten.",
                "10",
                EGOV,
                PLANNED,
                1,
                4,
                depends_on=("2.1",),
            ),
        ),
    ),
    FieldData(
        "e-akte",
        "Papierlose Verwaltung und E-Akte (G2G)",
        "Die Verwaltung arbeitet intern ohne Papier: Akten, Umläufe und Mitzeichnung "
        "sind digital, der Austausch mit anderen Behörden auch.",
        (
            MeasureData(
                "3.1",
                "E-Akte im Bauamt einführen",
                "Bauanträge und Stellungnahmen werden im Bauamt nur noch in der E-Akte bearbeitet.",
                "Aktenplan abstimmen, laufende Akten der Bauaufsicht scannen, Pilotbetrieb "
                "in der Bauaufsicht, dann im ganzen Bauamt.",
                "60",
                LEAD_60,
                IN_PROGRESS,
                -4,
                -1,
                milestones=(
                    MilestoneData("Aktenplan für das Bauamt abgestimmt", -3, True),
                    MilestoneData("Laufende Akten der Bauaufsicht gescannt", -2, True),
                    MilestoneData("Pilotbetrieb in der Bauaufsicht (60.1)", -1),
                ),
                risks=(
                    RiskData(
                        "Die Schnittstelle des Fachverfahrens für Baugenehmigungen zur E-Akte "
                        "ist noch nicht geliefert.",
                        Level.HIGH,
                        Level.HIGH,
                        "Eskalation beim Hersteller; übergangsweise Ablage der Bescheide als "
                        "PDF mit Aktenzeichen.",
                        LEAD_60,
                    ),
                ),
                depends_on=("2.1",),
            ),
            MeasureData(
                "3.2",
                "E-Akte in allen Ämtern einführen",
                "Alle Ämter führen ihre Akten elektronisch; Papierakten entstehen nicht mehr.",
                "Ausrollen nach dem Vorbild des Bauamts, Amt für Amt, mit Aktenplan, "
                "Aufbewahrungsfristen und Aussonderung.",
                "10",
                ARCHIVIST,
                PLANNED,
                1,
                6,
                depends_on=("3.1",),
            ),
        ),
    ),
    FieldData(
        "web-und-open-data",
        "Digitale Information, Web und Open Data",
        "Die Stadt informiert verständlich im Web, auf jedem Gerät, und veröffentlicht "
        "ihre Daten offen.",
        (
            MeasureData(
                "4.1",
                "Open-Data-Portal starten",
                "Die Stadt veröffentlicht ihre Daten maschinenlesbar unter offener Lizenz.",
                "Portal mit CKAN-Schnittstelle und DCAT-AP.de; erste Datensätze aus den "
                "Ämtern, danach laufend die Statistiken der Plattform.",
                "10",
                STEWARD,
                DONE,
                -5,
                -2,
                milestones=(
                    MilestoneData("Datensätze der Ämter erfasst", -4, True),
                    MilestoneData("Portal online", -2, True),
                ),
                risks=(
                    RiskData(
                        "Zum Start gibt es zu wenige Datensätze.",
                        Level.LOW,
                        Level.MEDIUM,
                        "Die Plattform veröffentlicht ihre eigenen Statistiken automatisch.",
                        STEWARD,
                        is_open=False,
                    ),
                ),
            ),
            MeasureData(
                "4.2",
                "Website mobil und barrierearm neu aufsetzen",
                "Die Website der Stadt ist auf dem Smartphone gut nutzbar, schnell und "
                "barrierefrei.",
                "Neue Struktur nach Lebenslagen, schlanke Seiten, Inhalte in einfacher Sprache.",
                "10",
                EGOV,
                IN_PROGRESS,
                -1,
                2,
                milestones=(
                    MilestoneData("Struktur nach Lebenslagen abgestimmt", -1, True),
                    MilestoneData("Neue Website online", 2),
                ),
            ),
        ),
    ),
    FieldData(
        "beteiligung",
        "Bürgerbeteiligung und Eingaben",
        "Bürgerinnen und Bürger bringen sich online ein: mit Hinweisen, Vorschlägen, "
        "Anregungen und bei Entscheidungen der Stadt.",
        (
            MeasureData(
                "5.1",
                "Mängelmelder mit Karte einführen",
                "Schäden an Straßen, Wegen und Spielplätzen werden online mit Ort und Foto "
                "gemeldet und zügig behoben.",
                "Mängelmelder mit Karte und Open311-Schnittstelle; Rückmeldung an die Meldenden.",
                "60.2",
                PARTICIPATION,
                DONE,
                -4,
                -2,
                milestones=(MilestoneData("Mängelmelder freigeschaltet", -2, True),),
            ),
            MeasureData(
                "5.2",
                "Bürgerhaushalt online",
                "Bürgerinnen und Bürger schlagen online vor, wofür ein Teil des Haushalts "
                "ausgegeben wird, und stimmen darüber ab.",
                "Vorschlagsphase, Prüfung durch die Ämter, Abstimmung, Bericht über die Umsetzung.",
                "20",
                PARTICIPATION,
                PLANNED,
                1,
                3,
                depends_on=("4.2",),
            ),
        ),
    ),
    FieldData(
        "green-it",
        "Green IT und nachhaltige IT-Infrastruktur",
        "Die IT der Stadt verbraucht wenig Energie und Papier; ihr Verbrauch wird gemessen.",
        (
            MeasureData(
                "6.1",
                "Druckaufkommen halbieren",
                "Die Verwaltung druckt halb so viele Seiten wie im Ausgangsjahr.",
                "Zählerstände erfassen, Etagendrucker statt Arbeitsplatzdrucker, digitale "
                "Umläufe statt Papier.",
                "10",
                EGOV,
                IN_PROGRESS,
                -2,
                4,
                milestones=(
                    MilestoneData("Zählerstände aller Drucker erfasst", -1, True),
                    MilestoneData("Druckerkonzept beschlossen", 1),
                ),
                depends_on=("3.1",),
            ),
            MeasureData(
                "6.2",
                "Energieeffiziente Arbeitsplatz-IT beschaffen",
                "Neue Geräte verbrauchen wenig Strom und halten lange.",
                "Beschaffung nach Umweltzeichen-Kriterien, längere Nutzungsdauer, "
                "Abschaltung außerhalb der Dienstzeit.",
                "10",
                None,
                PLANNED,
                2,
                5,
            ),
        ),
    ),
    FieldData(
        "sicherheit-datenschutz",
        "Informationssicherheit und Datenschutz",
        "Die Daten der Bürgerinnen, Bürger und Unternehmen sind verschlüsselt, sicher "
        "und nur für Befugte zugänglich.",
        (
            MeasureData(
                "7.1",
                "Zwei-Faktor-Anmeldung für alle Beschäftigten",
                "Kein Zugang zu Fachverfahren und E-Akte ohne zweiten Faktor.",
                "Einrichtung für alle Beschäftigten mit Anleitung und Wiederherstellungscodes.",
                "10",
                ADMINISTRATOR,
                DONE,
                -3,
                -2,
                milestones=(MilestoneData("Alle Konten mit zweitem Faktor", -2, True),),
            ),
            MeasureData(
                "7.2",
                "Informationssicherheit nach BSI IT-Grundschutz",
                "Die Stadt erfüllt die Basis-Absicherung nach IT-Grundschutz.",
                "Strukturanalyse, Modellierung, Umsetzung der Basis-Anforderungen, jährliche "
                "Prüfung.",
                "10",
                ADMINISTRATOR,
                IN_PROGRESS,
                -1,
                3,
                milestones=(
                    MilestoneData("Strukturanalyse abgeschlossen", -1, True),
                    MilestoneData("Basis-Anforderungen umgesetzt", 3),
                ),
                risks=(
                    RiskData(
                        "Für die Informationssicherheit fehlen Arbeitsstunden.",
                        Level.MEDIUM,
                        Level.HIGH,
                        "Stunden im Stellenplan ausweisen; Unterstützung durch den "
                        "IT-Dienstleister.",
                        EGOV,
                    ),
                ),
            ),
            MeasureData(
                "7.3",
                "Verzeichnis der Verarbeitungstätigkeiten digital führen",
                "Das Verzeichnis nach Art. 30 DSGVO ist vollständig, aktuell und digital.",
                "Erfassung je Amt, jährliche Durchsicht, Verknüpfung mit den Löschfristen.",
                "10",
                DPO,
                PLANNED,
                1,
                2,
            ),
        ),
    ),
    FieldData(
        "barrierefreiheit",
        "Benutzungsfreundlichkeit und Barrierefreiheit",
        "Alle können die Online-Dienste nutzen; wo das nicht geht, gibt es eine "
        "Alternative mit persönlicher Hilfe.",
        (
            MeasureData(
                "8.1",
                "Alle Online-Dienste nach BITV 2.0 prüfen",
                "Jeder Online-Dienst erfüllt die BITV 2.0; Barrieren sind in der Erklärung "
                "zur Barrierefreiheit genannt.",
                "Prüfung jedes Dienstes, Mängel beheben, Feedback-Weg bekannt machen.",
                "10",
                EGOV,
                IN_PROGRESS,
                -1,
                3,
                milestones=(MilestoneData("Prüfbericht für alle Dienste", 2),),
                depends_on=("1.2",),
            ),
            MeasureData(
                "8.2",
                "Wichtige Leistungen in Leichter Sprache",
                "Die zehn meistgenutzten Leistungen sind in Leichter Sprache beschrieben.",
                "Texte mit einem Prüfkreis in Leichter Sprache erstellen.",
                "33",
                None,
                PLANNED,
                2,
                4,
            ),
        ),
    ),
)

MEASURE_CODES = tuple(measure.code for field in CONCEPT for measure in field.measures)
FIELD_SLUGS = tuple(field.slug for field in CONCEPT)


def _quarter_index(day: datetime.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def quarter_start(today: datetime.date, offset: int) -> datetime.date:
    """The first day of the quarter ``offset`` quarters from the one of ``today``."""
    index = _quarter_index(today) + offset
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def quarter_end(today: datetime.date, offset: int) -> datetime.date:
    """The last day of the quarter ``offset`` quarters from the one of ``today``."""
    return quarter_start(today, offset + 1) - datetime.timedelta(days=1)


def _measure(data: MeasureData, field: FieldOfAction, *, units, people, today) -> tuple:
    return Measure.objects.get_or_create(
        code=data.code,
        defaults={
            "field": field,
            "title": data.title,
            "goal": data.goal,
            "description": data.description,
            "responsible_unit": units.get(data.unit),
            "responsible_person": people.get(data.person) if data.person else None,
            "status": data.status,
            "starts_on": quarter_start(today, data.starts),
            "ends_on": quarter_end(today, data.ends),
        },
    )


def _children(measure: Measure, data: MeasureData, *, people, today) -> int:
    created = 0
    for item in data.milestones:
        due_on = quarter_end(today, item.due)
        _milestone, made = Milestone.objects.get_or_create(
            measure=measure,
            title=item.title,
            defaults={"due_on": due_on, "reached_on": due_on if item.reached else None},
        )
        created += made
    for item in data.risks:
        _risk, made = Risk.objects.get_or_create(
            measure=measure,
            description=item.description,
            defaults={
                "likelihood": item.likelihood,
                "impact": item.impact,
                "mitigation": item.mitigation,
                "owner": people.get(item.owner) if item.owner else None,
                "is_open": item.is_open,
            },
        )
        created += made
    return created


def load(*, units, people) -> int:
    """Create the demo concept where it is missing; returns how many objects were created."""
    today = timezone.localdate()
    created = 0
    new_measures = {}
    for position, field_data in enumerate(CONCEPT, start=1):
        field, made = FieldOfAction.objects.get_or_create(
            slug=field_data.slug,
            defaults={
                "title": field_data.title,
                "description": field_data.description,
                "position": position,
            },
        )
        created += made
        for data in field_data.measures:
            measure, made = _measure(data, field, units=units, people=people, today=today)
            created += made
            if made:
                # A measure the town already has keeps its milestones, risks and links.
                new_measures[data.code] = (measure, data)
                created += _children(measure, data, people=people, today=today)
    by_code = dict(Measure.objects.filter(code__in=MEASURE_CODES).values_list("code", "pk"))
    for measure, data in new_measures.values():
        wanted = [by_code[code] for code in data.depends_on if code in by_code]
        if wanted:
            measure.depends_on.add(*wanted)
            created += len(wanted)
    return created
