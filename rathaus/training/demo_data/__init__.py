"""The demo town's courses as data: each module holds one course with its lessons, guide
steps and question pools, written in German for the staff of Weiterstadt. ``demo.py`` loads
them through the authoring services."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    text: str
    feedback: str
    right: bool = False


@dataclass(frozen=True)
class QuestionData:
    kind: str  # "single", "multiple" or "ordering" (answers of ordering in the right order)
    text: str
    explanation: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    screen: str = ""


@dataclass(frozen=True)
class LessonData:
    title: str
    body: str
    questions: tuple[QuestionData, ...]
    steps: tuple[Step, ...] = field(default_factory=tuple)
    questions_per_check: int = 4


@dataclass(frozen=True)
class CourseData:
    slug: str
    title: str
    summary: str
    target_roles: tuple[str, ...]
    estimated_minutes: int
    lessons: tuple[LessonData, ...]
    validity_months: int | None = None
    due_days: int = 30
    pass_mark: int = 80


def right(text: str, feedback: str) -> Answer:
    return Answer(text, feedback, right=True)


def wrong(text: str, feedback: str) -> Answer:
    return Answer(text, feedback)


def single(text: str, explanation: str, *answers: Answer) -> QuestionData:
    return QuestionData("single", text, explanation, answers)


def multiple(text: str, explanation: str, *answers: Answer) -> QuestionData:
    return QuestionData("multiple", text, explanation, answers)


def ordering(text: str, explanation: str, *steps: tuple[str, str]) -> QuestionData:
    """``steps`` are (answer, feedback) in the right order."""
    return QuestionData(
        "ordering", text, explanation, tuple(Answer(t, f, right=True) for t, f in steps)
    )
