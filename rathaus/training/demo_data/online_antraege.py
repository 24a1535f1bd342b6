"""Demo course: handling online applications in Rathaus, tied to the staff screens of the
online services under /staff/leistungen/."""

from rathaus.core.accounts.roles import Role

from . import CourseData, LessonData, Step, multiple, ordering, right, single, wrong

EINGANG = LessonData(
    title="Wie Online-Anträge bei Ihnen ankommen",
    body="""\
Bürgerinnen, Bürger und Unternehmen stellen Anträge in Weiterstadt rund um die Uhr online –
zum Beispiel den **Bewohnerparkausweis**, die **Gewerbeanmeldung** oder die
**Sperrmüllabholung**. Diese Lektion zeigt, was zwischen dem Klick auf *Absenden* und Ihrem
Arbeitsplatz geschieht.

## Der Weg eines Antrags

1. Die antragstellende Person füllt das Formular der Leistung aus, prüft ihre Angaben
   und sendet den Antrag ab.
2. Wer ohne Konto beantragt, bestätigt zuerst die E-Mail-Adresse. Kostet die Leistung
   eine Gebühr, wird sie **vor** dem Eingang bezahlt: *Der Antrag geht bei uns ein, sobald
   die Gebühr bezahlt ist.*
3. Mit dem Eingang erhält der Antrag eine **Antragsnummer**, die antragstellende Person
   eine **Eingangsbestätigung** (PDF).
4. Rathaus legt den Antrag **automatisch in der E-Akte ab**: in der Akte, die für die
   Leistung eingerichtet ist, als neuer **Vorgang** mit dem Antrag als PDF und allen
   hochgeladenen Nachweisen.
5. Aus der Bearbeitungsdauer der Leistung berechnet Rathaus das **Fälligkeitsdatum** –
   in Arbeitstagen (Montag bis Freitag). Für den Bewohnerparkausweis sind es fünf
   Arbeitstage.

Sie müssen also nichts ausdrucken, nichts abtippen und nichts von Hand ablegen.

## Ihre Arbeitsliste

Unter **Anträge** (Kachel *Online-Leistungen*) sehen Sie alle Anträge der Leistungen, die
Ihre Organisationseinheit bearbeitet, auf Reitern sortiert:

- **Neu** – eingegangen, noch niemandem zugewiesen.
- **Meine** – offene Anträge, die Sie bearbeiten.
- **Wartet auf Antwort** – Sie haben eine Rückfrage gestellt.
- **Bald fällig** – offen und in den nächsten drei Tagen fällig.
- **Überfällig** – offen und über das Fälligkeitsdatum hinaus.
- **Alle offenen** und **Entschieden**.

Über *Leistung* können Sie die Liste auf eine Leistung einschränken. Unter der Liste stehen
die **Rückrufbitten** von Menschen, die lieber telefonieren möchten; haken Sie sie nach dem
Anruf mit *Zurückgerufen* ab.

**Merke:** Arbeiten Sie die Reiter *Überfällig* und *Bald fällig* zuerst ab. Das
Fälligkeitsdatum ist die Zusage der Stadt an die antragstellende Person.
""",
    steps=(
        Step(
            "Die Arbeitsliste öffnen",
            "Wählen Sie im Mitarbeiterbereich die Kachel der Online-Leistungen. Sie landen "
            "auf dem Reiter „Neu“ mit allen neuen Anträgen Ihrer Organisationseinheit.",
            "/staff/leistungen/antraege/neu/",
        ),
        Step(
            "Überfällige Anträge prüfen",
            "Wechseln Sie auf den Reiter „Überfällig“. Die Zahl im Reiter zeigt, wie viele "
            "Anträge über ihr Fälligkeitsdatum hinaus sind.",
            "/staff/leistungen/antraege/ueberfaellig/",
        ),
        Step(
            "Nach Leistung filtern",
            "Wählen Sie über der Liste bei „Leistung“ z. B. „Bewohnerparkausweis“ und dann "
            "„Anzeigen“.",
            "/staff/leistungen/antraege/offen/",
        ),
    ),
    questions=(
        single(
            "Ein Antrag für eine gebührenpflichtige Leistung wurde abgesendet, aber noch nicht "
            "bezahlt. Erscheint er in Ihrer Arbeitsliste?",
            "Gebührenpflichtige Anträge gehen erst nach der Zahlung bei der Stadt ein.",
            right(
                "Nein, erst wenn die Gebühr bezahlt ist.",
                "Richtig: Bis dahin wartet der Antrag auf Zahlung.",
            ),
            wrong(
                "Ja, sofort nach dem Absenden.",
                "Nein: Er geht erst mit der Zahlung ein.",
            ),
            wrong(
                "Ja, aber nur auf dem Reiter „Überfällig“.",
                "Nein: Ein nicht eingegangener Antrag steht auf keinem Reiter.",
            ),
        ),
        multiple(
            "Was geschieht automatisch, wenn ein Online-Antrag eingeht? (Mehrere Antworten "
            "sind richtig.)",
            "Rathaus vergibt die Antragsnummer, schickt eine Eingangsbestätigung, legt den "
            "Antrag als Vorgang in der E-Akte ab und berechnet das Fälligkeitsdatum.",
            right(
                "Die antragstellende Person erhält eine Eingangsbestätigung.",
                "Richtig: als PDF.",
            ),
            right(
                "Der Antrag wird als Vorgang in der E-Akte abgelegt.",
                "Richtig: mit dem Antrag als PDF und den Nachweisen.",
            ),
            right(
                "Rathaus berechnet das Fälligkeitsdatum.",
                "Richtig: aus der Bearbeitungsdauer der Leistung in Arbeitstagen.",
            ),
            wrong(
                "Der Antrag wird der Person mit den wenigsten offenen Anträgen zugewiesen.",
                "Nein: Neue Anträge stehen unter „Neu“, bis jemand sie übernimmt.",
            ),
        ),
        single(
            "Ein Antrag auf einen Bewohnerparkausweis (Bearbeitungsdauer 5 Arbeitstage) geht "
            "an einem Montag ein. Wann ist er fällig?",
            "Rathaus zählt Arbeitstage von Montag bis Freitag ab dem Tag nach dem Eingang.",
            right(
                "Am Montag der folgenden Woche",
                "Richtig: Dienstag bis Montag sind fünf Arbeitstage.",
            ),
            wrong("Am Samstag derselben Woche", "Nein: Wochenenden zählen nicht mit."),
            wrong("Am Freitag derselben Woche", "Nein: Das wären nur vier Arbeitstage."),
        ),
        single(
            "Auf welchem Reiter finden Sie Anträge, bei denen Sie auf Unterlagen der "
            "antragstellenden Person warten?",
            "Nach einer Rückfrage steht der Antrag unter „Wartet auf Antwort“.",
            right("Wartet auf Antwort", "Richtig."),
            wrong("Neu", "Nein: Dort stehen nur eingegangene, nicht zugewiesene Anträge."),
            wrong("Entschieden", "Nein: Der Antrag ist ja noch nicht entschieden."),
        ),
        ordering(
            "Bringen Sie den Weg eines gebührenpflichtigen Online-Antrags in die richtige "
            "Reihenfolge.",
            "Ausfüllen und absenden, bezahlen, dann geht der Antrag ein und wird in der "
            "E-Akte abgelegt; danach bearbeiten Sie ihn.",
            ("Formular ausfüllen und absenden", "Das macht die antragstellende Person zuerst."),
            ("Die Gebühr bezahlen", "Erst danach geht der Antrag ein."),
            (
                "Eingang mit Antragsnummer und Ablage in der E-Akte",
                "Das geschieht automatisch.",
            ),
            ("Bearbeitung durch die Sachbearbeitung", "Jetzt sind Sie an der Reihe."),
        ),
    ),
)

