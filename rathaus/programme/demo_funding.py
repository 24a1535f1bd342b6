"""The demo town's funding catalogue, best practices and expert group.

The funding programmes and best practices are real: their facts were looked up in public
sources on 29 November 2026 and are summarised in our own words; ``source`` names each
page, what it says and the date checked. A rate or maximum grant that no source gave is left
empty, and no deadline is set that a source did not name. They are matched to the demo
concept's measures by number (``demo_concept.MEASURE_CODES``); a missing number is skipped.

The town's own story is invented: its applications for funding (one granted, with a report
due in a few weeks, one being prepared), and the expert group with its members, three
meetings, decisions, tasks (one overdue) and the minutes of the last meeting as a PDF. The
external expert and her association are invented; her citizen account uses the demo
password.

Idempotent: programmes are found by name, practices by municipality and topic,
applications by programme and measure, members by person, meetings by title; what exists
is left as it is.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from rathaus.core.accounts.models import User, email_lookup_for

from .models import (
    BestPractice,
    Decision,
    ExpertGroupMember,
    FieldOfAction,
    FundingApplication,
    FundingProgramme,
    GroupDocument,
    GroupTask,
    Measure,
    Meeting,
)

CHECKED = "geprüft am 29.11.2026"
OFFICER = "sabine.krueger@weiterstadt.example"
EXPERT_STAFF = "jonas.weber@weiterstadt.example"
DPO = "petra.schneider@weiterstadt.example"
EXTERNAL = {
    "email": "miriam.albers@example.org",
    "given_name": "Miriam",
    "family_name": "Albers",
    "organisation": "Digitalverein Weiterstadt e. V. (Demo)",
}

Level = FundingProgramme.Level


@dataclass(frozen=True)
class ProgrammeData:
    name: str
    level: str
    funder: str
    funds: str
    eligibility: str
    source: str
    url: str = ""
    contact: str = ""
    rate_percent: Decimal | None = None
    cap: Decimal | None = None
    deadline_note: str = ""
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeData:
    municipality: str
    topic: str
    summary: str
    results: str
    source: str
    url: str = ""
    contact: str = ""
    fields: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()


SMARTE_KOMMUNEN = "Förderung smarter Kommunen und Regionen im Programm „Starke Heimat Hessen“"

PROGRAMMES = (
    ProgrammeData(
        name=SMARTE_KOMMUNEN,
        level=Level.LAND,
        funder="Land Hessen, Hessisches Ministerium für Digitalisierung und Innovation "
        "(Geschäftsstelle Smarte Region bei der Hessen Agentur)",
        funds="Digitalisierungsvorhaben hessischer Kommunen, vorzugsweise gemeinsam mit "
        "anderen Kommunen: Förderlinie 1 für neuartige Vorhaben mit Modellcharakter, "
        "Förderlinie 2 für die Nachnutzung datenplattformbasierter Anwendungsfälle, die "
        "anderswo schon umgesetzt wurden, samt kommunaler Datenplattformen. Gefördert werden "
        "Verwaltungsdigitalisierung (u. a. E-Akte, elektronische Vorgangsbearbeitung, "
        "Anbindung von Fachverfahren an Online-Anträge) und weitere kommunale Handlungsfelder. "
        "Zuschuss über höchstens zwei Jahre; die Ergebnisse werden für andere Kommunen "
        "dokumentiert.",
        eligibility="Hessische Gemeinden, kreisfreie Städte und Landkreise, bevorzugt in "
        "Gemeinschaftsvorhaben; auch Einzelvorhaben sind möglich. Die Auswahl trifft eine "
        "Jury. Förderquote in der Regel 80 %, bei Einzelvorhaben je nach Finanzkraft "
        "(§ 48 HFAG) 70–90 %, bei Gemeinschaftsvorhaben 90 %; in der Regel mindestens "
        "100.000 € Zuschuss.",
        rate_percent=Decimal("80"),
        cap=Decimal("2500000"),
        deadline_note="Jährlicher Aufruf. Für die Förderung 2026 lief die Antragstellung "
        "vom 01.10. bis 07.11.2025 (Skizze zur Vorprüfung bis 05.09.2025). Nächsten Aufruf "
        "prüfen.",
        contact="Geschäftsstelle Smarte Region, smarteKommunen@hessen-agentur.de",
        url="https://www.smarte-region-hessen.de/foerderung",
        source="https://digitales.hessen.de/foerderprogramme/starke-heimat/phase-2 – "
        "jährlich bis zu 16 Mio. €, zwei Förderlinien, höchstens zwei Jahre und 2,5 Mio. €, "
        "Anteilsfinanzierung in der Regel 80 %, Quote nach § 48 HFAG, 90 % für "
        "interkommunale Kooperationen, Jury.\n"
        "https://innovationsfoerderung-hessen.de/smarte-kommunen – Förderlinien 1 und 2, "
        "antragsberechtigt sind Gemeinden, kreisfreie Städte und Landkreise, in der Regel "
        "100.000 € bis 2,5 Mio. €, Einzelvorhaben 70–90 %.\n"
        "https://www.hsgb.de/nachrichten-des-hsgb/fortsetzung-der-foerderung-smarter-"
        "kommunen-und-regionen-im-programm-starke-heimat-hessen-1755859219/2025/08/22 – "
        "Fortsetzung der Förderung; Antragstellung 01.10.–07.11.2025, Skizze bis 05.09.2025 "
        f"an smarteKommunen@hessen-agentur.de. ({CHECKED})",
        measures=("3.1", "3.2", "1.2", "4.1"),
    ),
    ProgrammeData(
        name="Modellprojekte Smart Cities – Stadtentwicklung und Digitalisierung "
        "(KfW-Programm 436)",
        level=Level.FEDERAL,
        funder="Bund (Bundesbauministerium), Abwicklung durch die KfW",
        funds="Zuschüsse für Smart-City-Modellprojekte in zwei Phasen: A – Entwicklung "
        "kommunaler Ziele, Strategien und erster Maßnahmen, B – Umsetzung. Die "
        "Modellprojekte werden durch Wissenstransfer und Beratung begleitet.",
        eligibility="Kommunale Gebietskörperschaften, Gemeindeverbände und andere Formen "
        "interkommunaler Zusammenarbeit. Die Smart City Charta ist zu beachten; für die "
        "Umsetzung braucht es einen Rats- bzw. Gemeindevertretungsbeschluss. 65 % der "
        "förderfähigen Kosten, bei Kommunen in Haushaltsnotlage 90 %. Die Auswahl erfolgte "
        "in Projektaufrufen.",
        rate_percent=Decimal("65"),
        cap=Decimal("15000000"),
        deadline_note="Kein offener Aufruf gefunden: Die dritte Staffel endete mit der "
        "Bewerbungsfrist 14.03.2021 (28 Kommunen ausgewählt).",
        contact="KfW Niederlassung Berlin, Infocenter Kommunen 030 20264-5555",
        url="https://www.smart-cities-made-in.de/",
        source="https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BMI/"
        "smart-cities-entwicklung-digitalisierung.html – Förderziele, zwei Phasen, "
        "Ansprechpunkt KfW Niederlassung Berlin.\n"
        "https://www.nrwbank.de/de/foerderlotse-produkte/Modellprojekte-Smart-Cities-"
        "Zuschuss/15959/produktdetail.html – in der Regel 65 %, in Haushaltsnotlage 90 %; "
        "höchstens 2,5 Mio. € für die Strategiephase, 15 Mio. € für die Umsetzung.\n"
        "https://dstgb.de/themen/digitalisierung/aktuelles/28-neue-modellprojekte-smart-"
        "cities – 94 Bewerbungen auf den dritten Aufruf, 28 Kommunen ausgewählt; "
        "https://www.smarte-region-hessen.de/meldungen/?news-id=36477 – Bewerbungsfrist des "
        f"dritten Aufrufs 14.03.2021. ({CHECKED})",
        measures=("4.1", "5.2"),
    ),
    ProgrammeData(
        name="EFRE Hessen 2021–2027 (Europäischer Fonds für regionale Entwicklung)",
        level=Level.EU,
        funder="Europäische Union; Programm des Landes Hessen, Abwicklung durch die WIBank",
        funds="Das hessische EFRE-Programm verfolgt zwei Ziele der EU: ein "
        "wettbewerbsfähigeres, intelligenteres und ein grüneres Europa. Für Kommunen "
        "einschlägig sind u. a. innovative Energievorhaben (Pilot- und "
        "Demonstrationsvorhaben), effiziente Wärmenetze, Abwärmenutzung (auch aus "
        "Rechenzentren) und klimafreundliche urbane Mobilität.",
        eligibility="Je nach Förderprogramm Städte, Gemeinden, Landkreise und ihre "
        "Zusammenschlüsse, Unternehmen, Hochschulen, Vereine und Verbände. Die Mittel kommen "
        "höchstens zu 40 % aus dem EFRE; die Förderung wird in einzelnen Aufrufen geöffnet.",
        rate_percent=Decimal("40"),
        deadline_note="Aufrufe je Förderprogramm, zuletzt gefunden: Aufruf vom 29.11.2023 "
        "(Wärmenetze, Abwärme, urbane Mobilität).",
        contact="Wirtschafts- und Infrastrukturbank Hessen (WIBank)",
        url="https://wirtschaft.hessen.de/Wirtschaft/EFRE-Europaeischer-Strukturfonds/"
        "Foerderung-2021-2027",
        source="https://wirtschaft.hessen.de/Wirtschaft/EFRE-Europaeischer-Strukturfonds/"
        "Foerderung-2021-2027 – rund 249 Mio. € für Hessen 2021–2027, zwei politische Ziele.\n"
        "https://www.europabuero-frm.de/F%C3%B6rdermittel/Europ%C3%A4ische-Strukturfonds/"
        "EFRE-Hessen – Prioritäten, Antragsberechtigte, höchstens 40 % aus dem EFRE, "
        "Abwärme von Rechenzentren im Rhein-Main-Gebiet.\n"
        "https://www.hessen.de/presse/pressearchiv/antragstellung-fuer-drei-weitere-efre-"
        "foerderprogramme-ab-sofort-moeglich – Aufruf für Wärmenetze, Abwärme und urbane "
        f"Mobilität; WIBank als Ansprechpartnerin. ({CHECKED})",
        measures=(),
    ),
    ProgrammeData(
        name="Rahmenvereinbarung zur Förderung der Interkommunalen Zusammenarbeit (IKZ)",
        level=Level.LAND,
        funder="Land Hessen, Hessisches Ministerium des Innern (Kompetenzzentrum für "
        "Interkommunale Zusammenarbeit)",
        funds="Zuweisungen aus dem Landesausgleichsstock für dauerhafte Kooperationen von "
        "Kommunen in Aufgaben der laufenden Verwaltung, der Daseinsvorsorge und der "
        "Infrastruktur – auch in der IT, z. B. eine gemeinsame Informationssicherheit.",
        eligibility="Alle hessischen Kommunen und ihre Zusammenschlüsse als juristische "
        "Person, als Gruppenantrag. In der Regel mindestens drei Kommunen, Kooperation auf "
        "mindestens fünf Jahre, mindestens 15 % Einsparung an Personal- und Sachausgaben im "
        "Aufgabenbereich.",
        deadline_note="Keine feste Frist: Antrag zeitnah zur Kooperation über Landkreis und "
        "Regierungspräsidium. Die Rahmenvereinbarung wurde im Dezember 2021 um fünf Jahre "
        "verlängert – Geltung über 2026 hinaus prüfen.",
        contact="Kompetenzzentrum für Interkommunale Zusammenarbeit im Hessischen "
        "Ministerium des Innern",
        url="https://innen.hessen.de/kommunales/interkommunale-zusammenarbeit/foerderprogramm",
        source="https://innen.hessen.de/kommunales/interkommunale-zusammenarbeit/"
        "foerderprogramm – Förderung seit 2004, im Dezember 2021 um fünf Jahre verlängert, "
        "antragsberechtigt alle hessischen Kommunen.\n"
        "https://beratungszentrum.hessen.de/interkommunale-zusammenarbeit/foerderung/"
        "foerdervoraussetzung – Gruppenantrag, mindestens drei Kommunen, fünf Jahre, 15 % "
        "Einsparung.\n"
        "https://innen.hessen.de/presse/landkreis-giessen-erhaelt-150000-euro-foerderung – "
        "Beispiel einer geförderten Zusammenarbeit in der Cybersicherheit. Förderquote und "
        f"Höchstbetrag sind dort nicht genannt. ({CHECKED})",
        measures=("7.2",),
    ),
    ProgrammeData(
        name="Kommunales Dienstleistungszentrum Cybersicherheit (KDLZ CS)",
        level=Level.LAND,
        funder="Land Hessen, Hessisches Ministerium des Innern, mit der ekom21",
        funds="Kein Zuschuss, sondern kostenfreie Leistungen: Beratung, Analyse der "
        "IT-Systeme, Schulungen und Softwarelösungen zur Informationssicherheit.",
        eligibility="Hessische Städte und Gemeinden mit bis zu 35.000 Einwohnerinnen und "
        "Einwohnern.",
        deadline_note="Laufendes Angebot, keine Frist.",
        contact="ekom21 – KGRZ Hessen",
        source="http://ikz-hessen.de/aktuelles/%E2%80%9Esicherheit-darf-nicht-vor-dem-"
        "cyberraum-enden%E2%80%9C – kostenfreie Beratungs- und Unterstützungsangebote des "
        "KDLZ CS mit der ekom21 für Kommunen bis 35.000 Einwohner: Analyse, Schulungen, "
        "Software.\n"
        "https://kopo.de/blog/2016/02/01/10793 – Start des KDLZ CS; Beratung, "
        "Analyseinstrumente, Schulungen und Software kostenlos.\n"
        "https://wetzlar-kurier.de/3003-aktionsprogramm-zur-kommunalen-cybersicherheit/ – "
        f"das KDLZ-CS als bewährte Anlaufstelle im Aktionsprogramm. ({CHECKED})",
        measures=("7.2", "2.1"),
    ),
)

PRACTICES = (
    PracticeData(
        municipality="Wissenschaftsstadt Darmstadt",
        topic="Digitalstadt Darmstadt: Digitalisierung als Stadtstrategie",
        summary="Darmstadt gewann 2017 den Wettbewerb „Digitale Stadt“ von Bitkom und "
        "Deutschem Städte- und Gemeindebund gegen Heidelberg, Kaiserslautern, Paderborn und "
        "Wolfsburg (14 Bewerberstädte). Die Stadt gründete die Digitalstadt Darmstadt GmbH "
        "als Tochter, die die Projekte fachübergreifend steuert, formulierte eine "
        "Digitalisierungsstrategie und ließ die Vorhaben von einem Ethik- und "
        "Technologiebeirat begleiten. Mehr als 20 Partnerunternehmen unterstützten mit "
        "Sach- und Dienstleistungen; das Land Hessen förderte.",
        results="Rund 80 Projekte in 13 Bereichen, z. B. Sensoren für die Füllstände von "
        "Altglas- und Papiercontainern und für Wasserstand und Belastung im Abwasserkanal. "
        "Seit 01.02.2021 ist die Datenplattform öffentlich (datenplattform.darmstadt.de) "
        "mit Umwelt- und Verkehrsdaten und dem Stand der Digitalisierungsprojekte; welche "
        "Daten dazukommen, wurde online mit den Bürgerinnen und Bürgern beraten. Die "
        "Landesförderung von 5 Mio. € endete 2021, die Digitalstadt arbeitet weiter.",
        url="https://www.digitalstadt-darmstadt.de/",
        contact="Digitalstadt Darmstadt GmbH",
        source="https://www.digitalstadt-darmstadt.de/digitalstadt-darmstadt/bitkom-"
        "wettbewerb/ – Wettbewerb 2016/2017, 14 Städte, Finalisten, über 20 "
        "Partnerunternehmen.\n"
        "https://www.plastverarbeiter.de/101176/wie-digitalisiert-sich-eine-stadt/ – "
        "Tochtergesellschaft seit November 2017, 80 Projekte in 13 Bereichen, "
        "Digitalisierungsstrategie, Ethik- und Technologiebeirat.\n"
        "https://www.teltarif.de/digitalstadt-darmstadt-halbzeit-bilanz-behoerden-dienste/"
        "news/75398.html – Sensoren an Containern und im Abwasserkanal.\n"
        "https://www.darmstadtnews.de/2021/02/16/datenplattform-der-digitalstadt-darmstadt-"
        "oeffentlich-verfuegbar-und-start-der-online-buergerbeteiligung/ – Datenplattform "
        "seit 01.02.2021, Online-Beteiligung.\n"
        "https://www.digitalstadt-darmstadt.de/newskategorie/it/ – Bilanz zum Ende der "
        f"Landesförderung (5 Mio. €). ({CHECKED})",
        fields=("online-dienste", "web-und-open-data", "beteiligung"),
        measures=("4.1",),
    ),
    PracticeData(
        municipality="Landkreis Fulda mit seinen 23 Städten und Gemeinden",
        topic="Digitales Bauamt: Bauanträge digital und medienbruchfrei",
        summary="Der Landkreis hat gemeinsam mit allen 23 kreisangehörigen Kommunen die "
        "Bauverwaltung im Projekt „Digitales Bauamt“ digitalisiert. Stellungnahmen der "
        "Kommunen zu Bauanträgen laufen nun digital. Anlass war das hessenweite Digitale "
        "Baugenehmigungsverfahren (DigiBauG) mit standardisiertem Datenaustausch zwischen "
        "dem Antragsportal des Landes und den Fachverfahren.",
        results="Die Kommunen können Bauanträge vollständig digital abwickeln und am "
        "Digitalen Baugenehmigungsverfahren des Landes teilnehmen. Das Land förderte das "
        "Gemeinschaftsvorhaben aus „Starke Heimat Hessen“ mit rund 2,43 Mio. €.",
        url="https://smarte-region-hessen.de/meldungen/?news-id=optimale-basis-um-"
        "bauantraege-komplett-digital-und-medienbruchfrei-abzuwickeln-2025",
        contact="Landkreis Fulda",
        source="https://smarte-region-hessen.de/meldungen/?news-id=optimale-basis-um-"
        "bauantraege-komplett-digital-und-medienbruchfrei-abzuwickeln-2025 – Projekt "
        "„Digitales Bauamt“ mit 23 Kommunen, Förderung rund 2,43 Mio. € aus „Starke Heimat "
        f"Hessen“, Anbindung an DigiBauG. ({CHECKED})",
        fields=("e-akte", "online-dienste"),
        measures=("3.1", "3.2"),
    ),
    PracticeData(
        municipality="Stadt Moers",
        topic="Open-Data-Portal einer mittelgroßen Stadt",
        summary="Der Verwaltungsvorstand beschloss Anfang 2013, Daten der Verwaltung offen "
        "bereitzustellen und sich am Bundesportal GovData zu beteiligen; am 15.02.2013 ging "
        "„Offene Daten Moers“ online. Die Daten stehen in maschinenlesbaren Formaten zur "
        "freien, auch kommerziellen Nutzung bereit. Eine Stabsstelle E-Government steuerte "
        "das, die Internetredaktion pflegt die Datensätze mit den Fachbereichen; "
        "Studierende der Hochschule Rhein-Waal halfen beim Aufbau.",
        results="Nach einem Jahr rund 80 Datensätze aus vielen Bereichen, später u. a. "
        "Einwohnerzahlen, Standorte von Defibrillatoren, Belegung der Sportstätten und der "
        "Haushalt als Visualisierung. Moers gilt bundesweit als Open-Data-Vorreiter und "
        "berät andere Kommunen; mit der Bertelsmann Stiftung gab es Hackdays zu offenen "
        "Daten.",
        url="https://www.moers.de/",
        contact="Stadt Moers, Stabsstelle Digitalisierung",
        source="https://www.moers.de/de/aktuelles/stadt-moers-startet-open-data-portal/ – "
        "Start 2013, freie Nutzung, Hochschule Rhein-Waal.\n"
        "https://open.nrw/open-data-fuer-meine-stadt-moers – Beschluss Anfang 2013, GovData, "
        "Start 15.02.2013.\n"
        "https://kommune21.de/k21-meldungen/offene-daten-haben-perspektive – rund 80 "
        "Datensätze nach einem Jahr.\n"
        "https://www.waz.de/staedte/moers-und-umland/die-stadt-moers-ist-beim-thema-open-"
        "data-ganz-weit-vorn-id227909109.html – Beispiele der Datensätze, Haushalt "
        f"visualisiert. ({CHECKED})",
        fields=("web-und-open-data",),
        measures=("4.1",),
    ),
    PracticeData(
        municipality="Landkreis Gießen mit seinen 18 Städten und Gemeinden",
        topic="Gemeinsame Cybersicherheit im Landkreis",
        summary="Seit 2017 teilten sich die Landkreise Gießen und Marburg-Biedenkopf mit "
        "26 Kommunen in einem Pilotprojekt einen Informationssicherheitsbeauftragten, der "
        "berät und die Beschäftigten sensibilisiert; kleine Sicherheitsprojekte der "
        "Kommunen wurden bezuschusst. Der Landkreis Gießen arbeitet nun mit allen 18 "
        "kreisangehörigen Kommunen in der Cybersicherheit zusammen: Beratung, Warnung und "
        "Früherkennung, gemeinsame Handlungsempfehlungen, Fortbildungen.",
        results="Das Land förderte das Pilotprojekt mit 250.000 € und die neue "
        "Zusammenarbeit (angelegt bis 31.07.2027) mit 150.000 € aus der Förderung der "
        "Interkommunalen Zusammenarbeit. Aus dem Pilotprojekt erhielten Kommunen Zuschüsse "
        "z. B. für die Klimatisierung eines Serverraums oder E-Mail-Verschlüsselung.",
        contact="Landkreis Gießen",
        url="https://innen.hessen.de/presse/landkreis-giessen-erhaelt-150000-euro-foerderung",
        source="https://innen.hessen.de/presse/landkreis-giessen-erhaelt-150000-euro-"
        "foerderung – 150.000 €, Landkreis und 18 Kommunen.\n"
        "https://www.giessener-anzeiger.de/lokales/kreis-giessen/robuste-antwort-auf-"
        "cyberangriffe-bieten-92040558.html – Inhalte des Projekts, Laufzeit bis 31.07.2027.\n"
        "https://www.mittelhessen.de/lokales/kreis-giessen/landkreis/zusammen-gegen-"
        "cyberattacken_22656221 – Pilotprojekt seit 2017 mit gemeinsamem "
        f"Informationssicherheitsbeauftragten, 250.000 €. ({CHECKED})",
        fields=("sicherheit-datenschutz",),
        measures=("7.2",),
    ),
)


def _measures(codes) -> list[Measure]:
    return list(Measure.objects.filter(code__in=codes).order_by("code"))


def _programmes() -> tuple[dict[str, FundingProgramme], int]:
    created = 0
    programmes = {}
    for spec in PROGRAMMES:
        programme = FundingProgramme.objects.filter(name=spec.name).first()
        if programme is None:
            programme = FundingProgramme.objects.create(
                name=spec.name,
                level=spec.level,
                funder=spec.funder,
                funds=spec.funds,
                eligibility=spec.eligibility,
                rate_percent=spec.rate_percent,
                cap=spec.cap,
                deadline_note=spec.deadline_note,
                contact=spec.contact,
                url=spec.url,
                source=spec.source,
            )
            programme.measures.set(_measures(spec.measures))
            created += 1
        programmes[spec.name] = programme
    return programmes, created


def _practices() -> int:
    created = 0
    for spec in PRACTICES:
        if BestPractice.objects.filter(municipality=spec.municipality, topic=spec.topic).exists():
            continue
        practice = BestPractice.objects.create(
            municipality=spec.municipality,
            topic=spec.topic,
            summary=spec.summary,
            results=spec.results,
            contact=spec.contact,
            url=spec.url,
            source=spec.source,
        )
        practice.fields.set(FieldOfAction.objects.filter(slug__in=spec.fields))
        practice.measures.set(_measures(spec.measures))
        created += 1
    return created


def _applications(programmes: dict[str, FundingProgramme], today: datetime.date) -> int:
    """The town's own (invented) applications: the e-file in the Bauamt was granted, the
    e-file everywhere is being prepared."""
    created = 0
    smart = programmes[SMARTE_KOMMUNEN]
    by_code = {m.code: m for m in _measures(("3.1", "3.2"))}
    specs = [
        {
            "measure": by_code.get("3.1"),
            "status": FundingApplication.Status.GRANTED,
            "submitted_on": today - datetime.timedelta(days=210),
            "amount_requested": Decimal("180000.00"),
            "decided_on": today - datetime.timedelta(days=120),
            "amount_granted": Decimal("144000.00"),
            "reporting_duties": "Zwischenbericht zum Projektstand und zu den bisherigen "
            "Ausgaben an die Geschäftsstelle Smarte Region; Verwendungsnachweis mit Sachbericht "
            "nach Projektende. (Demo-Angaben)",
            "next_report_due": today + datetime.timedelta(days=25),
        },
        {
            "measure": by_code.get("3.2"),
            "status": FundingApplication.Status.PREPARING,
            "amount_requested": Decimal("420000.00"),
        },
    ]
    for spec in specs:
        if spec["measure"] is None:
            continue
        if FundingApplication.objects.filter(programme=smart, measure=spec["measure"]).exists():
            continue
        FundingApplication.objects.create(programme=smart, **spec)
        created += 1
    return created


# --- The expert group ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingData:
    title: str
    days: int  # from today; negative is past
    agenda: str
    minutes: str = ""
    # (text, (task, owner's e-mail, due in days, done days ago) or None)
    decisions: tuple = field(default_factory=tuple)


MEETINGS = (
    MeetingData(
        title="1. Sitzung der Expertengruppe",
        days=-70,
        agenda="1. Begrüßung und Vorstellung\n2. Geschäftsordnung der Expertengruppe\n"
        "3. Das e-Government-Konzept: Handlungsfelder und Maßnahmen\n4. Verschiedenes",
        minutes="Die Mitglieder stellten sich vor. Die e-Government-Beauftragte erläuterte "
        "das Konzept mit seinen acht Handlungsfeldern. Die Gruppe trifft sich etwa alle "
        "zwei Monate; Unterlagen werden hier abgelegt.",
        decisions=(
            ("Die Expertengruppe gibt sich die vorgelegte Geschäftsordnung.", None),
            (
                "Die Gruppe prüft Fördermöglichkeiten für die E-Akte im Bauamt.",
                ("Förderprogramme für die E-Akte zusammenstellen", OFFICER, -50, 52),
            ),
        ),
    ),
    MeetingData(
        title="2. Sitzung der Expertengruppe",
        days=-14,
        agenda="1. Protokoll der 1. Sitzung\n2. Bericht: Förderantrag E-Akte im Bauamt\n"
        "3. Barrierefreiheit der Online-Dienste\n4. Informationssicherheit",
        minutes="Der Förderantrag für die E-Akte im Bauamt wurde bewilligt; der erste "
        "Bericht an die Geschäftsstelle Smarte Region steht bald an. Zur Barrierefreiheit "
        "berichtete Frau Albers aus der Arbeit des Vereins mit Menschen, die Screenreader "
        "nutzen. Das Beispiel des Landkreises Gießen zur gemeinsamen Cybersicherheit soll "
        "geprüft werden.",
        decisions=(
            (
                "Die Online-Dienste werden vor dem Start mit Nutzerinnen und Nutzern von "
                "Screenreadern getestet.",
                ("Testgruppe für barrierefreie Online-Dienste bilden", "external", 21, None),
            ),
            (
                "Die Verwaltung prüft eine interkommunale Zusammenarbeit in der "
                "Informationssicherheit mit den Nachbarkommunen.",
                (
                    "Gespräch mit Nachbarkommunen zur gemeinsamen Informationssicherheit",
                    DPO,
                    -3,
                    None,
                ),
            ),
        ),
    ),
    MeetingData(
        title="3. Sitzung der Expertengruppe",
        days=28,
        agenda="1. Protokoll der 2. Sitzung\n2. Zwischenbericht zur Förderung der E-Akte\n"
        "3. Ergebnisse der Tests mit Screenreadern\n4. Jahresbericht: Beitrag der "
        "Expertengruppe",
    ),
)


def _external_expert() -> tuple[User, int]:
    from rathaus.core.accounts.management.commands.load_demo import DEMO_PASSWORD

    user = User.objects.filter(email_lookup=email_lookup_for(EXTERNAL["email"])).first()
    if user is not None:
        return user, 0
    user = User(
        kind=User.Kind.CITIZEN,
        given_name=EXTERNAL["given_name"],
        family_name=EXTERNAL["family_name"],
        email_confirmed_at=timezone.now(),
    )
    user.set_email(EXTERNAL["email"])
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user, 1


def _member(person: User, organisation: str, *, external=False, chair=False, joined) -> int:
    if ExpertGroupMember.objects.filter(person=person).exists():
        return 0
    ExpertGroupMember.objects.create(
        person=person,
        organisation=organisation,
        is_external=external,
        is_chair=chair,
        joined_on=joined,
    )
    return 1


def _minutes_pdf(meeting: Meeting) -> bytes:
    from django.utils.html import escape, linebreaks

    from rathaus.core.pdf import html_to_pdf

    decisions = "".join(
        f"<li>{escape(decision.text)}</li>" for decision in meeting.decisions.order_by("number")
    )
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>Protokoll: {escape(meeting.title)}</title></head><body>"
        f"<h1>Protokoll: {escape(meeting.title)}</h1>"
        f"<p>{meeting.starts_at:%d.%m.%Y}, {escape(meeting.place)}</p>"
        f"<h2>Tagesordnung</h2>{linebreaks(escape(meeting.agenda))}"
        f"<h2>Verlauf</h2>{linebreaks(escape(meeting.minutes))}"
        f"<h2>Beschlüsse</h2><ol>{decisions}</ol></body></html>"
    )
    return html_to_pdf(html, variant="pdf/ua-1")


def _group(people: dict, today: datetime.date) -> int:
    from rathaus.core.uploads.services import store_upload

    officer = people.get(OFFICER)
    staff_expert = people.get(EXPERT_STAFF)
    if officer is None or staff_expert is None:
        return 0
    external, created = _external_expert()
    joined = today - datetime.timedelta(days=90)
    created += _member(
        officer, "Stadt Weiterstadt, e-Government-Beauftragte", chair=True, joined=joined
    )
    created += _member(staff_expert, "Stadt Weiterstadt, Hauptamt (IT)", joined=joined)
    created += _member(external, EXTERNAL["organisation"], external=True, joined=joined)
    if people.get(DPO) is not None:
        created += _member(people[DPO], "Stadt Weiterstadt, Datenschutz", joined=joined)
    owners = {OFFICER: officer, "external": external, DPO: people.get(DPO) or officer}
    now = timezone.localtime()
    for spec in MEETINGS:
        if Meeting.objects.filter(title=spec.title).exists():
            continue
        starts_at = (now + datetime.timedelta(days=spec.days)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        meeting = Meeting.objects.create(
            title=spec.title,
            starts_at=starts_at,
            place="Rathaus Weiterstadt, Sitzungszimmer 2 (Riedbahnstraße 6)",
            agenda=spec.agenda,
            minutes=spec.minutes,
        )
        created += 1
        for number, (text, task) in enumerate(spec.decisions, start=1):
            decision = Decision.objects.create(meeting=meeting, number=number, text=text)
            created += 1
            if task is None:
                continue
            title, owner, due_days, done_days_ago = task
            GroupTask.objects.create(
                decision=decision,
                title=title,
                owner=owners[owner],
                due_on=today + datetime.timedelta(days=due_days),
                done_on=(today - datetime.timedelta(days=done_days_ago) if done_days_ago else None),
            )
            created += 1
        if spec.minutes and spec.days < -30:
            stored = store_upload(
                uploaded_file=ContentFile(_minutes_pdf(meeting), name="protokoll.pdf"),
                kinds={"pdf"},
                uploaded_by=officer,
            )
            GroupDocument.objects.create(
                meeting=meeting,
                title=f"Protokoll der {spec.title}",
                file=stored,
                uploaded_by=officer,
            )
            created += 1
    return created


def load(*, units, people) -> int:
    """Create what is missing of the funding catalogue, the best practices, the town's
    applications for funding and the expert group; returns how many objects were made."""
    today = timezone.localdate()
    programmes, created = _programmes()
    created += _practices()
    created += _applications(programmes, today)
    created += _group(people, today)
    return created
