"""Demo course: information security and data protection basics, for every member of staff,
renewed every year. The contacts are the demo town's (invented) ones."""

from rathaus.core.accounts.roles import Role

from . import CourseData, LessonData, Step, multiple, ordering, right, single, wrong

IT_SERVICE_PHONE = "06150 000-150"
IT_SERVICE_MAIL = "it-service@weiterstadt.example"
PRIVACY_MAIL = "datenschutz@weiterstadt.example"

PHISHING = LessonData(
    title="Phishing und Social Engineering erkennen",
    body=f"""\
Die meisten erfolgreichen Angriffe auf Verwaltungen beginnen nicht mit Technik, sondern mit
einem Menschen, der getäuscht wird: eine E-Mail, ein Anruf, ein Link. Angreifende wollen
**Zugangsdaten**, **Geld** oder, dass Sie **Schadsoftware** öffnen – etwa eine
Verschlüsselungssoftware, die ganze Verwaltungen wochenlang lahmlegt.

## Woran Sie Phishing erkennen

Achten Sie besonders auf diese Warnzeichen:

- **Druck und Eile**: *„Ihr Konto wird heute um 17 Uhr gesperrt“*, *„Zahlung sofort
  nötig“*.
- **Unerwartete Anhänge** – vor allem Office-Dateien, die Sie auffordern, *Inhalte* oder
  *Makros zu aktivieren*, sowie gepackte Dateien (ZIP).
- **Links, deren Ziel nicht zum Text passt**: Zeigen Sie mit der Maus auf den Link (nicht
  klicken!) und lesen Sie die tatsächliche Adresse. `weiterstadt.example.login-portal.com`
  gehört **nicht** zu `weiterstadt.example` – entscheidend ist, was direkt vor der Endung
  (`.com`, `.de`) steht.
- **Absender, die nicht passen**: Der angezeigte Name lautet *Bürgermeisterin*, die Adresse
  dahinter ist eine Freemail-Adresse.
- **Bitten um Zugangsdaten oder Codes**: Keine seriöse Stelle – auch nicht die IT der Stadt –
  fragt Sie nach Ihrem Passwort oder einem Code aus Ihrer Authenticator-App.
- **Ungewöhnliche Bitten von Vorgesetzten** (*„Ich sitze in einer Besprechung, überweisen
  Sie bitte diskret …“*) – der sogenannte **CEO-Betrug**.

Gute Fälschungen haben keine Rechtschreibfehler mehr. Fehlende Fehler beweisen also nichts.

## Auch am Telefon und auf Papier

**Social Engineering** funktioniert auch ohne E-Mail: Ein Anrufer gibt sich als
*Microsoft-Support* oder als Kollege der IT aus und bittet um Fernzugriff; ein QR-Code auf
einem Schreiben führt auf eine gefälschte Anmeldeseite; ein USB-Stick liegt „zufällig“ auf
dem Parkplatz. Die Regel ist immer dieselbe: **Prüfen über einen zweiten, bekannten Weg.**
Rufen Sie unter der Nummer aus dem Telefonverzeichnis zurück – nie unter der Nummer aus der
Nachricht. Gefundene USB-Sticks stecken Sie nicht ein, sondern geben sie beim IT-Service ab.

## Wenn Sie unsicher sind

- Nichts anklicken, nichts öffnen, nichts antworten.
- Die Nachricht dem **IT-Service** melden: Telefon **{IT_SERVICE_PHONE}** oder
  {IT_SERVICE_MAIL}. Der IT-Service sagt Ihnen, ob Sie die Nachricht weiterleiten sollen.
- Haben Sie schon geklickt oder etwas eingegeben: **sofort** melden (Lektion 4). Niemand
  macht Ihnen einen Vorwurf – gefährlich ist nur das Schweigen.
""",
    questions=(
        multiple(
            "Welche Merkmale deuten auf eine Phishing-E-Mail hin? (Mehrere Antworten sind "
            "richtig.)",
            "Druck, unerwartete Anhänge, Bitten um Zugangsdaten und Links mit fremdem Ziel "
            "sind typische Warnzeichen. Fehlerfreies Deutsch beweist nichts.",
            right(
                "Sie droht mit einer Sperrung noch heute.", "Richtig: Druck ist ein Warnzeichen."
            ),
            right(
                "Sie bittet Sie, ein Office-Dokument zu öffnen und Makros zu aktivieren.",
                "Richtig: So wird häufig Schadsoftware nachgeladen.",
            ),
            right(
                "Sie fragt nach Ihrem Passwort, um „Ihr Postfach zu bestätigen“.",
                "Richtig: Niemand Seriöses fragt nach Ihrem Passwort.",
            ),
            wrong(
                "Sie ist in fehlerfreiem Deutsch geschrieben.",
                "Nein: Gute Fälschungen sind fehlerfrei; das ist kein Zeichen für Echtheit.",
            ),
        ),
        single(
            "Ein Link zeigt beim Darüberfahren die Adresse "
            "https://weiterstadt.example.konto-pruefung.net/login. Zu wem gehört die Seite?",
            "Entscheidend ist der Teil direkt vor der Endung: hier konto-pruefung.net.",
            right(
                "Zum Betreiber von konto-pruefung.net",
                "Richtig: „weiterstadt.example“ ist hier nur ein vorangestellter Teil.",
            ),
            wrong(
                "Zur Stadt Weiterstadt",
                "Nein: Der Name der Stadt steht nur vorne, die Seite gehört konto-pruefung.net.",
            ),
            wrong(
                "Das lässt sich nicht sagen.",
                "Doch: Der Teil vor der Endung (.net) nennt den Inhaber.",
            ),
        ),
        single(
            "Die „Bürgermeisterin“ schreibt Ihnen von einer Freemail-Adresse, Sie sollen "
            "diskret eine eilige Zahlung anweisen. Was tun Sie?",
            "Ungewöhnliche Bitten prüfen Sie über einen zweiten, bekannten Weg – etwa einen "
            "Rückruf unter der Nummer aus dem Telefonverzeichnis.",
            right(
                "Über die bekannte Durchwahl aus dem Telefonverzeichnis nachfragen und den "
                "IT-Service informieren.",
                "Richtig: So fällt der CEO-Betrug auf.",
            ),
            wrong(
                "Die Zahlung anweisen, die Bürgermeisterin hat es ja eilig.",
                "Nein: Genau auf diesen Druck setzt der Betrug.",
            ),
            wrong(
                "Auf die E-Mail antworten und um Bestätigung bitten.",
                "Nein: Die Antwort geht an die Betrüger, die gern bestätigen.",
            ),
        ),
        single(
            "Ein Anrufer stellt sich als IT-Support vor und bittet um den Code aus Ihrer "
            "Authenticator-App, um „ein Problem zu beheben“. Was tun Sie?",
            "Weder die IT noch sonst jemand fragt nach Codes oder Passwörtern. Legen Sie auf "
            "und melden Sie den Anruf.",
            right(
                "Den Code nicht nennen, auflegen und den Anruf dem IT-Service melden.",
                "Richtig.",
            ),
            wrong(
                "Den Code nennen – er gilt ja nur 30 Sekunden.",
                "Nein: 30 Sekunden genügen, um sich mit Ihrem Konto anzumelden.",
            ),
            wrong(
                "Den Code per E-Mail schicken statt am Telefon.",
                "Nein: Codes geben Sie niemandem weiter, auf keinem Weg.",
            ),
        ),
        single(
            "Auf dem Parkplatz finden Sie einen USB-Stick mit der Aufschrift „Gehälter 2026“. "
            "Was tun Sie?",
            "Fremde Datenträger können Schadsoftware enthalten; geben Sie sie ungeöffnet beim "
            "IT-Service ab.",
            right(
                "Ungeöffnet beim IT-Service abgeben.",
                "Richtig: Der IT-Service prüft ihn gefahrlos.",
            ),
            wrong(
                "Am Dienstrechner nachsehen, wem er gehört.",
                "Nein: Schon das Einstecken kann Schadsoftware starten.",
            ),
            wrong(
                "Am privaten Rechner nachsehen.",
                "Nein: Auch dort ist es gefährlich – und es wären womöglich fremde Daten.",
            ),
        ),
    ),
)

