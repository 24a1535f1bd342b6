"""The demo town's survey: "Wie nutzen Sie den Marktplatz?" in the process
"Neugestaltung Marktplatz", with about forty invented anonymous answers.

It needs the participation demo's process; while that does not exist, nothing is made.
"""

import datetime
import hashlib
import random

from django.utils import timezone

from rathaus.core.registries import register_demo_data
from rathaus.participation.models import Process

from .models import Answer, Question, Response, Survey
from .services import add_question, create_survey, publish_survey

PROCESS_SLUG = "neugestaltung-marktplatz"
MANAGER = "nina.berg@weiterstadt.example"
TITLE = "Wie nutzen Sie den Marktplatz?"
RESPONSES = 40

QUESTIONS = [
    {
        "data": {"kind": Question.Kind.SINGLE, "text": "Wie oft sind Sie auf dem Marktplatz?"},
        "choices": ["Täglich", "Mehrmals pro Woche", "Etwa einmal pro Woche", "Seltener"],
        "weights": [2, 4, 3, 2],
    },
    {
        "data": {
            "kind": Question.Kind.MULTIPLE,
            "text": "Wofür nutzen Sie den Marktplatz?",
            "help_text": "Mehrere Antworten sind möglich.",
        },
        "choices": [
            "Wochenmarkt",
            "Einkaufen in den Geschäften",
            "Gastronomie",
            "Veranstaltungen",
            "Durchgang zu Fuß oder mit dem Rad",
            "Parken",
        ],
        "weights": [5, 4, 3, 2, 3, 2],
    },
    {
        "data": {
            "kind": Question.Kind.SCALE,
            "text": "Wie wohl fühlen Sie sich heute auf dem Marktplatz?",
            "scale_min": 1,
            "scale_max": 5,
            "scale_min_label": "gar nicht wohl",
            "scale_max_label": "sehr wohl",
        },
        "weights": [2, 4, 5, 3, 1],
    },
    {
        "data": {
            "kind": Question.Kind.MATRIX,
            "text": "Wie wichtig sind Ihnen diese Punkte bei der Neugestaltung?",
        },
        "choices": ["Unwichtig", "Eher unwichtig", "Eher wichtig", "Sehr wichtig"],
        "rows": ["Mehr Bäume und Schatten", "Sitzgelegenheiten", "Barrierefreie Wege"],
        "weights": [1, 2, 4, 5],
    },
    {
        "data": {
            "kind": Question.Kind.TEXT,
            "text": "Was sollte sich am Marktplatz unbedingt ändern?",
            "required": False,
        },
        "texts": [
            "Mehr Schatten im Sommer, vor allem um den Brunnen.",
            "Die Fahrradständer reichen am Markttag nicht aus.",
            "Ein Trinkwasserbrunnen wäre schön.",
            "Weniger parkende Autos, mehr Platz für Menschen.",
            "Eine öffentliche Toilette.",
        ],
    },
]


def _answers_for(rng: random.Random, question: Question, spec: dict) -> list[Answer]:
    weights = spec.get("weights")
    if question.kind == Question.Kind.SINGLE:
        (choice,) = rng.choices(list(question.choices.all()), weights=weights)
        return [Answer(question=question, choice=choice)]
    if question.kind == Question.Kind.MULTIPLE:
        chosen = [
            choice
            for choice, weight in zip(question.choices.all(), weights, strict=True)
            if rng.random() < weight / 6
        ]
        if not chosen:
            chosen = rng.choices(list(question.choices.all()), weights=weights)
        return [Answer(question=question, choice=choice) for choice in chosen]
    if question.kind == Question.Kind.SCALE:
        (value,) = rng.choices(question.scale_values(), weights=weights)
        return [Answer(question=question, scale_value=value)]
    if question.kind == Question.Kind.MATRIX:
        columns = list(question.choices.all())
        return [
            Answer(question=question, matrix_row=row, choice=rng.choices(columns, weights)[0])
            for row in question.rows.all()
        ]
    if rng.random() < 0.3:
        return [Answer(question=question, text=rng.choice(spec["texts"]))]
    return []


@register_demo_data(key="surveys", order=60)
def load(*, units, people) -> int:
    process = Process.objects.filter(slug=PROCESS_SLUG).first()
    manager = people.get(MANAGER)
    if process is None or manager is None:
        return 0
    if Survey.objects.filter(process=process, title=TITLE).exists():
        return 0
    survey = create_survey(
        actor=manager,
        process=process,
        data={
            "title": TITLE,
            "intro": (
                "Der Marktplatz soll neu gestaltet werden. Bevor die Planung beginnt, möchten "
                "wir wissen, wie Sie den Platz heute nutzen und was Ihnen wichtig ist. Die "
                "Umfrage dauert etwa drei Minuten und ist anonym."
            ),
            "answer_mode": Survey.AnswerMode.ANONYMOUS,
            "results_public": Survey.ResultsPublic.ALWAYS,
        },
    )
    questions = [
        add_question(
            actor=manager,
            survey=survey,
            data=spec["data"],
            choices=spec.get("choices", []),
            rows=spec.get("rows", []),
        )
        for spec in QUESTIONS
    ]
    publish_survey(actor=manager, survey=survey)
    rng = random.Random(6)  # noqa: S311 - invented demo answers, not security
    start = timezone.now() - datetime.timedelta(days=14)
    for number in range(RESPONSES):
        response = Response.objects.create(
            survey=survey,
            session_key_hash=hashlib.sha256(f"demo-{survey.pk}-{number}".encode()).hexdigest(),
            created_at=start + datetime.timedelta(hours=8 * number + rng.randint(0, 6)),
        )
        answers = []
        for question, spec in zip(questions, QUESTIONS, strict=True):
            answers.extend(_answers_for(rng, question, spec))
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
    return 1 + len(questions) + RESPONSES
