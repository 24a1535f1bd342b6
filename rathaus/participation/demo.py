"""The demo town's running process "Neugestaltung Marktplatz": phases around today
(information behind us, proposals with comments and support now, then the vote on the
participatory budget with a survey, results and implementation), proposals of the demo
citizens with supports and comments, one accepted with its milestones and one rejected.

``seed_proposals`` fills a process with many proposals at once for the benchmark.
"""

import datetime
import itertools
import random
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from rathaus.core.registries import register_demo_data

from .models import RANDOM_PRIME, Feature, Phase, Process, Proposal

PROCESS_SLUG = "neugestaltung-marktplatz"
MANAGER = "nina.berg@weiterstadt.example"
CITIZENS = [
    ("erika.mustermann@example.org", "Erika", "Mustermann"),
    ("hans.beispiel@example.org", "Hans", "Beispiel"),
    ("fatma.demir@example.org", "Fatma", "Demir"),
    ("jonas.keller@example.org", "Jonas", "Keller"),
    ("aylin.kaya@example.org", "Aylin", "Kaya"),
    ("peter.wagner@example.org", "Peter", "Wagner"),
]

PROCESS = {
    "slug": PROCESS_SLUG,
    "title": "Neugestaltung Marktplatz",
    "summary": "Der Marktplatz wird neu gestaltet. Bringen Sie Ihre Ideen ein, diskutieren "
    "Sie mit und entscheiden Sie über den Bürgerhaushalt mit.",
    "description": "Der Marktplatz ist das Herz von Weiterstadt: Wochenmarkt, Feste und "
    "Begegnungen finden hier statt. Nach über dreißig Jahren müssen Pflaster, Entwässerung "
    "und Beleuchtung erneuert werden. Die Stadtverordnetenversammlung hat beschlossen, die "
    "Bürgerinnen und Bürger an der Neugestaltung zu beteiligen.\n\n"
    "In der Vorschlagsphase sammeln wir Ihre Ideen. Sie können Vorschläge machen, "
    "kommentieren und unterstützen. Das Bauamt prüft jeden Vorschlag und antwortet "
    "öffentlich. Über die Projekte des Bürgerhaushalts stimmen Sie anschließend ab.",
    "allow_anonymous": True,
    "supports_per_person": 5,
    "proposals_per_person": 5,
}

# (kind, title, first day, last day relative to today, features)
PHASES = [
    (Phase.Kind.INFORMATION, "Information und Auftaktveranstaltung", -40, -15, []),
    (
        Phase.Kind.PROPOSALS,
        "Ideen sammeln",
        -14,
        14,
        [
            Feature.PROPOSALS,
            Feature.COMMENTS,
            Feature.SUPPORT,
            Feature.SURVEYS,
            Feature.CONSULTATION,
        ],
    ),
    (
        Phase.Kind.VOTING,
        "Abstimmung über den Bürgerhaushalt",
        15,
        35,
        [Feature.BUDGET_VOTING, Feature.SURVEYS, Feature.COMMENTS],
    ),
    (Phase.Kind.RESULTS, "Ergebnisse", 36, 50, []),
    (Phase.Kind.IMPLEMENTATION, "Umsetzung", 51, 400, []),
]