ANMELDUNG = LessonData(
    title="Passwörter und der zweite Faktor",
    body=f"""\
Ihr Konto in Rathaus öffnet Akten, Anträge und Bescheide mit den Daten vieler Menschen. Es
ist durch **zwei Faktoren** geschützt: etwas, das Sie **wissen** (Ihr Passwort), und etwas,
das Sie **besitzen** (Ihr Smartphone mit der Authenticator-App). Wer nur eines von beiden
erbeutet, kommt nicht hinein.

## Ein gutes Passwort

Rathaus verlangt mindestens **zehn Zeichen** und lehnt häufig verwendete Passwörter ab.
Besser ist mehr:

- **Länge schlägt Komplexität.** Eine Folge aus mehreren zufälligen Wörtern – eine
  **Passphrase** wie *Kastanie Schneebesen Funkturm Lakritz* – ist lang, schwer zu erraten
  und leicht zu merken. Das BSI hält auch kürzere Passwörter für sicher, wenn sie alle vier
  Zeichenarten (Groß- und Kleinbuchstaben, Ziffern, Sonderzeichen) mischen.
- **Nichts Persönliches**: keine Namen, Geburtstage, Kfz-Kennzeichen, keine Tastaturmuster
  wie *qwertz123*.
- **Für jeden Dienst ein eigenes Passwort.** Ihr Rathaus-Passwort verwenden Sie nirgends
  sonst – nicht im Online-Shop, nicht im privaten E-Mail-Postfach. Wird dort ein Passwort
  gestohlen, probieren Angreifende es überall aus.
- Viele Passwörter verwaltet ein **Passwortmanager** sicherer als Ihr Gedächtnis – nutzen
  Sie dienstlich nur den, den der IT-Service freigegeben hat.
- **Wechseln Sie Ihr Passwort, wenn es jemand kennen könnte** – sofort und ohne zu
  zögern. Einen Wechsel in festen Abständen ohne Anlass empfiehlt das BSI nicht mehr; er
  führt oft nur zu schwächeren Passwörtern.

Ein Passwort gehört nur Ihnen: nicht aufschreiben und unter die Tastatur legen, nicht der
Vertretung geben, nicht am Telefon nennen. Für Vertretungen gibt es in Rathaus Zuweisungen,
Freigaben und Abgaben.

## Der zweite Faktor in Rathaus

Beim Anmelden fragt Rathaus nach dem Passwort einen **sechsstelligen Code** aus Ihrer
Authenticator-App. Der Code wechselt alle 30 Sekunden. Dazu erhalten Sie bei der
Einrichtung **zehn Wiederherstellungscodes**; jeder gilt **nur einmal**.

- Bewahren Sie die Wiederherstellungscodes **getrennt vom Smartphone** auf, z. B. ausgedruckt
  in einem verschlossenen Fach.
- **Smartphone verloren oder gewechselt?** Melden Sie sich mit einem
  Wiederherstellungscode an und richten Sie unter **Mein zweiter Faktor** eine neue
  Authenticator-App ein. Dort erhalten Sie auch neue Wiederherstellungscodes. Ist das
  Smartphone verloren oder gestohlen, informieren Sie außerdem den IT-Service
  ({IT_SERVICE_PHONE}).
- Geben Sie einen Code **nur auf der Anmeldeseite von Rathaus** ein, nie auf einer Seite,
  zu der Sie ein Link geführt hat, und nie am Telefon. Ein Code, den Sie auf einer
  gefälschten Seite eingeben, kann in derselben halben Minute missbraucht werden: Der
  zweite Faktor macht Phishing schwerer, aber nicht harmlos.

## Am Arbeitsplatz

Sperren Sie den Bildschirm, sobald Sie den Platz verlassen (unter Windows **Windows-Taste +
L**), auch für „nur zwei Minuten“. Melden Sie sich an fremden oder gemeinsam genutzten
Geräten nach der Arbeit ab.
""",
    steps=(
        Step(
            "„Mein zweiter Faktor“ öffnen",
            "Wählen Sie auf der Startseite des Mitarbeiterbereichs die Kachel „Mein zweiter "
            "Faktor“.",
            "/staff/",
        ),
        Step(
            "Wiederherstellungscodes prüfen",
            "Sehen Sie nach, wie viele Wiederherstellungscodes Ihnen noch bleiben. Sind es "
            "wenige, erzeugen Sie neue und bewahren Sie sie getrennt vom Smartphone auf.",
        ),
        Step(
            "Neue Authenticator-App einrichten (bei Gerätewechsel)",
            "Wählen Sie die Einrichtung einer neuen Authenticator-App, scannen Sie den "
            "angezeigten QR-Code mit der App auf dem neuen Gerät und bestätigen Sie mit dem "
            "ersten Code.",
        ),
    ),
    questions=(
        single(
            "Welches Passwort ist am sichersten?",
            "Länge schlägt Komplexität: Eine lange Folge zufälliger Wörter ist schwer zu "
            "erraten und leicht zu merken.",
            right(
                "Kastanie Schneebesen Funkturm Lakritz",
                "Richtig: lang, zufällig, ohne persönlichen Bezug.",
            ),
            wrong(
                "Weiterstadt2026!",
                "Nein: Ortsname und Jahreszahl werden als Erstes probiert.",
            ),
            wrong(
                "Qwertz123456",
                "Nein: ein Tastaturmuster mit Zahlenfolge.",
            ),
        ),
        single(
            "Wann sollten Sie Ihr Passwort ändern?",
            "Sofort, wenn es jemand kennen könnte. Einen Wechsel in festen Abständen ohne "
            "Anlass empfiehlt das BSI nicht mehr.",
            right(
                "Sofort, wenn der Verdacht besteht, dass es jemand kennt.",
                "Richtig.",
            ),
            wrong(
                "Jeden Monat, egal ob es einen Anlass gibt.",
                "Nein: Ohne Anlass bringt das wenig und führt oft zu schwächeren Passwörtern.",
            ),
            wrong(
                "Nie, solange ich den zweiten Faktor habe.",
                "Nein: Bei Verdacht wird es sofort geändert.",
            ),
        ),
        multiple(
            "Was gilt für die Wiederherstellungscodes von Rathaus? (Mehrere Antworten sind "
            "richtig.)",
            "Sie erhalten zehn Codes, jeder gilt einmal; bewahren Sie sie getrennt vom "
            "Smartphone auf.",
            right("Jeder Code gilt nur einmal.", "Richtig."),
            right(
                "Sie gehören getrennt vom Smartphone aufbewahrt.",
                "Richtig: Sonst sind sie mit dem Smartphone zusammen verloren.",
            ),
            right(
                "Mit einem Code kann ich mich anmelden, wenn das Smartphone fehlt.",
                "Richtig: Danach richten Sie eine neue Authenticator-App ein.",
            ),
            wrong(
                "Ich gebe sie meiner Vertretung, damit sie in meinem Namen arbeiten kann.",
                "Nein: Codes und Passwörter sind persönlich.",
            ),
        ),
        single(
            "Sie sind zwei Wochen im Urlaub. Wie kommt Ihre Vertretung an Ihre Anträge?",
            "Zugangsdaten werden nie weitergegeben; Vertretungen arbeiten mit ihrem eigenen "
            "Konto über Zuweisungen, Freigaben oder Abgaben.",
            right(
                "Sie werden ihr zugewiesen oder abgegeben; sie arbeitet mit ihrem eigenen Konto.",
                "Richtig.",
            ),
            wrong(
                "Ich gebe ihr mein Passwort und einen Wiederherstellungscode.",
                "Nein, niemals: Alles geschähe dann in Ihrem Namen.",
            ),
            wrong(
                "Ich bleibe angemeldet und lasse den Rechner an.",
                "Nein: Ein offener Rechner ist für jede Person im Raum zugänglich.",
            ),
        ),
        single(
            "Sie haben auf einer Seite, zu der ein E-Mail-Link führte, Passwort und Code "
            "eingegeben. Dann fällt Ihnen auf: Die Adresse war falsch. Ist das harmlos, weil "
            "der Code nach 30 Sekunden verfällt?",
            "Ein Code kann in derselben halben Minute missbraucht werden, und das Passwort "
            "ist verraten. Ändern Sie das Passwort sofort und melden Sie den Vorfall.",
            right(
                "Nein: Passwort sofort ändern und den Vorfall sofort dem IT-Service melden.",
                "Richtig.",
            ),
            wrong(
                "Ja, der Code ist ja abgelaufen.",
                "Nein: Er kann sofort benutzt worden sein, und das Passwort ist bekannt.",
            ),
            wrong(
                "Nur das Passwort ändern, eine Meldung ist nicht nötig.",
                "Nein: Der IT-Service muss prüfen, ob sich jemand angemeldet hat.",
            ),
        ),
    ),
)