PRUEFEN = LessonData(
    title="Einen Antrag übernehmen und prüfen",
    body="""\
## Übernehmen oder zuweisen

Öffnen Sie einen neuen Antrag aus der Liste. Mit **Übernehmen** wird er Ihnen zugewiesen
und wechselt in den Stand *In Bearbeitung*. Leitungen und Kolleginnen können einen Antrag
mit **Zuweisen** auch einer anderen Person der Organisationseinheit geben, etwa bei
Urlaub oder nach Zuständigkeit für Buchstaben oder Bezirke. Die zugewiesene Person sieht
den Antrag dann unter **Meine**.

## Was die Antragsseite zeigt

- **Antragsteller/in** und gegebenenfalls das Unternehmen, für das beantragt wurde,
- alle **Angaben** aus dem Formular und die hochgeladenen Nachweise,
- **Gebühr** und ob sie bezahlt ist,
- den Vorgang in der **E-Akte** mit Aktenzeichen,
- die **Nachrichten** mit der antragstellenden Person und den **Verlauf**.

## Gründlich prüfen – in dieser Reihenfolge

1. **Zuständigkeit**: Gehört der Antrag zu Ihrer Leistung und zu Weiterstadt?
2. **Vollständigkeit**: Sind alle erforderlichen Unterlagen da? Beim Bewohnerparkausweis
   ist das die *Zulassungsbescheinigung Teil I*, bei Firmen- oder fremden Fahrzeugen eine
   Bestätigung der Halterin oder des Halters.
3. **Lesbarkeit und Echtheit**: Ist der Nachweis lesbar, vollständig, aktuell, passt er
   zu den Angaben (Name, Kennzeichen, Anschrift)?
4. **Voraussetzungen**: Liegen die rechtlichen Voraussetzungen vor – beim
   Bewohnerparkausweis etwa der Hauptwohnsitz in der Bewohnerparkzone?

Halten Sie Ergebnisse, die nicht aus den Unterlagen selbst hervorgehen, in einem
**Vermerk** fest – etwa eine Abfrage im Melderegister oder ein Telefonat. Der Vermerk wird
im Vorgang der E-Akte abgelegt und ist für Ihre Vertretung sichtbar.

## Nur verwenden, was Sie brauchen

Die antragstellende Person hat ihre Daten für **diesen** Antrag gegeben. Nutzen Sie sie
nur dafür, und fordern Sie nur an, was Sie für die Entscheidung wirklich brauchen
(Zweckbindung und Datenminimierung). Laden Sie Anlagen nicht auf private Geräte oder
Laufwerke herunter – alles Nötige liegt in der E-Akte.

**Sonderfall:** War für die Leistung beim Eingang noch keine E-Akte eingerichtet, zeigt die
Antragsseite *noch nicht abgelegt*. Sobald die Akte für die Leistung eingerichtet ist,
legen Sie den Antrag mit **Jetzt in der E-Akte ablegen** nachträglich ab.
""",
    steps=(
        Step(
            "Antrag öffnen und übernehmen",
            "Öffnen Sie auf dem Reiter „Neu“ den ältesten Antrag und wählen Sie "
            "„Übernehmen“. Der Antrag steht nun unter „Meine“.",
            "/staff/leistungen/antraege/neu/",
        ),
        Step(
            "Angaben und Nachweise prüfen",
            "Lesen Sie die Angaben und öffnen Sie jeden Nachweis. Prüfen Sie Zuständigkeit, "
            "Vollständigkeit, Lesbarkeit und die Voraussetzungen der Leistung.",
        ),
        Step(
            "Ergebnis vermerken",
            "Schreiben Sie unter „Vermerk“ kurz, was Sie zusätzlich geprüft haben (z. B. "
            "„Hauptwohnsitz laut Melderegister bestätigt“), und wählen Sie „Vermerk "
            "ablegen“.",
        ),
        Step(
            "Bei Bedarf zuweisen",
            "Soll eine Kollegin den Antrag bearbeiten, wählen Sie sie unter „Zuweisen an“ "
            "aus und bestätigen mit „Zuweisen“.",
            "/staff/leistungen/antraege/meine/",
        ),
    ),
    questions=(
        single(
            "Was bewirkt „Übernehmen“ auf der Antragsseite?",
            "Der Antrag wird Ihnen zugewiesen und steht danach unter „Meine“ im Stand „In "
            "Bearbeitung“.",
            right(
                "Der Antrag wird mir zugewiesen und ist in Bearbeitung.",
                "Richtig.",
            ),
            wrong(
                "Der Antrag wird genehmigt.",
                "Nein: Entschieden wird erst mit dem Bescheid.",
            ),
            wrong(
                "Der Antrag wird aus der E-Akte in mein Postfach kopiert.",
                "Nein: Der Antrag bleibt in der E-Akte.",
            ),
        ),
        ordering(
            "In welcher Reihenfolge prüfen Sie einen Antrag?",
            "Erst die Zuständigkeit, dann Vollständigkeit, dann Lesbarkeit und Echtheit der "
            "Nachweise, zuletzt die Voraussetzungen.",
            ("Zuständigkeit", "Ohne Zuständigkeit ist jede weitere Prüfung vergeblich."),
            ("Vollständigkeit der Unterlagen", "Zweiter Schritt."),
            ("Lesbarkeit und Echtheit der Nachweise", "Dritter Schritt."),
            ("Rechtliche Voraussetzungen der Leistung", "Zum Schluss."),
        ),
        single(
            "Sie haben im Melderegister geprüft, dass der Hauptwohnsitz in der Zone liegt. "
            "Wie halten Sie das fest?",
            "Prüfergebnisse, die nicht aus den Unterlagen hervorgehen, gehören als Vermerk "
            "in den Vorgang.",
            right(
                "Mit einem Vermerk auf der Antragsseite; er wird in der E-Akte abgelegt.",
                "Richtig: So sieht es auch Ihre Vertretung.",
            ),
            wrong(
                "Mit einem Klebezettel am Bildschirm.",
                "Nein: Das ist weder nachvollziehbar noch für andere sichtbar.",
            ),
            wrong(
                "Gar nicht, das Ergebnis steht ja im Melderegister.",
                "Nein: Die Akte muss zeigen, worauf die Entscheidung beruht.",
            ),
        ),
        multiple(
            "Welche Nachweise fordern Sie für einen Bewohnerparkausweis an? (Mehrere "
            "Antworten sind richtig.)",
            "Gefordert werden nur Unterlagen, die für die Entscheidung nötig sind: die "
            "Zulassungsbescheinigung Teil I und bei fremden Fahrzeugen die Bestätigung der "
            "Halterin oder des Halters.",
            right(
                "Die Zulassungsbescheinigung Teil I",
                "Richtig: Sie zeigt Kennzeichen und Halter.",
            ),
            right(
                "Bei einem Firmenwagen: eine Bestätigung der Halterin oder des Halters",
                "Richtig: Sie zeigt, dass die Person das Fahrzeug nutzen darf.",
            ),
            wrong(
                "Eine Kopie des Führerscheins",
                "Nein: Der Führerschein ist für den Bewohnerparkausweis nicht erforderlich – "
                "Datenminimierung.",
            ),
            wrong(
                "Einen Gehaltsnachweis",
                "Nein: Er hat mit der Leistung nichts zu tun.",
            ),
        ),
        single(
            "Die Antragsseite zeigt bei E-Akte „noch nicht abgelegt“. Was bedeutet das?",
            "Der Antrag kam an, als für die Leistung noch keine E-Akte eingerichtet war; er "
            "wird nachträglich mit „Jetzt in der E-Akte ablegen“ abgelegt.",
            right(
                "Für die Leistung war beim Eingang keine E-Akte eingerichtet; ich lege den "
                "Antrag nachträglich ab.",
                "Richtig.",
            ),
            wrong(
                "Der Antrag ist gefälscht.",
                "Nein: Es geht nur um die Ablage.",
            ),
            wrong(
                "Ich muss den Antrag ausdrucken und in die Papierakte legen.",
                "Nein: Legen Sie ihn mit „Jetzt in der E-Akte ablegen“ ab.",
            ),
        ),
    ),
)

