"""The open-data dataset of surveys: aggregated results of published surveys whose
results are public. Counts per option and scale value, one row each; free-text answers
are never published, and counts below ``MIN_COUNT`` are suppressed so that a rare answer
cannot point to a person."""

from django.utils import timezone

from rathaus.core.registries import register_dataset
from rathaus.core.tenancy import for_town

from .models import Question, Survey
from .results import survey_results

MIN_COUNT = 5


def _suppressed(count: int) -> int | None:
    return count if count >= MIN_COUNT else None


@register_dataset(
    key="surveys.results",
    title="Ergebnisse der Umfragen in Beteiligungsverfahren",
    description=(
        "Antworten je Antwortmöglichkeit der Umfragen, deren Ergebnisse öffentlich sind. "
        f"Zahlen unter {MIN_COUNT} bleiben leer; Freitext-Antworten werden nicht veröffentlicht."
    ),
    keywords=("Bürgerbeteiligung", "Umfrage"),
)
def survey_results_rows(town) -> list[dict]:
    rows = []
    now = timezone.now()
    with for_town(town):
        surveys = (
            Survey.objects.published()
            .exclude(results_public=Survey.ResultsPublic.NEVER)
            .select_related("process")
            .prefetch_related("process__phases")
            .order_by("process__slug", "published_at", "pk")
        )
        for survey in surveys:
            if not survey.results_visible_to_public(now):
                continue
            results = survey_results(survey, with_charts=False)
            for result in results.questions:
                question = result.question
                common = {
                    "process": survey.process.slug,
                    "survey": survey.title,
                    "survey_id": str(survey.pk),
                    "question_number": result.number,
                    "question": question.text,
                    "question_kind": question.kind,
                }
                if question.kind == Question.Kind.TEXT:
                    continue
                if question.kind == Question.Kind.MATRIX:
                    for line in result.matrix:
                        for cell in line.cells:
                            rows.append(
                                {
                                    **common,
                                    "row": line.label,
                                    "answer": cell.label,
                                    "count": _suppressed(cell.count),
                                }
                            )
                    continue
                for row in result.rows:
                    rows.append(
                        {**common, "row": "", "answer": row.label, "count": _suppressed(row.count)}
                    )
    return rows