DATENSCHUTZ = LessonData(
    title="Personenbezogene Daten schützen: Grundsätze der DSGVO",
    body=f"""\
Eine Stadtverwaltung verarbeitet täglich Daten über Menschen: Meldedaten, Anträge,
Bescheide, Beschwerden. Die **Datenschutz-Grundverordnung (DSGVO)** und das **Hessische
Datenschutz- und Informationsfreiheitsgesetz (HDSIG)** regeln, was wir damit tun dürfen.

## Was personenbezogene Daten sind

**Alle Informationen über eine bestimmte oder bestimmbare Person** (Art. 4 Nr. 1 DSGVO):
Name, Anschrift, Geburtsdatum, Kfz-Kennzeichen, Steuernummer, ein Foto, die Notiz *„Frau
aus der Gartenstraße mit dem Hund“*. Besonders geschützt sind **besondere Kategorien**
(Art. 9 DSGVO), etwa Gesundheitsdaten, Religion, politische Meinung oder
Gewerkschaftszugehörigkeit.

## Die Grundsätze (Art. 5 DSGVO)

- **Rechtmäßigkeit**: Wir brauchen eine Rechtsgrundlage. In der Verwaltung ist das meist
  eine gesetzliche Aufgabe, nicht eine Einwilligung.
- **Zweckbindung**: Daten, die für einen Zweck erhoben wurden (der Bewohnerparkausweis),
  werden nicht einfach für einen anderen genutzt (ein Schreiben des Bürgermeisterbüros zum
  Geburtstag).
- **Datenminimierung**: nur so viele Daten wie für den Zweck nötig. Was Sie nicht brauchen,
  fragen Sie nicht ab und heben es nicht auf.
- **Richtigkeit**: Falsche Daten werden berichtigt.
- **Speicherbegrenzung**: Daten werden gelöscht, wenn sie nicht mehr gebraucht werden – in
  der E-Akte geschieht das über Aufbewahrungsfristen und Aussonderung.
- **Integrität und Vertraulichkeit**: Schutz vor unbefugtem Zugriff und Verlust.
- **Rechenschaftspflicht**: Die Stadt muss nachweisen können, dass sie all das einhält.

## Im Arbeitsalltag

- **Nur wer es braucht, sieht es.** Suchen Sie in Rathaus nicht „aus Neugier“ nach
  Nachbarn, Bekannten oder Prominenten. Der Zugriff auf Akten mit personenbezogenen Daten
  wird im Prüfprotokoll festgehalten.
- **Richtige Empfänger**: Prüfen Sie vor dem Senden Adresse und Anhang. Eine E-Mail an
  viele Außenstehende geht in **BCC**, nicht in CC.
- **Keine dienstlichen Daten auf privaten Geräten** oder in privaten Cloud-Diensten.
- **Papier**: Ausdrucke mit Personendaten nicht liegen lassen; Entsorgung in die
  Datenschutztonne, nicht ins Altpapier.
- **Auskünfte am Telefon** nur, wenn Sie sicher sind, mit wem Sie sprechen.

## Die Rechte der Betroffenen

Jede Person hat unter anderem das Recht auf **Auskunft** (Art. 15 DSGVO): ob und welche
Daten die Stadt über sie verarbeitet, zu welchem Zweck, woher sie stammen, an wen sie
gehen und wie lange sie gespeichert werden; dazu eine **kostenlose Kopie**. Die Antwort ist
**unverzüglich, spätestens innerhalb eines Monats** zu geben (Art. 12 Abs. 3 DSGVO); nur bei
komplexen Anfragen kann die Frist um zwei Monate verlängert werden, was der Person
innerhalb des ersten Monats mitzuteilen ist. Weitere Rechte sind Berichtigung, Löschung,
Einschränkung und Widerspruch.

**Was Sie tun:** Erreicht Sie ein Auskunfts- oder Löschersuchen, nehmen Sie es ernst, auch
wenn es formlos kommt (*„Was haben Sie eigentlich über mich gespeichert?“*). Leiten Sie es
**am selben Tag** an die Datenschutzbeauftragte weiter ({PRIVACY_MAIL}); die Frist läuft ab
Eingang bei der Stadt, nicht ab Eingang bei Ihnen.
""",
    questions=(
        multiple(
            "Welche dieser Angaben sind personenbezogene Daten? (Mehrere Antworten sind richtig.)",
            "Personenbezogen ist jede Information über eine bestimmte oder bestimmbare "
            "Person – auch ein Kennzeichen oder eine Umschreibung, die auf jemanden schließen "
            "lässt.",
            right(
                "Das Kfz-Kennzeichen eines Antragstellers",
                "Richtig: Es führt zur Halterin oder zum Halter.",
            ),
            right(
                "„Der Herr aus der Gartenstraße 3, der sich immer beschwert“",
                "Richtig: Die Person ist bestimmbar.",
            ),
            right("Eine Krankmeldung", "Richtig – sogar eine besondere Kategorie (Gesundheit)."),
            wrong(
                "Die Zahl der Anträge auf Bewohnerparkausweise im März",
                "Nein: Eine Summe ohne Bezug zu einzelnen Personen ist nicht personenbezogen.",
            ),
        ),
        single(
            "Das Bürgermeisterbüro möchte den Antragstellern von Bewohnerparkausweisen eine "
            "Einladung zum Stadtfest schicken und bittet Sie um die Adressliste. Welcher "
            "Grundsatz steht dem entgegen?",
            "Die Adressen wurden für den Parkausweis erhoben; eine Nutzung für Einladungen "
            "wäre ein anderer Zweck.",
            right(
                "Zweckbindung",
                "Richtig: Die Daten dürfen nicht einfach für einen anderen Zweck genutzt werden.",
            ),
            wrong(
                "Richtigkeit",
                "Nein: Die Adressen sind ja richtig; es geht um den Zweck.",
            ),
            wrong(
                "Keiner, es sind ja Daten der Stadt.",
                "Nein: Daten „gehören“ nicht der Stadt; sie sind an ihren Zweck gebunden.",
            ),
        ),
        single(
            "Ein Bürger fragt am Schalter: „Was haben Sie alles über mich gespeichert?“ Was "
            "tun Sie?",
            "Das ist ein Auskunftsersuchen nach Art. 15 DSGVO, auch wenn es formlos ist. Die "
            "Monatsfrist läuft ab Eingang bei der Stadt; leiten Sie es sofort weiter.",
            right(
                "Das Anliegen aufnehmen und noch am selben Tag an die Datenschutzbeauftragte "
                "weiterleiten.",
                "Richtig: Die Frist läuft schon.",
            ),
            wrong(
                "Ihn auf einen schriftlichen Antrag mit Unterschrift verweisen.",
                "Nein: Eine bestimmte Form ist nicht vorgeschrieben.",
            ),
            wrong(
                "Ihm sofort alle Akten auf dem Bildschirm zeigen.",
                "Nein: Erst muss die Identität geklärt und die Auskunft vollständig "
                "zusammengestellt werden.",
            ),
        ),
        single(
            "Bis wann muss die Stadt ein Auskunftsersuchen in der Regel beantworten?",
            "Unverzüglich, spätestens innerhalb eines Monats; bei komplexen Anfragen ist eine "
            "Verlängerung um zwei Monate möglich, die innerhalb des ersten Monats mitzuteilen "
            "ist.",
            right(
                "Unverzüglich, spätestens innerhalb eines Monats", "Richtig (Art. 12 Abs. 3 DSGVO)."
            ),
            wrong(
                "Innerhalb von drei Monaten",
                "Nein: Das ist nur mit begründeter Verlängerung möglich.",
            ),
            wrong("Innerhalb eines Jahres", "Nein: viel zu lang."),
        ),
        multiple(
            "Welches Verhalten schützt personenbezogene Daten im Alltag? (Mehrere Antworten "
            "sind richtig.)",
            "Bildschirm sperren, Außenstehende in BCC, Ausdrucke in die Datenschutztonne – "
            "und nie aus Neugier nachsehen.",
            right("Den Bildschirm sperren, wenn ich den Platz verlasse", "Richtig."),
            right(
                "Eine E-Mail an viele Außenstehende in BCC verschicken",
                "Richtig: So sieht niemand die Adressen der anderen.",
            ),
            right("Ausdrucke mit Personendaten in die Datenschutztonne werfen", "Richtig."),
            wrong(
                "Nachsehen, was über die neuen Nachbarn gespeichert ist",
                "Nein: Zugriff nur, wenn die Aufgabe es erfordert – und er wird protokolliert.",
            ),
        ),
    ),
)

