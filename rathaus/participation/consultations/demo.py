"""The demo town's document consultation: the draft bylaw on the use of the Marktplatz,
five sections, and a few comments of demo citizens."""

from rathaus.core.registries import register_demo_data

from .models import Draft, Section

PROCESS_SLUG = "neugestaltung-marktplatz"
TITLE = "Satzung über die Benutzung des Marktplatzes"
SECTIONS = [
    (
        "§ 1",
        "Geltungsbereich",
        "Diese Satzung gilt für den Marktplatz der Stadt Weiterstadt einschließlich der "
        "angrenzenden Gehwege, wie er im anliegenden Lageplan dargestellt ist.",
    ),
    (
        "§ 2",
        "Gemeingebrauch",
        "(1) Der Marktplatz steht allen zum Aufenthalt, zur Erholung und zur Begegnung offen.\n"
        "(2) Radfahren ist im Schritttempo erlaubt, außer während des Wochenmarkts.",
    ),
    (
        "§ 3",
        "Wochenmarkt und Veranstaltungen",
        "(1) Der Wochenmarkt findet dienstags und freitags von 7 bis 13 Uhr statt.\n"
        "(2) Veranstaltungen bedürfen der Erlaubnis der Stadt; sie sind spätestens vier "
        "Wochen vorher zu beantragen.",
    ),
    (
        "§ 4",
        "Ruhezeiten",
        "Von 22 bis 6 Uhr ist jeder Lärm zu vermeiden, der die Nachtruhe der Anwohnerinnen "
        "und Anwohner stört. Ausnahmen kann die Stadt für einzelne Feste zulassen.",
    ),
    (
        "§ 5",
        "Ordnungswidrigkeiten und Inkrafttreten",
        "(1) Ordnungswidrig handelt, wer vorsätzlich oder fahrlässig gegen § 3 Abs. 2 "
        "verstößt.\n(2) Diese Satzung tritt am Tag nach ihrer Bekanntmachung in Kraft.",
    ),
]
COMMENTS = [
    (
        "§ 2",
        "erika.mustermann@example.org",
        True,
        "Bitte auch Lastenräder ausdrücklich erlauben, viele Familien kaufen so ein.",
    ),
    (
        "§ 3",
        "hans.beispiel@example.org",
        True,
        "Als Marktbeschicker wünsche ich mir Aufbau ab 6 Uhr, sonst wird es knapp.",
    ),
    (
        "§ 4",
        "fatma.demir@example.org",
        False,
        "Am Wochenende wäre 23 Uhr als Beginn der Nachtruhe angemessener.",
    ),
    ("§ 4", "erika.mustermann@example.org", False, "Ich wohne am Platz: 22 Uhr bitte beibehalten."),
]


@register_demo_data(key="consultations", order=61)
def load(*, units, people) -> int:
    from rathaus.participation.engagement.models import Comment
    from rathaus.participation.engagement.querysets import target_filter
    from rathaus.participation.models import Process

    process = Process.objects.filter(slug=PROCESS_SLUG).first()
    if process is None or Draft.objects.filter(process=process, title=TITLE).exists():
        return 0
    draft = Draft.objects.create(
        process=process,
        title=TITLE,
        kind=Draft.Kind.BYLAW,
        introduction=(
            "Der Entwurf regelt, wie der neu gestaltete Marktplatz genutzt werden darf. "
            "Sagen Sie uns zu jedem Paragrafen Ihre Meinung; die Stadtverordnetenversammlung "
            "erhält einen Bericht über alle Kommentare."
        ),
        is_published=True,
    )
    sections = {}
    for position, (number, heading, text) in enumerate(SECTIONS, start=1):
        sections[number] = Section.objects.create(
            draft=draft, position=position, number=number, heading=heading, text=text
        )
    created = 1 + len(sections)
    for number, email, show_name, text in COMMENTS:
        author = people.get(email)
        if author is None:
            continue
        # Made directly: the consultation phase may not be running when the demo loads.
        Comment.objects.create(
            **target_filter(sections[number]), author=author, show_name=show_name, text=text
        )
        created += 1
    return created
