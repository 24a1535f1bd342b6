"""Demo course: working with the e-file (E-Akte) in Rathaus, tied to the records screens
under /staff/akten/."""

from rathaus.core.accounts.roles import Role

from . import CourseData, LessonData, Step, multiple, ordering, right, single, wrong

ORDNUNG = LessonData(
    title="Die Ordnung der E-Akte: Aktenplan, Akte, Vorgang, Dokument",
    body="""\
Die E-Akte ersetzt in Weiterstadt die Papierakte. Sie ist **die** Akte: Was nicht in der
E-Akte steht, ist aus Sicht der Verwaltung nicht geschehen. Damit alle Kolleginnen und
Kollegen Unterlagen auch nach Jahren wiederfinden, folgt die E-Akte einer festen Ordnung
in vier Ebenen.

## Die vier Ebenen

1. **Aktenplan** – das Inhaltsverzeichnis der ganzen Verwaltung. Jede Position hat eine
   Nummer (z. B. `63.1`) und einen Titel (z. B. *Baugenehmigungen*). Der Aktenplan ist
   nach Aufgaben gegliedert, nicht nach Ämtern: Eine Aufgabe behält ihre Nummer, auch wenn
   sie einmal in ein anderes Amt wechselt.
2. **Akte** – alle Unterlagen zu einer Angelegenheit, z. B. *Bauantrag Neubau
   Einfamilienhaus, Lindenweg 12*. Jede Akte liegt unter genau einer Aktenplanposition und
   gehört einer **federführenden Organisationseinheit**.
3. **Vorgang** – ein Arbeitsschritt oder Teilthema innerhalb der Akte, z. B.
   *Beteiligung der Nachbarn*. Ein Vorgang wird von einer Organisationseinheit oder einer
   Sachbearbeiterin bzw. einem Sachbearbeiter bearbeitet und am Ende als erledigt
   gekennzeichnet.
4. **Dokument** – der einzelne Inhalt: ein eingescanntes Schreiben, ein Bescheid, eine
   E-Mail, ein interner Vermerk als Datei. Dokumente liegen immer in einem Vorgang.

## Das Aktenzeichen

Rathaus vergibt das Aktenzeichen beim Anlegen einer Akte **automatisch**. In Weiterstadt
ist es so aufgebaut:

`Organisationseinheit-Aktenplanposition/laufende Nummer/Jahr`, zum Beispiel
`60-63.1/0001/2026` – die erste Akte des Bauamts (60) unter *Baugenehmigungen* (63.1) im
Jahr 2026. Ein Vorgang hängt seine Nummer an: `60-63.1/0001/2026-3` ist der dritte
Vorgang dieser Akte.

Sie müssen das Aktenzeichen also nie selbst bilden oder in einer Liste nachschlagen. Geben
Sie es aber in jedem Schreiben an, damit Antworten der richtigen Akte zugeordnet werden.

## Aufbewahrung ist Teil des Aktenplans

Zu jeder Aktenplanposition gehören eine **Aufbewahrungsfrist** (z. B. 30 Jahre für
Baugenehmigungen) und eine **Aussonderungsentscheidung**:

- **A – Archivieren**: Die Akte geht nach Ablauf der Frist an das Archiv.
- **B – Bewerten**: Das Archiv entscheidet im Einzelfall.
- **V – Vernichten**: Die Akte wird nach Ablauf der Frist gelöscht.

Wer eine Akte unter der richtigen Position anlegt, sorgt also zugleich dafür, dass sie
richtig lange aufbewahrt wird. Eine falsche Position kann bedeuten, dass Unterlagen zu
früh gelöscht oder unnötig lange gespeichert werden.

## Wer was sieht

- Die **federführende Organisationseinheit** und die Einheiten darüber (z. B. der
  Fachbereich) bearbeiten eine Akte.
- Eine Akte kann für eine andere Organisationseinheit oder eine einzelne Person
  **freigegeben** werden; diese dürfen sie dann nur lesen.
- Alle anderen sehen die Akte nicht – auch nicht in der Suche.

**Merke:** Suchen Sie eine Akte über das Feld *E-Akte durchsuchen* auf der Startseite der
E-Akte. Die Volltextsuche findet Aktenzeichen, Titel, Vermerke und den Text der Dokumente,
auch von eingescannten Schreiben, sobald deren Texterkennung gelaufen ist.
""",
    steps=(
        Step(
            "Startseite der E-Akte öffnen",
            "Wählen Sie im Mitarbeiterbereich die Kachel „E-Akte“. Oben sehen Sie das "
            "Suchfeld, darunter Ihren „Postkorb“ und die neuesten offenen Akten Ihrer "
            "Organisationseinheiten.",
            "/staff/akten/",
        ),
        Step(
            "Den Aktenplan ansehen",
            "Folgen Sie unter „Weitere Bereiche“ dem Link „Aktenplan“. Suchen Sie unter „6 "
            "Bauwesen“ die Position „63.1 Baugenehmigungen“ und lesen Sie dahinter "
            "Aufbewahrungsfrist und Aussonderung ab.",
            "/staff/akten/aktenplan/",
        ),
        Step(
            "Eine Akte suchen",
            "Geben Sie im Feld „E-Akte durchsuchen“ ein Stichwort ein, z. B. "
            "„Lindenweg“, und wählen Sie „Suchen“. Die Treffer zeigen Aktenzeichen und "
            "die Fundstelle.",
            "/staff/akten/suche/",
        ),
    ),
    questions=(
        single(
            "Wie ist die E-Akte in Rathaus von oben nach unten gegliedert?",
            "Der Aktenplan ordnet die Aufgaben, darunter liegen Akten, darin Vorgänge, "
            "darin Dokumente.",
            right(
                "Aktenplan – Akte – Vorgang – Dokument",
                "Richtig: Jedes Dokument liegt in einem Vorgang, jeder Vorgang in einer Akte, "
                "jede Akte unter einer Aktenplanposition.",
            ),
            wrong(
                "Akte – Aktenplan – Dokument – Vorgang",
                "Nein: Der Aktenplan steht ganz oben; Dokumente liegen in Vorgängen.",
            ),
            wrong(
                "Organisationseinheit – Ordner – Datei",
                "Nein: Die E-Akte ist nach Aufgaben (Aktenplan) gegliedert, nicht nach "
                "Ämtern und Ordnern.",
            ),
        ),
        single(
            "Wie entsteht das Aktenzeichen einer neuen Akte?",
            "Rathaus bildet das Aktenzeichen beim Speichern aus Organisationseinheit, "
            "Aktenplanposition, laufender Nummer und Jahr.",
            right(
                "Rathaus vergibt es beim Speichern automatisch.",
                "Genau. Sie müssen es nicht selbst bilden.",
            ),
            wrong(
                "Ich trage es selbst ins Formular ein.",
                "Nein: Das Formular hat dafür kein Feld; das Aktenzeichen wird erzeugt.",
            ),
            wrong(
                "Die Registratur teilt es auf Anfrage zu.",
                "Nein: Das war beim Papier so; in Rathaus geschieht es automatisch.",
            ),
        ),
        single(
            "Was bedeutet das Aktenzeichen 32-32.1/0007/2026-2?",
            "Aufbau: Organisationseinheit-Aktenplanposition/laufende Nummer/Jahr, "
            "dahinter die Nummer des Vorgangs.",
            right(
                "Zweiter Vorgang der siebten Akte des Ordnungsamts unter 32.1 im Jahr 2026",
                "Richtig gelesen.",
            ),
            wrong(
                "Siebter Vorgang der zweiten Akte des Ordnungsamts",
                "Nein: Die laufende Nummer der Akte steht vor dem Jahr, die Vorgangsnummer "
                "am Ende.",
            ),
            wrong(
                "Akte 32 mit 7 Dokumenten aus dem Jahr 2026",
                "Nein: Die Zahl der Dokumente steht nicht im Aktenzeichen.",
            ),
        ),
        multiple(
            "Was legt die Aktenplanposition einer Akte fest? (Mehrere Antworten sind richtig.)",
            "Die Position bestimmt, wo die Akte eingeordnet ist, wie lange sie nach dem "
            "Schließen aufbewahrt wird und was danach mit ihr geschieht.",
            right(
                "Die Aufbewahrungsfrist",
                "Richtig: Sie gilt für alle Akten unter dieser Position.",
            ),
            right(
                "Die Aussonderungsentscheidung (archivieren, bewerten, vernichten)",
                "Richtig: Auch sie steht an der Position im Aktenplan.",
            ),
            right(
                "Einen Teil des Aktenzeichens",
                "Richtig: Die Nummer der Position steht im Aktenzeichen.",
            ),
            wrong(
                "Wer die Akte bearbeiten darf",
                "Nein: Das bestimmt die federführende Organisationseinheit (und Freigaben).",
            ),
        ),
        single(
            "Eine Kollegin aus der Finanzverwaltung soll eine Akte des Bauamts lesen können. "
            "Was ist der richtige Weg?",
            "Eine Freigabe gibt einer Organisationseinheit oder einer Person Lesezugriff; "
            "bearbeiten kann weiter nur die federführende Einheit.",
            right(
                "Die Akte für sie freigeben.",
                "Richtig: Sie kann die Akte dann lesen, aber nicht verändern.",
            ),
            wrong(
                "Die Dokumente herunterladen und per E-Mail schicken.",
                "Nein: So entstehen ungeschützte Kopien außerhalb der Akte.",
            ),
            wrong(
                "Ihr die eigenen Zugangsdaten geben.",
                "Nein, niemals: Zugangsdaten sind persönlich.",
            ),
        ),
    ),
)