VORFALL = LessonData(
    title="Sicherheitsvorfälle und Datenpannen melden",
    body=f"""\
Ein Klick auf einen falschen Link, ein verlorenes Diensthandy, eine E-Mail mit Bescheid an
die falsche Adresse: Vorfälle passieren. Entscheidend ist, **wie schnell** sie gemeldet
werden. Je früher der IT-Service und die Datenschutzbeauftragte Bescheid wissen, desto
kleiner bleibt der Schaden.

## Was ein Vorfall ist

Melden Sie **lieber einmal zu viel als einmal zu wenig**, zum Beispiel:

- Sie haben auf einen verdächtigen Link geklickt, einen Anhang geöffnet oder Zugangsdaten
  eingegeben.
- Ihr Rechner verhält sich ungewöhnlich: Dateien lassen sich nicht öffnen oder haben neue
  Endungen, es erscheint eine Lösegeldforderung, Programme starten von selbst.
- Ein Diensthandy, ein Notebook, ein USB-Stick oder Akten sind verloren oder gestohlen.
- Personenbezogene Daten sind an die falschen Empfänger gegangen oder für Unbefugte
  sichtbar gewesen (**Datenpanne**).
- Jemand Unbekanntes hält sich in Büros oder im Serverraum auf.

## Wen Sie anrufen

- **IT-Service** (zugleich Meldestelle für IT-Sicherheitsvorfälle): Telefon
  **{IT_SERVICE_PHONE}**, {IT_SERVICE_MAIL}. Außerhalb der Dienstzeit gilt die
  Rufbereitschaft, die der IT-Service bekannt gibt.
- Bei Datenpannen zusätzlich die **Datenschutzbeauftragte** Petra Schneider:
  {PRIVACY_MAIL}.
- Ihre **Vorgesetzte** oder Ihren **Vorgesetzten** informieren Sie, sobald die Meldung
  heraus ist.

Rufen Sie an, statt nur eine E-Mail zu schreiben: Bei Schadsoftware kann das E-Mail-System
selbst betroffen sein.

## Was Sie sofort tun – und was nicht

1. **Ruhe bewahren und melden.**
2. **Die Arbeit an dem betroffenen Gerät einstellen.** Schalten Sie es nicht eigenmächtig
   aus und löschen Sie nichts – Spuren helfen bei der Aufklärung.
3. **Gegenmaßnahmen nur nach Anweisung** des IT-Service. Ausnahme: Haben Sie Ihr Passwort
   auf einer gefälschten Seite eingegeben, ändern Sie es sofort.
4. **Beobachtungen aufschreiben.**

## Was Sie aufschreiben

- **Wer** meldet (Name, Organisationseinheit, Telefon)?
- **Was** ist passiert, was haben Sie beobachtet? (Meldungen auf dem Bildschirm
  abfotografieren.)
- **Wann** ist es passiert oder aufgefallen?
- **Welches Gerät oder System** ist betroffen, **wo** steht es (Gebäude, Raum,
  Arbeitsplatz)?
- **Was haben Sie getan** – geklickt, eingegeben, weitergeleitet?
- Bei Datenpannen: **Welche Daten** welcher Personen, **an wen**, wie viele?

## Warum Eile geboten ist

Eine Verletzung des Schutzes personenbezogener Daten muss die Stadt in der Regel
**binnen 72 Stunden**, nachdem sie ihr bekannt geworden ist, der Aufsichtsbehörde melden –
in Hessen dem **Hessischen Beauftragten für Datenschutz und Informationsfreiheit** (Art. 33
DSGVO). Bei hohem Risiko sind auch die Betroffenen zu benachrichtigen (Art. 34 DSGVO).
Diese Meldung macht nicht jede und jeder einzelne, sondern die Stadt über die
Datenschutzbeauftragte – aber die Frist beginnt, sobald **irgendjemand in der Stadt**
davon weiß. Darum: sofort intern melden.

Das Merkblatt zu dieser Lektion fasst Nummern und Fragen auf einer Seite zusammen: Hängen
Sie es an Ihren Arbeitsplatz.
""",
    steps=(
        Step(
            "Anrufen",
            f"Rufen Sie den IT-Service unter {IT_SERVICE_PHONE} an. Sagen Sie als Erstes, "
            "dass Sie einen Sicherheitsvorfall melden.",
        ),
        Step(
            "Arbeit einstellen",
            "Arbeiten Sie an dem betroffenen Gerät nicht weiter, schalten Sie es aber nicht "
            "eigenmächtig aus. Warten Sie auf Anweisungen.",
        ),
        Step(
            "Aufschreiben",
            "Notieren Sie wer, was, wann, welches Gerät, wo und was Sie getan haben. "
            "Fotografieren Sie Meldungen auf dem Bildschirm ab.",
        ),
        Step(
            "Datenschutz einbinden",
            f"Sind personenbezogene Daten betroffen, informieren Sie zusätzlich die "
            f"Datenschutzbeauftragte ({PRIVACY_MAIL}).",
        ),
    ),
    questions=(
        ordering(
            "Ihr Bildschirm zeigt plötzlich eine Lösegeldforderung. Bringen Sie Ihre "
            "Schritte in die richtige Reihenfolge.",
            "Ruhe bewahren und melden, die Arbeit einstellen, Beobachtungen aufschreiben, "
            "Gegenmaßnahmen nur nach Anweisung.",
            ("Ruhe bewahren und den IT-Service anrufen", "Zuerst: Melden hat Vorrang."),
            ("Die Arbeit am Gerät einstellen, ohne es auszuschalten", "Zweiter Schritt."),
            ("Beobachtungen aufschreiben und die Meldung abfotografieren", "Dritter Schritt."),
            ("Weitere Schritte nur nach Anweisung des IT-Service", "Zum Schluss."),
        ),
        multiple(
            "Was gehört in Ihre Meldung? (Mehrere Antworten sind richtig.)",
            "Wer meldet, was passiert ist, wann, welches Gerät wo betroffen ist und was Sie "
            "getan haben.",
            right("Wann es passiert oder aufgefallen ist", "Richtig."),
            right("Welches Gerät betroffen ist und wo es steht", "Richtig."),
            right(
                "Was ich geklickt, geöffnet oder eingegeben habe",
                "Richtig: ehrlich und vollständig.",
            ),
            wrong(
                "Eine Einschätzung, wer schuld ist",
                "Nein: Es geht um Aufklärung, nicht um Schuld.",
            ),
        ),
        single(
            "Ein Bescheid mit Gesundheitsdaten ging per E-Mail an eine falsche Adresse. Wen "
            "informieren Sie?",
            "Eine Datenpanne melden Sie sofort dem IT-Service und der "
            "Datenschutzbeauftragten; sie prüft die Meldung an die Aufsichtsbehörde.",
            right(
                "Sofort den IT-Service und die Datenschutzbeauftragte.",
                "Richtig: Die 72-Stunden-Frist läuft schon.",
            ),
            wrong(
                "Niemanden, wenn ich die falsche Empfängerin bitte, die E-Mail zu löschen.",
                "Nein: Die Bitte ist gut, ersetzt aber die Meldung nicht.",
            ),
            wrong(
                "Direkt die Aufsichtsbehörde, ohne jemanden im Haus.",
                "Nein: Die Meldung macht die Stadt über die Datenschutzbeauftragte.",
            ),
        ),
        single(
            "Innerhalb welcher Frist muss die Stadt eine meldepflichtige Datenpanne der "
            "Aufsichtsbehörde melden?",
            "In der Regel binnen 72 Stunden, nachdem sie bekannt geworden ist (Art. 33 DSGVO).",
            right("Binnen 72 Stunden, nachdem sie bekannt geworden ist", "Richtig."),
            wrong("Binnen eines Monats", "Nein: Das ist die Frist für Auskunftsersuchen."),
            wrong(
                "Erst wenn ein Schaden feststeht", "Nein: Die Frist beginnt mit dem Bekanntwerden."
            ),
        ),
        single(
            "Sie haben versehentlich einen Anhang aus einer verdächtigen E-Mail geöffnet. Es "
            "ist scheinbar nichts passiert. Was tun Sie?",
            "Auch wenn nichts zu sehen ist, kann Schadsoftware laufen. Melden Sie es sofort; "
            "niemand macht Ihnen einen Vorwurf.",
            right(
                "Sofort den IT-Service anrufen und die Arbeit am Gerät einstellen.",
                "Richtig: Schadsoftware arbeitet oft unsichtbar.",
            ),
            wrong(
                "Nichts, es ist ja nichts passiert.",
                "Nein: Schadsoftware zeigt sich oft erst Tage später.",
            ),
            wrong(
                "Den Rechner ausschalten und morgen neu starten.",
                "Nein: Melden Sie zuerst; ausschalten nur nach Anweisung.",
            ),
        ),
    ),
)

COURSE = CourseData(
    slug="informationssicherheit-datenschutz",
    title="Informationssicherheit und Datenschutz – Grundlagen",
    summary="Die jährliche Pflichtschulung für alle Beschäftigten: Phishing erkennen, sichere "
    "Passwörter und der zweite Faktor in Rathaus, die Grundsätze der DSGVO im Arbeitsalltag "
    "und was bei einem Sicherheitsvorfall oder einer Datenpanne zu tun ist.",
    target_roles=tuple(role for role in Role if role != Role.PROVIDER_ADMINISTRATOR),
    estimated_minutes=45,
    validity_months=12,
    lessons=(PHISHING, ANMELDUNG, DATENSCHUTZ, VORFALL),
)