# (author, title, text, address, lat, lon, show name, supporters)
PROPOSALS = [
    (
        "erika.mustermann@example.org",
        "Mehr Schatten durch Bäume",
        "Im Sommer ist der Marktplatz kaum auszuhalten. Ich schlage vor, an der Westseite "
        "mindestens sechs große Laubbäume zu pflanzen, damit Marktbesucherinnen und "
        "-besucher im Schatten sitzen können.",
        "Westseite des Marktplatzes",
        Decimal("49.907180"),
        Decimal("8.572310"),
        True,
        [
            "hans.beispiel@example.org",
            "fatma.demir@example.org",
            "jonas.keller@example.org",
            "aylin.kaya@example.org",
        ],
    ),
    (
        "hans.beispiel@example.org",
        "Stromanschlüsse für den Wochenmarkt",
        "Die Marktstände betreiben ihre Kühltheken mit lauten Aggregaten. Versenkbare "
        "Stromsäulen wären leiser, sauberer und auch bei Festen nützlich.",
        "Mitte des Marktplatzes",
        None,
        None,
        True,
        ["erika.mustermann@example.org", "peter.wagner@example.org"],
    ),
    (
        "fatma.demir@example.org",
        "Wasserspiel für Kinder",
        "Ein flaches Wasserspiel, in dem Kinder im Sommer spielen können, würde den Platz "
        "für Familien attraktiv machen. Es sollte ohne Stufen erreichbar sein.",
        "Südseite, vor der Eisdiele",
        None,
        None,
        False,
        ["erika.mustermann@example.org", "aylin.kaya@example.org", "jonas.keller@example.org"],
    ),
    (
        "jonas.keller@example.org",
        "Sichere Fahrradabstellplätze",
        "Vor dem Rathaus fehlen Fahrradbügel. Bitte auch Plätze für Lastenräder und einige "
        "abschließbare Boxen einplanen.",
        "Vor dem Rathaus",
        Decimal("49.907600"),
        Decimal("8.573100"),
        True,
        ["fatma.demir@example.org", "peter.wagner@example.org", "hans.beispiel@example.org"],
    ),
    (
        "aylin.kaya@example.org",
        "Barrierefreie Wege über den Platz",
        "Das alte Kopfsteinpflaster ist mit Rollator, Rollstuhl und Kinderwagen kaum zu "
        "befahren. Ich schlage durchgehende, glatte Wege mit Blindenleitsystem vor.",
        "",
        None,
        None,
        True,
        [
            "erika.mustermann@example.org",
            "fatma.demir@example.org",
            "peter.wagner@example.org",
            "jonas.keller@example.org",
            "hans.beispiel@example.org",
        ],
    ),
    (
        "peter.wagner@example.org",
        "Parkplätze auf dem Marktplatz erhalten",
        "Für ältere Menschen ist es wichtig, direkt am Markt parken zu können. Bitte "
        "behalten Sie die zwanzig Stellplätze auf der Ostseite bei.",
        "Ostseite des Marktplatzes",
        None,
        None,
        False,
        [],
    ),
    (
        "erika.mustermann@example.org",
        "Öffentliche Toilette",
        "Bei Markt und Festen fehlt eine öffentliche, barrierefreie Toilette. Sie könnte in "
        "das geplante Nebengebäude integriert werden.",
        "",
        None,
        None,
        False,
        ["aylin.kaya@example.org"],
    ),
    (
        "fatma.demir@example.org",
        "Trinkbrunnen am Rathaus",
        "Ein Trinkbrunnen, an dem man Flaschen auffüllen kann, hilft an heißen Tagen allen, "
        "besonders Kindern und älteren Menschen.",
        "Nordostecke des Marktplatzes",
        None,
        None,
        True,
        ["hans.beispiel@example.org", "jonas.keller@example.org"],
    ),
]

COMMENTS = {
    "Mehr Schatten durch Bäume": [
        ("fatma.demir@example.org", "Sehr gute Idee! Bitte heimische Baumarten wählen.", True),
        ("peter.wagner@example.org", "Wer kümmert sich um das Laub im Herbst?", False),
    ],
    "Parkplätze auf dem Marktplatz erhalten": [
        (
            "jonas.keller@example.org",
            "Das Parkhaus am Bahnhof ist nur drei Minuten entfernt.",
            True,
        ),
    ],
    "Sichere Fahrradabstellplätze": [
        ("erika.mustermann@example.org", "Unbedingt überdacht, bitte!", True),
    ],
}

ACCEPTED = (
    "Barrierefreie Wege über den Platz",
    "Die Stadt nimmt den Vorschlag an. Barrierefreie Wege sind ohnehin gesetzlich "
    "geboten; der Entwurf der Landschaftsarchitekten wird um durchgehende, glatte "
    "Gehbahnen und ein taktiles Leitsystem ergänzt. Die Kosten sind im Haushalt 2027 "
    "eingeplant.",
    [
        (-5, "Abstimmung mit dem Behindertenbeirat", True),
        (60, "Planung durch das Bauamt abgeschlossen", False),
        (200, "Bau der Gehbahnen", False),
    ],
)
REJECTED = (
    "Parkplätze auf dem Marktplatz erhalten",
    "Die Stadtverordnetenversammlung hat am 12. März beschlossen, den Marktplatz "
    "autofrei zu gestalten. Zwei Behindertenparkplätze und eine Ladezone bleiben an der "
    "Ostseite erhalten; das Parkhaus am Bahnhof liegt 250 Meter entfernt und hat freie "
    "Plätze.",
)


def _citizen(email: str, given_name: str, family_name: str):
    from rathaus.core.accounts.management.commands.load_demo import DEMO_PASSWORD
    from rathaus.core.accounts.models import User, email_lookup_for

    user = User.objects.filter(email_lookup=email_lookup_for(email)).first()
    if user is None:
        user = User(
            kind=User.Kind.CITIZEN,
            given_name=given_name,
            family_name=family_name,
            email_confirmed_at=timezone.now(),
        )
        user.set_email(email)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _process(manager, units) -> Process | None:
    from . import services

    if Process.objects.filter(slug=PROCESS_SLUG).exists():
        return None
    process = services.create_process(actor=manager, data={**PROCESS, "unit": units.get("60")})
    today = timezone.localdate()
    for kind, title, first, last, features in PHASES:
        services.create_phase(
            actor=manager,
            process=process,
            data={
                "kind": kind,
                "title": title,
                "starts_on": today + datetime.timedelta(days=first),
                "ends_on": today + datetime.timedelta(days=last),
                "features": list(features),
            },
        )
    services.set_published(actor=manager, process=process, published=True)
    return Process.objects.prefetch_related("phases").get(pk=process.pk)


