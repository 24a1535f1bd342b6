"""The demo town's participatory budget: 250,000 € for the Marktplatz, six projects and a
few cast ballots of the demo citizens."""

from django.utils import timezone

from rathaus.core.registries import register_demo_data

from .models import Ballot, BallotItem, Budget, Project

PROCESS_SLUG = "neugestaltung-marktplatz"
TITLE = "Bürgerhaushalt Marktplatz 2026"
PROJECTS = [
    (
        "Trinkbrunnen",
        "Ein barrierefreier Trinkwasserbrunnen mit Wasserhahn für Flaschen und einer "
        "niedrigen Schale für Hunde, an der Ecke zur Darmstädter Straße.",
        3_800_000,
        "Nordostecke des Marktplatzes",
    ),
    (
        "Sitzbänke mit Schatten",
        "Zehn Bänke mit Rückenlehne und Armlehnen, unter vier neuen Amberbäumen, die im "
        "Sommer Schatten geben.",
        6_500_000,
        "Westseite des Marktplatzes",
    ),
    (
        "Fahrradbügel",
        "Vierzig Anlehnbügel für Fahrräder, davon vier für Lastenräder, nahe dem Rathaus.",
        1_800_000,
        "Vor dem Rathaus",
    ),
    (
        "Spielgeräte",
        "Ein Wasserspiel und Balancierelemente für Kinder von drei bis zehn Jahren, auf "
        "Fallschutzbelag.",
        9_000_000,
        "Südseite des Marktplatzes",
    ),
    (
        "Beleuchtung",
        "Sparsame LED-Leuchten mit warmem Licht für den ganzen Platz, nachts gedimmt und "
        "insektenfreundlich.",
        7_200_000,
        "Ganzer Marktplatz",
    ),
    (
        "Wochenmarkt-Stromanschlüsse",
        "Sechs versenkbare Stromsäulen für die Stände des Wochenmarkts und für Feste, "
        "statt Aggregaten.",
        4_500_000,
        "Mitte des Marktplatzes",
    ),
]
# Each demo citizen's choice (titles), all within the total.
BALLOTS = {
    "erika.mustermann@example.org": ["Trinkbrunnen", "Sitzbänke mit Schatten", "Spielgeräte"],
    "hans.beispiel@example.org": ["Wochenmarkt-Stromanschlüsse", "Beleuchtung", "Fahrradbügel"],
    "fatma.demir@example.org": ["Spielgeräte", "Sitzbänke mit Schatten", "Fahrradbügel"],
}


@register_demo_data(key="budgets", order=60)
def load(*, units, people) -> int:
    from rathaus.participation.models import Process

    process = Process.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return 0
    if Budget.objects.filter(process=process, title=TITLE).exists():
        return 0
    budget = Budget.objects.create(
        process=process,
        title=TITLE,
        description=(
            "Die Stadt stellt 250.000 € für die Neugestaltung des Marktplatzes bereit. "
            "Wählen Sie die Projekte aus, die umgesetzt werden sollen: zusammen dürfen sie "
            "höchstens 250.000 € kosten."
        ),
        total_cents=25_000_000,
        is_published=True,
    )
    projects = {}
    for position, (title, description, cost, location) in enumerate(PROJECTS, start=1):
        projects[title] = Project.objects.create(
            budget=budget,
            title=title,
            description=description,
            cost_cents=cost,
            location=location,
            position=position,
        )
    created = 1 + len(projects)
    for email, titles in BALLOTS.items():
        user = people.get(email)
        if user is None:
            continue
        ballot = Ballot.objects.create(budget=budget, user=user, checked_out_at=timezone.now())
        BallotItem.objects.bulk_create(
            [BallotItem(ballot=ballot, project=projects[title]) for title in titles]
        )
        created += 1
    return created