AKTE_UND_VORGANG = LessonData(
    title="Eine Akte anlegen und Vorgänge führen",
    body="""\
Eine neue Angelegenheit beginnt mit einer Akte. Prüfen Sie vorher mit der Suche, ob es
schon eine Akte gibt – zum Beispiel, weil zum selben Grundstück bereits eine Bauvoranfrage
läuft. Dann legen Sie dort einen weiteren **Vorgang** an, statt eine zweite Akte zu
eröffnen.

## Die Akte anlegen

Im Formular *Neue Akte* wählen Sie:

- **Aktenplanposition** – nur aktive Positionen stehen zur Wahl. Stillgelegte Positionen
  nimmt Rathaus nicht mehr an.
- **Titel** – so, dass andere die Akte ohne Vorwissen erkennen: *Was* und *wo*, z. B.
  *Bauantrag Neubau Einfamilienhaus, Lindenweg 12*. Keine Abkürzungen, die nur Sie
  kennen.
- **Beschreibung** – optional, für Hintergründe.
- **Federführende Organisationseinheit** – die Einheit, die die Angelegenheit
  verantwortet.
- **Enthält personenbezogene Daten** – setzen Sie das Häkchen, sobald die Akte Daten über
  Menschen enthält (Namen, Anschriften, Gesundheitsdaten …). Dann hält Rathaus im
  **Prüfprotokoll** fest, wer die Dokumente liest.

Mit **Akte anlegen** vergibt Rathaus das Aktenzeichen.

## Vorgänge

Jede Akte besteht aus Vorgängen. Ein Vorgang hat einen **Betreff** und wird von einer
Organisationseinheit oder einer Person **bearbeitet**. Typische Vorgänge einer Bauakte:
*Eingang und Vollständigkeitsprüfung*, *Beteiligung der Fachstellen*, *Bescheid*.

Auf der Seite eines Vorgangs können Sie:

- **Vermerke** hinzufügen – kurze Notizen über Telefonate, Absprachen, Entscheidungen.
  Vermerke werden **nie geändert oder gelöscht**, nur ergänzt. Schreiben Sie sie so, dass
  eine Vertretung sie versteht: Wer, was, wann, mit welchem Ergebnis.
- den Vorgang **abgeben** – an eine andere Organisationseinheit oder eine bestimmte
  Person; sie wird benachrichtigt und bearbeitet den Vorgang ab dann.
- den Vorgang **in eine andere Akte verschieben**, wenn er falsch zugeordnet wurde. Er
  erhält dort die nächste freie Nummer.
- den Vorgang **als erledigt kennzeichnen**, wenn die Arbeit abgeschlossen ist. Ein
  erledigter Vorgang kann wieder geöffnet werden.

## Die Akte schließen

Sind alle Vorgänge erledigt, schließen Sie die Akte mit **Akte schließen**. Solange noch
ein Vorgang offen ist, lehnt Rathaus das ab. Mit dem Schließen beginnt die
Aufbewahrungsfrist (dazu mehr in der letzten Lektion).

**Tipp:** Jede Änderung an Akte und Vorgang steht im **Verlauf**. Dort sehen Sie, wer
wann was getan hat – auch, wenn Sie eine Vertretung übernehmen.
""",
    steps=(
        Step(
            "Zur Aktenliste wechseln",
            "Öffnen Sie über „Weitere Bereiche“ den Link „Alle Akten“. Filtern Sie nach "
            "Ihrer Organisationseinheit, um zu prüfen, ob es schon eine passende Akte gibt.",
            "/staff/akten/akten/",
        ),
        Step(
            "Neue Akte anlegen",
            "Wählen Sie „Neue Akte“. Füllen Sie Aktenplanposition, Titel, federführende "
            "Organisationseinheit und – falls zutreffend – „Enthält personenbezogene Daten“ "
            "aus. Speichern Sie mit „Akte anlegen“.",
            "/staff/akten/akten/neu/",
        ),
        Step(
            "Einen Vorgang anlegen",
            "Auf der Seite der neuen Akte finden Sie unter „Vorgänge“ das Formular „Neuer "
            "Vorgang“. Geben Sie einen Betreff ein, wählen Sie, wer ihn bearbeitet, und "
            "speichern Sie mit „Vorgang anlegen“.",
        ),
        Step(
            "Einen Vermerk schreiben",
            "Öffnen Sie den Vorgang. Schreiben Sie unter „Vermerke“ einen kurzen Vermerk, "
            "z. B. über ein Telefonat, und wählen Sie „Vermerk hinzufügen“.",
        ),
        Step(
            "Vorgang erledigen und Akte schließen",
            "Ist die Arbeit getan, wählen Sie im Vorgang „Als erledigt kennzeichnen“. "
            "Sind alle Vorgänge erledigt, schließen Sie die Akte auf ihrer Seite mit "
            "„Akte schließen“.",
        ),
    ),
    questions=(
        single(
            "Zu einem Grundstück gibt es bereits eine Akte mit einer Bauvoranfrage. Nun kommt "
            "der Bauantrag. Was tun Sie?",
            "Eine Angelegenheit, eine Akte: Neue Arbeitsschritte werden als Vorgänge in der "
            "bestehenden Akte geführt, wenn sie zur selben Angelegenheit gehören.",
            right(
                "Prüfen, ob der Antrag zur selben Angelegenheit gehört, und ihn dann als neuen "
                "Vorgang in der bestehenden Akte führen.",
                "Richtig: So bleibt alles zu einer Angelegenheit beisammen.",
            ),
            wrong(
                "Immer eine neue Akte anlegen – neue Post, neue Akte.",
                "Nein: So verteilt sich eine Angelegenheit auf mehrere Akten.",
            ),
            wrong(
                "Den Antrag als Dokument in irgendeinen offenen Vorgang legen.",
                "Nein: Dokumente gehören in den Vorgang, zu dem sie fachlich gehören.",
            ),
        ),
        single(
            "Wann setzen Sie beim Anlegen einer Akte das Häkchen „Enthält personenbezogene Daten“?",
            "Sobald Daten über Menschen in der Akte stehen; dann wird das Lesen der Dokumente "
            "im Prüfprotokoll festgehalten.",
            right(
                "Sobald die Akte Daten über bestimmte oder bestimmbare Menschen enthält.",
                "Richtig: Das gilt für fast jede Bürgerakte.",
            ),
            wrong(
                "Nur bei Gesundheitsdaten.",
                "Nein: Schon Name und Anschrift sind personenbezogene Daten.",
            ),
            wrong(
                "Nie – das erledigt die Datenschutzbeauftragte.",
                "Nein: Sie als Sachbearbeitung kennen den Inhalt und setzen das Häkchen.",
            ),
        ),
        single(
            "Ein Vermerk enthält einen Tippfehler im Datum. Wie gehen Sie vor?",
            "Vermerke werden nie geändert oder gelöscht, nur ergänzt. Eine Berichtigung ist "
            "ein neuer Vermerk.",
            right(
                "Einen neuen Vermerk schreiben, der das Datum richtigstellt.",
                "Richtig: So bleibt nachvollziehbar, was wann festgehalten wurde.",
            ),
            wrong(
                "Den Vermerk bearbeiten.",
                "Nein: Vermerke lassen sich in Rathaus bewusst nicht ändern.",
            ),
            wrong(
                "Die IT bitten, den Vermerk zu löschen.",
                "Nein: Auch die IT löscht keine Vermerke; ergänzen Sie eine Berichtigung.",
            ),
        ),
        single(
            "Sie wollen eine Akte schließen, aber Rathaus lehnt ab. Was ist der "
            "wahrscheinlichste Grund?",
            "Eine Akte kann nur geschlossen werden, wenn alle ihre Vorgänge erledigt sind.",
            right(
                "Mindestens ein Vorgang ist noch offen.",
                "Richtig: Kennzeichnen Sie ihn als erledigt oder geben Sie ihn ab.",
            ),
            wrong(
                "Die Akte enthält personenbezogene Daten.",
                "Nein: Auch solche Akten lassen sich schließen.",
            ),
            wrong(
                "Akten darf nur die Amtsleitung schließen.",
                "Nein: Die federführende Organisationseinheit schließt ihre Akten.",
            ),
        ),
        ordering(
            "Bringen Sie die Schritte für eine neue Angelegenheit in die richtige Reihenfolge.",
            "Erst suchen, dann anlegen, dann in Vorgängen arbeiten und zum Schluss schließen.",
            ("Mit der Suche prüfen, ob es schon eine Akte gibt", "Das kommt zuerst."),
            ("Neue Akte unter der passenden Aktenplanposition anlegen", "Zweiter Schritt."),
            ("Vorgang anlegen und Vermerke schreiben", "Dritter Schritt: die eigentliche Arbeit."),
            ("Vorgänge erledigen und die Akte schließen", "Das steht am Ende."),
        ),
    ),
)