RUECKFRAGE = LessonData(
    title="Fehlende Unterlagen nachfordern: die Rückfrage",
    body="""\
Fehlt etwas, fragen Sie direkt aus Rathaus nach – nicht per privater E-Mail und nicht per
Telefon ohne Vermerk.

## So funktioniert die Rückfrage

Auf der Antragsseite schreiben Sie unter **Rückfrage stellen** in das Feld *Was benötigen
Sie von der antragstellenden Person?* Ihre Nachricht und wählen **Rückfrage senden**. Dann:

- geht die Rückfrage in das **Postfach** der antragstellenden Person in Rathaus, und sie
  erhält eine E-Mail, dass eine Nachricht wartet;
- wird die Rückfrage als **Schreiben in der E-Akte** abgelegt;
- wechselt der Antrag in den Stand *Rückfrage* und steht unter **Wartet auf Antwort**;
- wird der Antrag Ihnen zugewiesen, falls er noch niemandem zugewiesen war.

Die antragstellende Person antwortet unter *Meine Anträge* mit **Rückfrage beantworten**:
mit Text und hochgeladenen Dateien. Die Antwort und jede nachgereichte Datei werden als
**eingehende Dokumente** im Vorgang abgelegt (*Nachgereicht: …*), der Antrag ist wieder
*In Bearbeitung*, und Sie werden benachrichtigt.

## Eine gute Rückfrage

Eine Rückfrage ist ein Schreiben der Stadt. Sie soll so klar sein, dass keine zweite nötig
wird:

- **Was genau** fehlt? *„Bitte laden Sie die Zulassungsbescheinigung Teil I (beide Seiten)
  hoch.“* statt *„Unterlagen unvollständig.“*
- **Warum** wird es gebraucht? Ein Halbsatz genügt.
- **Wie** kann die Person es einreichen? (Hochladen unter *Meine Anträge*.)
- **Bis wann**? Nennen Sie eine angemessene Frist und was danach geschieht.
- **Freundlich und verständlich**: ohne Paragrafenketten, ohne Abkürzungen.

Fordern Sie **alles Fehlende auf einmal** an. Mehrere Rückfragen nacheinander verlängern die
Bearbeitung und verärgern.

## Was Sie nicht tun

- Keine Unterlagen anfordern, die Sie nicht brauchen (Datenminimierung).
- Keine Zugangsdaten, Passwörter oder vollständigen Kontodaten per Nachricht erfragen.
- Keine Anlagen per E-Mail annehmen und „nebenher“ ablegen – bitten Sie um das Hochladen im
  Antrag, damit alles in der E-Akte landet.
""",
    steps=(
        Step(
            "Rückfrage schreiben",
            "Öffnen Sie den Antrag. Schreiben Sie unter „Rückfrage stellen“ genau, was "
            "fehlt, warum, wie es eingereicht wird und bis wann.",
        ),
        Step(
            "Rückfrage senden",
            "Wählen Sie „Rückfrage senden“. Der Antrag steht nun unter „Wartet auf "
            "Antwort“; die Rückfrage liegt als Schreiben in der E-Akte.",
            "/staff/leistungen/antraege/rueckfrage/",
        ),
        Step(
            "Antwort prüfen",
            "Sobald die Antwort eingeht, werden Sie benachrichtigt. Öffnen Sie den Antrag: "
            "Unter „Nachrichten mit der antragstellenden Person“ und im Vorgang der E-Akte "
            "finden Sie Antwort und nachgereichte Dateien.",
            "/staff/leistungen/antraege/meine/",
        ),
    ),
    questions=(
        multiple(
            "Was geschieht, wenn Sie eine Rückfrage senden? (Mehrere Antworten sind richtig.)",
            "Die Rückfrage geht ins Postfach der antragstellenden Person (mit E-Mail-Hinweis), "
            "wird als Schreiben in der E-Akte abgelegt und der Antrag wartet auf Antwort.",
            right(
                "Die antragstellende Person findet sie in ihrem Postfach und erhält eine E-Mail.",
                "Richtig.",
            ),
            right("Sie wird als Schreiben in der E-Akte abgelegt.", "Richtig."),
            right(
                "Der Antrag steht unter „Wartet auf Antwort“.",
                "Richtig: im Stand Rückfrage.",
            ),
            wrong(
                "Der Antrag wird abgelehnt, wenn nicht binnen drei Tagen geantwortet wird.",
                "Nein: Rathaus entscheidet nie von selbst; das tun Sie.",
            ),
        ),
        single(
            "Welche Rückfrage ist am besten formuliert?",
            "Eine gute Rückfrage sagt, was genau fehlt, warum, wie es eingereicht wird und "
            "bis wann.",
            right(
                "„Bitte laden Sie bis zum 20. Mai unter ‚Meine Anträge‘ die "
                "Zulassungsbescheinigung Teil I (Vorder- und Rückseite) hoch. Wir brauchen "
                "sie, um das Kennzeichen zu prüfen.“",
                "Richtig: konkret, begründet, mit Weg und Frist.",
            ),
            wrong(
                "„Ihre Unterlagen sind unvollständig.“",
                "Nein: Die Person weiß nicht, was fehlt.",
            ),
            wrong(
                "„Gem. § 45 Abs. 1b Nr. 2a StVO i. V. m. VwV-StVO sind die erf. Nachweise "
                "beizubringen.“",
                "Nein: unverständlich und ohne konkrete Angabe.",
            ),
        ),
        single(
            "Eine Antragstellerin schickt den fehlenden Nachweis per E-Mail an Ihre "
            "persönliche Adresse. Was tun Sie?",
            "Nachweise gehören in den Antrag, damit sie in der E-Akte landen; bitten Sie um "
            "das Hochladen unter „Meine Anträge“.",
            right(
                "Sie freundlich bitten, den Nachweis als Antwort auf die Rückfrage unter "
                "„Meine Anträge“ hochzuladen.",
                "Richtig: Dann wird er automatisch im Vorgang abgelegt.",
            ),
            wrong(
                "Den Anhang auf dem persönlichen Laufwerk speichern.",
                "Nein: So fehlt er in der Akte.",
            ),
            wrong(
                "Die E-Mail an das ganze Team weiterleiten.",
                "Nein: So verbreiten sich personenbezogene Daten unnötig.",
            ),
        ),
        single(
            "Es fehlen zwei Nachweise. Wie gehen Sie vor?",
            "Alles Fehlende wird in einer Rückfrage angefordert.",
            right(
                "Beide in einer Rückfrage anfordern.",
                "Richtig: Das spart Zeit auf beiden Seiten.",
            ),
            wrong(
                "Erst den einen anfordern, nach der Antwort den anderen.",
                "Nein: Das verlängert die Bearbeitung unnötig.",
            ),
            wrong(
                "Den Antrag ablehnen.",
                "Nein: Fehlende Unterlagen werden zuerst nachgefordert.",
            ),
        ),
        ordering(
            "Bringen Sie den Ablauf einer Rückfrage in die richtige Reihenfolge.",
            "Rückfrage senden, die Person antwortet mit Dateien, die Dateien werden "
            "abgelegt, Sie prüfen weiter.",
            ("Sie senden die Rückfrage.", "Erster Schritt."),
            (
                "Die antragstellende Person antwortet unter „Meine Anträge“ und lädt Dateien hoch.",
                "Zweiter Schritt.",
            ),
            (
                "Antwort und Dateien werden im Vorgang der E-Akte abgelegt, Sie werden "
                "benachrichtigt.",
                "Dritter Schritt: automatisch.",
            ),
            ("Sie prüfen die nachgereichten Unterlagen.", "Zum Schluss."),
        ),
    ),
)