@register_demo_data(key="participation", order=40)
def load(*, units, people) -> int:
    from rathaus.participation.engagement import services as engagement

    from . import services

    manager = people[MANAGER]
    process = _process(manager, units)
    if process is None:
        return 0
    citizens = {email: _citizen(email, given, family) for email, given, family in CITIZENS}
    created = 1
    by_title = {}
    for author, title, text, address, lat, lon, show_name, supporters in PROPOSALS:
        proposal = services.submit_proposal(
            author=citizens[author],
            process=process,
            title=title,
            text=text,
            show_name=show_name,
            idempotency_key=uuid.uuid4(),
            address=address,
            latitude=lat,
            longitude=lon,
        )
        proposal.process = process
        by_title[title] = proposal
        created += 1
        for email in supporters:
            services.support_proposal(user=citizens[email], proposal=proposal)
            created += 1
    for title, comments in COMMENTS.items():
        for email, text, show_name in comments:
            engagement.add_comment(
                author=citizens[email], target=by_title[title], text=text, show_name=show_name
            )
            created += 1
    title, reasons, milestones = ACCEPTED
    accepted = services.answer_proposal(
        actor=manager, proposal=by_title[title], state=Proposal.State.ACCEPTED, answer=reasons
    )
    services.update_implementation(
        actor=manager,
        proposal=accepted,
        implementation=Proposal.Implementation.PLANNING,
        progress=20,
        note="Der Behindertenbeirat hat den Entwurf geprüft; die Planung läuft.",
    )
    today = timezone.localdate()
    for days, milestone, done in milestones:
        services.add_milestone(
            actor=manager,
            proposal=accepted,
            due_on=today + datetime.timedelta(days=days),
            title=milestone,
            is_done=done,
        )
        created += 1
    title, reasons = REJECTED
    services.answer_proposal(
        actor=manager, proposal=by_title[title], state=Proposal.State.REJECTED, answer=reasons
    )
    services.answer_proposal(
        actor=manager,
        proposal=by_title["Öffentliche Toilette"],
        state=Proposal.State.EVALUATING,
        answer="Das Bauamt prüft, ob eine Toilette im Nebengebäude Platz findet und was "
        "Betrieb und Reinigung kosten.",
    )
    return created


SEED_SUBJECTS = [
    "Mehr Grün",
    "Bänke",
    "Beleuchtung",
    "Fahrradbügel",
    "Spielplatz",
    "Wasserspiel",
    "Markttage",
    "Barrierefreiheit",
    "Veranstaltungen",
    "Sauberkeit",
]
SEED_PLACES = ["am Rathaus", "an der Westseite", "vor der Kirche", "an der Bushaltestelle", ""]


def seed_proposals(process: Process, count: int, *, batch_size: int = 1000) -> int:
    """Create ``count`` plausible proposals in ``process`` at once (bulk inserts), for the
    benchmark. Their counters are set directly; no supports or comments rows are made."""
    rng = random.Random(f"{process.pk}-{count}")  # noqa: S311 (test data)
    now = timezone.now()
    states = [Proposal.State.PUBLISHED] * 6 + [
        Proposal.State.EVALUATING,
        Proposal.State.ACCEPTED,
        Proposal.State.REJECTED,
    ]
    numbers = itertools.count(Proposal.objects.filter(process=process).count() + 1)
    made = 0
    while made < count:
        batch = []
        for _row in range(min(batch_size, count - made)):
            number = next(numbers)
            subject = rng.choice(SEED_SUBJECTS)
            place = rng.choice(SEED_PLACES)
            state = rng.choice(states)
            located = bool(place) and rng.random() < 0.5
            batch.append(
                Proposal(
                    process=process,
                    town_id=process.town_id,
                    title=f"{subject} {place}".strip() + f" (Nr. {number})",
                    text=(
                        f"Vorschlag Nr. {number}: {subject} {place}. ".replace(" .", ".")
                        + "Damit wird der Platz für alle Generationen angenehmer. " * 3
                    ).strip(),
                    show_name=False,
                    address=place.removeprefix("am ").removeprefix("an der ").strip()
                    if located
                    else "",
                    latitude=Decimal("49.907") + Decimal(rng.randint(0, 999)) / 1_000_000
                    if located
                    else None,
                    longitude=Decimal("8.572") + Decimal(rng.randint(0, 999)) / 1_000_000
                    if located
                    else None,
                    has_location=located,
                    state=state,
                    answer="Automatisch erzeugte Antwort für den Lasttest."
                    if state != Proposal.State.PUBLISHED
                    else "",
                    implementation=Proposal.Implementation.IN_PROGRESS
                    if state == Proposal.State.ACCEPTED
                    else "",
                    progress=rng.randint(0, 100) if state == Proposal.State.ACCEPTED else 0,
                    support_count=int(rng.paretovariate(1.2)) - 1,
                    comment_count=int(rng.paretovariate(1.5)) - 1,
                    random_key=rng.randrange(1, RANDOM_PRIME),
                    created_at=now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
                )
            )
        Proposal.objects.bulk_create(batch, batch_size=batch_size)
        made += len(batch)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner reads pages from the sort indexes at once.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Proposal._meta.db_table}")
    return made