DOKUMENTE = LessonData(
    title="Dokumente ablegen, Versionen und Schreiben aus Vorlagen",
    body="""\
Dokumente sind der Inhalt der Akte. In Rathaus liegen sie immer in einem **Vorgang**.

## Ein Dokument hochladen

Auf der Seite eines Vorgangs wählen Sie unter *Dokumente* **Dokument hochladen** und
geben an:

- **Datei** – z. B. ein PDF, ein Scan oder ein Foto.
- **Titel** – aussagekräftig: *Stellungnahme Untere Naturschutzbehörde vom 3. März*,
  nicht *Scan_0042*.
- **Art** – *Eingang (Post, Scan)*, *Ausgang (Bescheid, Schreiben)* oder *Intern*.
- **Eingegangen am** – bei Eingängen das Datum des Eingangs, nicht des Scans. Es kann für
  Fristen entscheidend sein.
- **Enthält personenbezogene Daten** – dann wird das Öffnen im Prüfprotokoll festgehalten.

Rathaus prüft jede Datei: Der Typ wird am Inhalt erkannt, eine Datei, deren Name etwas
anderes behauptet, wird abgelehnt, ebenso verschlüsselte oder beschädigte PDFs. Liegt
derselbe Inhalt schon im Vorgang, warnt Rathaus; Sie können dann bewusst **Trotzdem
hochladen** wählen.

## Scans und Texterkennung

Eingescannte Schreiben ohne Textebene liest Rathaus nach dem Hochladen mit einer
**Texterkennung**. Das kann einige Minuten dauern; danach findet die Volltextsuche auch
Wörter aus dem Scan. Prüfen Sie bei wichtigen Eingängen trotzdem selbst, ob der Scan
vollständig und lesbar ist – die Texterkennung ersetzt keine Sichtprüfung.

## Versionen statt Überschreiben

Ändert sich ein Dokument, laden Sie auf seiner Seite eine **neue Version** hoch und
schreiben kurz dazu, *was geändert wurde*. Jede frühere Version bleibt erhalten und
lesbar. Zu jeder Version speichert Rathaus, wer sie wann abgelegt hat, ihre Größe und eine
Prüfsumme (SHA-256). Stimmt der gespeicherte Inhalt nicht mehr mit der Prüfsumme überein,
gibt Rathaus ihn nicht heraus – so fällt eine Beschädigung auf, statt unbemerkt zu bleiben.

## Schreiben aus einer Vorlage

Mit **Schreiben aus Vorlage** erstellen Sie ein Schreiben direkt im Vorgang: Sie wählen
die Vorlage, geben Empfängerin oder Empfänger, Betreff und Text ein. Rathaus setzt den
Briefkopf der Stadt, erzeugt ein **PDF/A** (das Format für die Langzeitaufbewahrung) und
legt es als **ausgehendes Dokument** im Vorgang ab. Sie müssen das Schreiben also nicht
erst in einer Textverarbeitung schreiben, drucken, scannen und wieder hochladen.

**Merke:** Keine Ablage „nebenher“ auf dem Laufwerk oder im E-Mail-Postfach. Was für die
Angelegenheit wichtig ist, gehört in die E-Akte – auch E-Mails (als PDF gespeichert).
""",
    steps=(
        Step(
            "Den Vorgang öffnen",
            "Öffnen Sie die Akte über „Alle Akten“ oder die Suche und wählen Sie in der "
            "Liste „Vorgänge“ den passenden Vorgang.",
            "/staff/akten/akten/",
        ),
        Step(
            "Dokument hochladen",
            "Wählen Sie unter „Dokumente“ „Dokument hochladen“. Wählen Sie die Datei, "
            "geben Sie Titel, Art und bei Eingängen das Eingangsdatum an und wählen Sie "
            "„Hochladen“.",
        ),
        Step(
            "Eine neue Version ablegen",
            "Öffnen Sie das Dokument und wählen Sie „Neue Version hochladen“. Beschreiben "
            "Sie unter „Was wurde geändert“ die Änderung in einem Satz.",
        ),
        Step(
            "Ein Schreiben aus einer Vorlage erstellen",
            "Wählen Sie im Vorgang „Schreiben aus Vorlage“, füllen Sie Empfänger, Betreff "
            "und Text aus und wählen Sie „Schreiben erstellen und ablegen“. Das PDF liegt "
            "danach als ausgehendes Dokument im Vorgang.",
        ),
    ),
    questions=(
        single(
            "Wo liegt ein Dokument in der E-Akte?",
            "Dokumente liegen immer in einem Vorgang, der Vorgang in einer Akte.",
            right("In einem Vorgang", "Richtig."),
            wrong(
                "Direkt in der Akte, ohne Vorgang",
                "Nein: Legen Sie zuerst einen passenden Vorgang an.",
            ),
            wrong(
                "In einem persönlichen Ordner",
                "Nein: Persönliche Ablagen gibt es in der E-Akte nicht.",
            ),
        ),
        single(
            "Ein Brief kam am 2. Mai an, gescannt wurde er am 6. Mai. Was tragen Sie bei "
            "„Eingegangen am“ ein?",
            "Maßgeblich ist der Eingang bei der Stadt; davon können Fristen abhängen.",
            right("Den 2. Mai", "Richtig: der Tag des Eingangs."),
            wrong(
                "Den 6. Mai",
                "Nein: Das ist der Tag des Scans, nicht des Eingangs.",
            ),
            wrong(
                "Nichts – Rathaus setzt das Datum selbst.",
                "Nein: Rathaus kennt den Eingangstag des Papierbriefs nicht.",
            ),
        ),
        single(
            "Eine Stellungnahme wurde überarbeitet. Wie legen Sie die neue Fassung ab?",
            "Neue Fassungen werden als neue Version desselben Dokuments abgelegt; frühere "
            "Versionen bleiben erhalten.",
            right(
                "Als neue Version des Dokuments, mit einem Satz, was sich geändert hat.",
                "Richtig: So bleibt nachvollziehbar, welche Fassung wann galt.",
            ),
            wrong(
                "Die alte Fassung löschen und die neue hochladen.",
                "Nein: Dokumente werden in Rathaus nicht gelöscht, sondern versioniert.",
            ),
            wrong(
                "Als zweites Dokument mit dem Titel „… neu“.",
                "Nein: Dann sind zwei Fassungen nicht als zusammengehörig erkennbar.",
            ),
        ),
        multiple(
            "Was geschieht, wenn Sie ein Schreiben mit „Schreiben aus Vorlage“ erstellen? "
            "(Mehrere Antworten sind richtig.)",
            "Rathaus setzt den Briefkopf, erzeugt ein PDF/A und legt es als ausgehendes "
            "Dokument im Vorgang ab.",
            right("Es erhält den Briefkopf der Stadt.", "Richtig."),
            right(
                "Es wird als PDF/A erzeugt.", "Richtig: das Format für die Langzeitaufbewahrung."
            ),
            right(
                "Es wird als ausgehendes Dokument im Vorgang abgelegt.",
                "Richtig: Ein Ausdruck und Scan ist nicht nötig.",
            ),
            wrong(
                "Es wird automatisch per Post verschickt.",
                "Nein: Den Versand veranlassen Sie wie gewohnt.",
            ),
        ),
        multiple(
            "Welche Dateien lehnt Rathaus beim Hochladen ab? (Mehrere Antworten sind richtig.)",
            "Rathaus erkennt den Typ am Inhalt und lehnt verschlüsselte oder unlesbare PDFs "
            "sowie Dateien ab, deren Name einen anderen Typ behauptet. Bei doppeltem Inhalt "
            "warnt es nur.",
            right(
                "Ein verschlüsseltes PDF",
                "Richtig: Verschlüsselte Dateien wären später nicht mehr lesbar.",
            ),
            right(
                "Eine Datei „Bescheid.pdf“, die in Wahrheit ein Programm ist",
                "Richtig: Name und Inhalt passen nicht zusammen.",
            ),
            wrong(
                "Einen Scan ohne Textebene",
                "Nein: Scans werden angenommen und anschließend per Texterkennung gelesen.",
            ),
            wrong(
                "Eine Datei, die schon im Vorgang liegt",
                "Nein: Rathaus warnt nur; Sie können bewusst trotzdem hochladen.",
            ),
        ),
    ),
)