ENTSCHEIDEN = LessonData(
    title="Entscheiden: Mitzeichnung, Bescheid und Postfach",
    body="""\
## Vor der Entscheidung: Mitzeichnung

Braucht die Entscheidung eine Mitzeichnung – etwa der Amtsleitung bei einer Ablehnung –,
wählen Sie auf der Antragsseite **Zur Mitzeichnung geben**. Das startet einen Umlauf in der
E-Akte (wie im Kurs *Arbeiten mit der E-Akte* beschrieben). Solange er läuft, nimmt
Rathaus keinen Bescheid an: *Der Mitzeichnungsumlauf läuft noch; entscheiden Sie erst,
wenn er abgeschlossen ist.*

## Mit Bescheid entscheiden

Unter **Mit Bescheid entscheiden** geben Sie ein:

- **Entscheidung** – eine Zeile, z. B. *Ihr Bewohnerparkausweis wird erteilt*.
- **Text des Bescheids** – Begründung, Nebenbestimmungen und Hinweise; Leerzeilen beginnen
  neue Absätze.

Ein Bescheid ist ein **Verwaltungsakt**. Er ist zu **begründen**; entbehrlich ist die
Begründung nur, wenn Sie dem Antrag voll entsprechen und niemand anderes in seinen Rechten
betroffen ist. Außerdem gehört eine **Rechtsbehelfsbelehrung** hinein: Fehlt sie, verlängert
sich die Frist für Widerspruch oder Klage in der Regel von einem Monat auf ein Jahr
(§ 58 VwGO). Nutzen Sie die Textbausteine Ihres Amtes.

Mit **Bescheid erlassen**:

1. erzeugt Rathaus den Bescheid mit dem Briefkopf der Stadt als **PDF/A**,
2. legt ihn als ausgehendes Dokument im Vorgang der **E-Akte** ab,
3. stellt ihn in das **Postfach** der antragstellenden Person und schickt ihn per E-Mail
   als PDF-Anhang,
4. setzt den Antrag auf *Entschieden*.

## Das Postfach der antragstellenden Person

Bürgerinnen, Bürger und Unternehmen finden unter **Meine Anträge** jeden Antrag mit Stand,
Nachrichten und Verlauf und können Bescheid und Schreiben als PDF herunterladen. Im
**Postfach** liegen alle Nachrichten der Stadt. Deshalb gilt: Was Sie in Rathaus schreiben,
liest die Person genau so. Schreiben Sie verständlich und höflich.

## Abschließen

Ist alles erledigt (z. B. der Ausweis verschickt), wählen Sie **Antrag abschließen**. Der
Vorgang in der E-Akte wird dabei als erledigt gekennzeichnet. Abschließen lässt sich nur ein
entschiedener Antrag.
""",
    steps=(
        Step(
            "Zur Mitzeichnung geben (wenn nötig)",
            "Wählen Sie auf der Antragsseite „Zur Mitzeichnung geben“ und legen Sie im "
            "Umlauf fest, wer mitzeichnet. Warten Sie, bis der Umlauf abgeschlossen ist.",
        ),
        Step(
            "Bescheid schreiben",
            "Tragen Sie unter „Mit Bescheid entscheiden“ die Entscheidung in einer Zeile und "
            "den Text des Bescheids mit Begründung und Rechtsbehelfsbelehrung ein.",
        ),
        Step(
            "Bescheid erlassen",
            "Wählen Sie „Bescheid erlassen“. Prüfen Sie danach unter „Nachrichten mit der "
            "antragstellenden Person“, dass der Bescheid versandt wurde.",
        ),
        Step(
            "Antrag abschließen",
            "Ist alles erledigt, wählen Sie „Antrag abschließen“. Der Antrag steht dann "
            "unter „Entschieden“.",
            "/staff/leistungen/antraege/erledigt/",
        ),
    ),
    questions=(
        single(
            "Ein Mitzeichnungsumlauf zu einem Antrag läuft noch. Können Sie schon den "
            "Bescheid erlassen?",
            "Rathaus nimmt keinen Bescheid an, solange der Mitzeichnungsumlauf läuft.",
            right(
                "Nein, erst wenn der Umlauf abgeschlossen ist.",
                "Richtig: Sonst wäre die Mitzeichnung wertlos.",
            ),
            wrong(
                "Ja, der Umlauf läuft unabhängig davon weiter.",
                "Nein: Rathaus lehnt den Bescheid ab, solange der Umlauf läuft.",
            ),
            wrong(
                "Ja, wenn ich den Umlauf im Text erwähne.",
                "Nein: Warten Sie das Ergebnis der Mitzeichnung ab.",
            ),
        ),
        multiple(
            "Was geschieht mit „Bescheid erlassen“? (Mehrere Antworten sind richtig.)",
            "Der Bescheid wird als PDF/A erzeugt, in der E-Akte abgelegt, ins Postfach "
            "gestellt und per E-Mail verschickt; der Antrag ist dann entschieden.",
            right("Der Bescheid wird in der E-Akte abgelegt.", "Richtig."),
            right(
                "Die antragstellende Person erhält ihn im Postfach und per E-Mail.",
                "Richtig: als PDF.",
            ),
            right("Der Antrag steht auf „Entschieden“.", "Richtig."),
            wrong(
                "Der Antrag wird automatisch abgeschlossen.",
                "Nein: Abschließen ist ein eigener Schritt, wenn alles erledigt ist.",
            ),
        ),
        single(
            "Warum gehört eine Rechtsbehelfsbelehrung in den Bescheid?",
            "Ohne Rechtsbehelfsbelehrung verlängert sich die Frist für einen Rechtsbehelf in "
            "der Regel von einem Monat auf ein Jahr.",
            right(
                "Ohne sie kann der Bescheid in der Regel ein Jahr statt einen Monat lang "
                "angefochten werden.",
                "Richtig: Die Belehrung setzt die Monatsfrist in Gang.",
            ),
            wrong(
                "Ohne sie ist der Bescheid nichtig.",
                "Nein: Er bleibt wirksam, nur die Frist verlängert sich.",
            ),
            wrong(
                "Sie ist nur bei Gebühren über 100 Euro nötig.",
                "Nein: Eine solche Grenze gibt es nicht.",
            ),
        ),
        single(
            "Wo findet eine Antragstellerin Ihren Bescheid?",
            "Unter „Meine Anträge“ und im Postfach in Rathaus, dazu per E-Mail als PDF.",
            right(
                "Unter „Meine Anträge“ und in ihrem Postfach, zusätzlich als E-Mail-Anhang.",
                "Richtig.",
            ),
            wrong(
                "Nur per Post.",
                "Nein: Rathaus stellt den Bescheid elektronisch zu.",
            ),
            wrong(
                "Sie muss im Rathaus anrufen und ihn anfordern.",
                "Nein: Er liegt in ihrem Postfach.",
            ),
        ),
        ordering(
            "Bringen Sie die letzten Schritte eines Antrags in die richtige Reihenfolge.",
            "Erst die Mitzeichnung abschließen, dann den Bescheid erlassen, dann abschließen.",
            ("Mitzeichnung abschließen lassen", "Zuerst, wenn eine Mitzeichnung nötig ist."),
            ("Bescheid mit Begründung und Belehrung schreiben", "Zweiter Schritt."),
            ("Bescheid erlassen", "Dritter Schritt: Versand und Ablage geschehen automatisch."),
            ("Antrag abschließen", "Zum Schluss."),
        ),
    ),
)

COURSE = CourseData(
    slug="online-antraege",
    title="Online-Anträge in Rathaus bearbeiten",
    summary="Vom Eingang bis zum Bescheid: wie Online-Anträge bei Ihnen ankommen, wie Sie "
    "sie übernehmen und prüfen, fehlende Unterlagen mit einer Rückfrage nachfordern und mit "
    "einem Bescheid entscheiden, der im Postfach der antragstellenden Person ankommt.",
    target_roles=(Role.CLERK,),
    estimated_minutes=50,
    lessons=(EINGANG, PRUEFEN, RUECKFRAGE, ENTSCHEIDEN),
)