UMLAUF_UND_AUFBEWAHRUNG = LessonData(
    title="Mitzeichnung, Umlauf und Aufbewahrung",
    body="""\
Viele Entscheidungen brauchen mehr als eine Unterschrift: Die Amtsleitung zeichnet mit, die
Kämmerei genehmigt eine Ausgabe, das Ordnungsamt soll informiert sein. In Rathaus geschieht
das mit einem **Umlauf** (Laufweg) – ohne Umlaufmappe auf dem Flur.

## Einen Umlauf starten

Auf der Seite eines Vorgangs wählen Sie **In Umlauf geben** und geben an:

- **Betreff** und **Hinweise** – was die Beteiligten tun sollen.
- optional ein **Dokument** des Vorgangs, um das es geht.
- die **Schritte**: je Schritt eine **Reihenfolge** (Nummer), die **Art**, eine **Person
  oder eine Organisationseinheit** und ein **Fälligkeitsdatum**.

Es gibt drei Arten von Schritten:

- **Mitzeichnung** – die Person zeichnet mit (oder lehnt ab).
- **Genehmigung** – die Person stimmt zu (oder lehnt ab).
- **Zur Kenntnis** – die Person wird informiert; dieser Schritt **hält den Umlauf nicht
  auf**.

Schritte mit **derselben Nummer laufen gleichzeitig**; ein Schritt mit höherer Nummer
beginnt erst, wenn alle früheren entschieden sind. Beispiel: 1 = Sachgebietsleitung und
Ordnungsamt parallel, 2 = Amtsleitung.

## Im Postkorb entscheiden

Wer an der Reihe ist, findet den Schritt in seinem **Postkorb** und erhält einmal täglich
eine E-Mail mit allem, was wartet. Überfällige Schritte stehen oben. Mögliche
Entscheidungen:

- **Mitzeichnen** bzw. **Zustimmen**,
- **Ablehnen**,
- **An Absender/in zurückgeben** – z. B. wenn etwas fehlt.

Für Ablehnen und Zurückgeben ist ein **Kommentar Pflicht**. Eine Ablehnung oder Rückgabe
beendet den Umlauf; wer ihn gestartet hat, wird benachrichtigt. Solange ein Umlauf läuft,
kann ihn die Person, die ihn gestartet hat, **zurückziehen**.

## Aufbewahrung und Aussonderung

Wenn Sie eine Akte **schließen**, berechnet Rathaus das Ende der Aufbewahrung: **31.
Dezember des Jahres, in dem die Akte geschlossen wurde, plus die Aufbewahrungsfrist** der
Aktenplanposition. Eine Baugenehmigungsakte (30 Jahre), geschlossen im Juni 2026, wird
also bis zum 31. Dezember 2056 aufbewahrt.

Danach beginnt die **Aussonderung**, die das Archivwesen (bei uns Klaus Fischer)
durchführt:

1. Die Akten, deren Frist abgelaufen ist, werden dem Archiv **angeboten**.
2. Das Archiv **bewertet** sie: übernehmen oder vernichten.
3. Was das Archiv übernimmt, wird **übergeben**, das Archiv bestätigt den Empfang.
4. Erst danach werden die Akten **endgültig gelöscht** – mit einem **Löschprotokoll**,
   das festhält, was wann auf welcher Grundlage gelöscht wurde.

Eine Akte, deren Aussonderung begonnen hat, kann nicht wieder geöffnet werden. Schließen
Sie Akten deshalb erst, wenn die Angelegenheit wirklich abgeschlossen ist – aber dann
zeitnah, denn Unterlagen mit personenbezogenen Daten dürfen nicht länger als nötig
aufbewahrt werden.
""",
    steps=(
        Step(
            "Umlauf starten",
            "Öffnen Sie den Vorgang und wählen Sie „In Umlauf geben“. Geben Sie Betreff und "
            "Hinweise ein und wählen Sie, wenn es um ein bestimmtes Schreiben geht, das "
            "Dokument.",
        ),
        Step(
            "Schritte festlegen",
            "Tragen Sie je Zeile Reihenfolge (Nummer), Art, Person oder "
            "Organisationseinheit und Fälligkeit ein. Gleiche Nummern laufen parallel. "
            "Mit „Schritt hinzufügen“ ergänzen Sie Zeilen, mit „Umlauf starten“ geht "
            "es los.",
        ),
        Step(
            "Im Postkorb entscheiden",
            "Öffnen Sie den „Postkorb“, wählen Sie den wartenden Schritt, lesen Sie Vorgang "
            "und Dokument und speichern Sie Ihre Entscheidung mit „Entscheidung speichern“. "
            "Bei Ablehnung oder Rückgabe schreiben Sie einen Kommentar.",
            "/staff/akten/postkorb/",
        ),
        Step(
            "Akte schließen und Aufbewahrung prüfen",
            "Schließen Sie eine abgeschlossene Akte mit „Akte schließen“. Auf der Seite der "
            "Akte steht danach, wann die Aufbewahrungsfrist endet.",
            "/staff/akten/akten/",
        ),
    ),
    questions=(
        single(
            "Ein Umlauf hat die Schritte 1 (Mitzeichnung Sachgebietsleitung), 1 (zur "
            "Kenntnis Ordnungsamt) und 2 (Genehmigung Amtsleitung). Wann ist die "
            "Amtsleitung an der Reihe?",
            "Gleiche Nummern laufen parallel; Schritte zur Kenntnis halten den Umlauf nicht auf.",
            right(
                "Sobald die Sachgebietsleitung mitgezeichnet hat.",
                "Richtig: Der Schritt zur Kenntnis blockiert nicht.",
            ),
            wrong(
                "Erst wenn auch das Ordnungsamt die Kenntnisnahme bestätigt hat.",
                "Nein: Schritte zur Kenntnis halten den Umlauf nicht auf.",
            ),
            wrong(
                "Sofort, gleichzeitig mit Schritt 1.",
                "Nein: Höhere Nummern beginnen erst, wenn die früheren entschieden sind.",
            ),
        ),
        single(
            "Sie wollen einen Entwurf an die Absenderin zurückgeben, weil eine Anlage fehlt. "
            "Was brauchen Sie dafür?",
            "Ablehnen und Zurückgeben verlangen einen Kommentar, damit klar ist, was fehlt.",
            right(
                "Einen Kommentar, der sagt, was fehlt.",
                "Richtig: Ohne Kommentar nimmt Rathaus die Rückgabe nicht an.",
            ),
            wrong(
                "Die Zustimmung der Amtsleitung.",
                "Nein: Zurückgeben können Sie selbst.",
            ),
            wrong(
                "Nichts weiter, ein Klick genügt.",
                "Nein: Bei Ablehnen und Zurückgeben ist ein Kommentar Pflicht.",
            ),
        ),
        single(
            "Eine Akte unter „Baugenehmigungen“ (Aufbewahrungsfrist 30 Jahre) wird am 15. "
            "Juni 2026 geschlossen. Wann endet die Aufbewahrungsfrist?",
            "Die Frist läuft ab dem Ende des Jahres, in dem die Akte geschlossen wurde.",
            right("Am 31. Dezember 2056", "Richtig: Ende 2026 plus 30 Jahre."),
            wrong("Am 15. Juni 2056", "Nein: Die Frist beginnt erst am Jahresende."),
            wrong("Am 31. Dezember 2055", "Nein: Das wären nur 29 volle Jahre."),
        ),
        ordering(
            "Bringen Sie die Schritte der Aussonderung in die richtige Reihenfolge.",
            "Anbieten, bewerten, übergeben und quittieren, dann löschen mit Protokoll.",
            ("Die Akten mit abgelaufener Frist dem Archiv anbieten", "Das ist der Anfang."),
            ("Das Archiv bewertet: übernehmen oder vernichten", "Zweiter Schritt."),
            (
                "Übernommene Akten übergeben, das Archiv bestätigt den Empfang",
                "Dritter Schritt.",
            ),
            ("Die Akten endgültig löschen, mit Löschprotokoll", "Das kommt zuletzt."),
        ),
        multiple(
            "Was gilt für einen laufenden Umlauf? (Mehrere Antworten sind richtig.)",
            "Eine Ablehnung oder Rückgabe beendet den Umlauf; wer ihn gestartet hat, kann "
            "ihn zurückziehen; wartende Schritte kündigt Rathaus täglich per E-Mail an.",
            right(
                "Eine Ablehnung beendet den Umlauf.",
                "Richtig: Die Person, die ihn gestartet hat, wird benachrichtigt.",
            ),
            right(
                "Die Person, die ihn gestartet hat, kann ihn zurückziehen.",
                "Richtig, solange er läuft.",
            ),
            right(
                "Wer an der Reihe ist, findet den Schritt im Postkorb.",
                "Richtig, dazu kommt eine tägliche E-Mail.",
            ),
            wrong(
                "Ein Schritt zur Kenntnis muss vor dem nächsten Schritt bestätigt werden.",
                "Nein: Schritte zur Kenntnis halten den Umlauf nicht auf.",
            ),
        ),
    ),
)

COURSE = CourseData(
    slug="e-akte",
    title="Arbeiten mit der E-Akte in Rathaus",
    summary="Wie die E-Akte in Weiterstadt geordnet ist und wie Sie mit ihr arbeiten: Akten "
    "und Vorgänge anlegen, Dokumente und Schreiben ablegen, Mitzeichnung im Umlauf und was "
    "beim Schließen einer Akte mit der Aufbewahrung geschieht. Mit Schritt-für-Schritt-"
    "Anleitungen zu den Bildschirmen der E-Akte.",
    target_roles=(Role.CLERK, Role.UNIT_LEAD),
    estimated_minutes=60,
    lessons=(ORDNUNG, AKTE_UND_VORGANG, DOKUMENTE, UMLAUF_UND_AUFBEWAHRUNG),
)
