"""Checks: questions drawn at random, scoring of the three kinds, attempts, locked lessons,
and completing the course with a passed check."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory

from ..exceptions import (
    AttemptClosed,
    IncompleteAnswers,
    LessonLocked,
    NoAttemptsLeft,
    NotAllowed,
)
from ..models import Assignment, Choice, LessonCompletion, Question
from ..services.assignments import assign_target_group
from ..services.checks import (
    complete_lesson_without_check,
    start_attempt,
    submit_attempt,
)
from .factories import CourseFactory, LessonFactory, QuestionFactory

ORDER = [("Erfassen", False), ("Prüfen", False), ("Entscheiden", False)]
SEVERAL = [("Akte", True), ("Vorgang", True), ("Notizzettel", False)]


def right_answers(attempt) -> dict:
    """The right answer to every drawn question."""
    answers = {}
    for entry in attempt.drawn:
        question = Question.objects.get(pk=entry["question"])
        choices = list(question.choices.order_by("position", "pk"))
        if question.kind == Question.Kind.ORDERING:
            answers[entry["question"]] = [choice.pk for choice in choices]
        else:
            answers[entry["question"]] = [choice.pk for choice in choices if choice.is_correct]
    return answers


def wrong_answers(attempt) -> dict:
    answers = {}
    for entry in attempt.drawn:
        question = Question.objects.get(pk=entry["question"])
        choices = list(question.choices.order_by("position", "pk"))
        if question.kind == Question.Kind.ORDERING:
            answers[entry["question"]] = [choice.pk for choice in reversed(choices)]
        else:
            answers[entry["question"]] = [
                next(choice.pk for choice in choices if not choice.is_correct)
            ]
    return answers


@pytest.fixture
def lesson_with_check(clerk):
    course = CourseFactory(target_roles=[Role.CLERK], pass_mark=80)
    lesson = LessonFactory(course=course, questions_per_check=3)
    for _number in range(6):
        QuestionFactory(lesson=lesson)
    return lesson


def test_a_check_draws_its_number_of_questions_from_the_pool_with_answers_shuffled(
    clerk, lesson_with_check
):
    pool = {str(pk) for pk in lesson_with_check.questions.values_list("pk", flat=True)}
    attempt = start_attempt(clerk, lesson_with_check)
    drawn = [entry["question"] for entry in attempt.drawn]
    assert len(drawn) == 3
    assert len(set(drawn)) == 3
    assert set(drawn) <= pool
    for entry in attempt.drawn:
        own = set(Choice.objects.filter(question_id=entry["question"]).values_list("pk", flat=True))
        assert sorted(entry["choices"]) == sorted(own)


def test_each_attempt_draws_anew_at_random(clerk, lesson_with_check):
    draws = set()
    for _attempt in range(10):
        attempt = start_attempt(clerk, lesson_with_check)
        draws.add(frozenset(entry["question"] for entry in attempt.drawn))
        submit_attempt(attempt, clerk, wrong_answers(attempt))
    # 20 possible subsets of three out of six: ten equal draws in a row would be a bug.
    assert len(draws) > 1


def test_an_open_attempt_is_continued_not_drawn_again(clerk, lesson_with_check):
    first = start_attempt(clerk, lesson_with_check)
    again = start_attempt(clerk, lesson_with_check)
    assert again.pk == first.pk
    assert again.drawn == first.drawn
    assert lesson_with_check.attempts.count() == 1


def test_single_choice_is_right_only_with_the_right_answer(clerk):
    lesson = LessonFactory(course=CourseFactory(pass_mark=100), questions_per_check=1)
    question = QuestionFactory(lesson=lesson)
    right = question.choices.get(is_correct=True)
    wrong = question.choices.filter(is_correct=False).first()

    attempt = start_attempt(clerk, lesson)
    result = submit_attempt(attempt, clerk, {str(question.pk): [wrong.pk]})
    assert (result.attempt.score, result.passed) == (0, False)
    assert result.questions[0].right is False

    attempt = start_attempt(clerk, lesson)
    result = submit_attempt(attempt, clerk, {question.pk: [right.pk]})
    assert (result.attempt.score, result.passed) == (100, True)


def test_multiple_choice_is_right_only_with_exactly_the_right_set(clerk):
    lesson = LessonFactory(course=CourseFactory(pass_mark=100), questions_per_check=1)
    question = QuestionFactory(lesson=lesson, kind=Question.Kind.MULTIPLE, answers=SEVERAL)
    akte, vorgang, zettel = question.choices.order_by("position")
    for chosen, right in (
        ([akte.pk], False),
        ([akte.pk, vorgang.pk, zettel.pk], False),
        ([vorgang.pk, akte.pk], True),
    ):
        attempt = start_attempt(clerk, lesson)
        result = submit_attempt(attempt, clerk, {str(question.pk): chosen})
        assert result.questions[0].right is right
        assert result.passed is right


def test_ordering_is_right_only_in_the_order_of_the_positions(clerk):
    lesson = LessonFactory(course=CourseFactory(pass_mark=100), questions_per_check=1)
    question = QuestionFactory(lesson=lesson, kind=Question.Kind.ORDERING, answers=ORDER)
    first, second, third = question.choices.order_by("position").values_list("pk", flat=True)

    attempt = start_attempt(clerk, lesson)
    result = submit_attempt(attempt, clerk, {str(question.pk): [second, first, third]})
    assert result.questions[0].right is False

    attempt = start_attempt(clerk, lesson)
    result = submit_attempt(attempt, clerk, {str(question.pk): [first, second, third]})
    assert result.questions[0].right is True
    assert result.passed


def test_the_score_is_the_share_of_right_questions_and_the_pass_mark_decides(clerk):
    lesson = LessonFactory(course=CourseFactory(pass_mark=60), questions_per_check=3)
    for _number in range(3):
        QuestionFactory(lesson=lesson)
    attempt = start_attempt(clerk, lesson)
    answers = right_answers(attempt)
    last = attempt.drawn[-1]["question"]
    answers[last] = wrong_answers(attempt)[last]
    result = submit_attempt(attempt, clerk, answers)
    assert result.attempt.score == 67
    assert result.passed
    assert [item.right for item in result.questions] == [True, True, False]


def test_every_question_needs_an_answer_and_an_ordering_every_position(clerk):
    lesson = LessonFactory(course=CourseFactory(), questions_per_check=2)
    single = QuestionFactory(lesson=lesson)
    ordering = QuestionFactory(lesson=lesson, kind=Question.Kind.ORDERING, answers=ORDER)
    attempt = start_attempt(clerk, lesson)
    answers = right_answers(attempt)
    answers[str(ordering.pk)] = answers[str(ordering.pk)][:2]
    del answers[str(single.pk)]
    with pytest.raises(IncompleteAnswers) as refused:
        submit_attempt(attempt, clerk, answers)
    assert {item.question for item in refused.value.questions} == {single, ordering}
    attempt.refresh_from_db()
    assert attempt.submitted_at is None

    # Two choices of a single-choice question are no answer either.
    answers = right_answers(attempt)
    answers[str(single.pk)] = list(single.choices.values_list("pk", flat=True)[:2])
    with pytest.raises(IncompleteAnswers):
        submit_attempt(attempt, clerk, answers)


def test_a_submitted_attempt_cannot_be_submitted_again(clerk, lesson_with_check):
    attempt = start_attempt(clerk, lesson_with_check)
    submit_attempt(attempt, clerk, wrong_answers(attempt))
    with pytest.raises(AttemptClosed):
        submit_attempt(attempt, clerk, right_answers(attempt))


def test_nobody_submits_another_persons_attempt(clerk, lesson_with_check):
    attempt = start_attempt(clerk, lesson_with_check)
    with pytest.raises(NotAllowed):
        submit_attempt(attempt, StaffFactory(), right_answers(attempt))


def test_no_new_attempt_once_every_attempt_is_used(clerk, lesson_with_check):
    course = lesson_with_check.course
    course.max_attempts = 2
    course.save()
    for _attempt in range(2):
        attempt = start_attempt(clerk, lesson_with_check)
        submit_attempt(attempt, clerk, wrong_answers(attempt))
    with pytest.raises(NoAttemptsLeft):
        start_attempt(clerk, lesson_with_check)


def test_a_lesson_stays_locked_until_the_lessons_before_it_are_done(clerk):
    course = CourseFactory()
    first = LessonFactory(course=course, position=1)
    second = LessonFactory(course=course, position=2, questions_per_check=1)
    QuestionFactory(lesson=second)
    third = LessonFactory(course=course, position=3)
    with pytest.raises(LessonLocked):
        start_attempt(clerk, second)
    with pytest.raises(LessonLocked):
        complete_lesson_without_check(clerk, third)
    complete_lesson_without_check(clerk, first)
    attempt = start_attempt(clerk, second)
    assert attempt.drawn


def test_a_lesson_with_a_check_is_done_only_by_passing_it(clerk, lesson_with_check):
    with pytest.raises(NotAllowed):
        complete_lesson_without_check(clerk, lesson_with_check)
    lesson_without = LessonFactory(course=lesson_with_check.course, questions_per_check=0)
    with pytest.raises(NotAllowed):
        start_attempt(clerk, lesson_without)


def test_a_failed_check_leaves_the_lesson_open(clerk, lesson_with_check):
    attempt = start_attempt(clerk, lesson_with_check)
    result = submit_attempt(attempt, clerk, wrong_answers(attempt))
    assert not result.passed
    assert result.certificate is None
    assert not LessonCompletion.objects.filter(person=clerk).exists()


def test_passing_the_last_check_completes_the_course_with_a_certificate(clerk):
    course = CourseFactory(target_roles=[Role.CLERK], validity_months=12)
    reading = LessonFactory(course=course, position=1)
    checked = LessonFactory(course=course, position=2, questions_per_check=2)
    QuestionFactory(lesson=checked)
    QuestionFactory(lesson=checked, kind=Question.Kind.ORDERING, answers=ORDER)
    assign_target_group(course)
    assignment = Assignment.objects.open().get(person=clerk, course=course)

    assert complete_lesson_without_check(clerk, reading) is None
    attempt = start_attempt(clerk, checked)
    assert attempt.assignment == assignment
    result = submit_attempt(attempt, clerk, right_answers(attempt))

    assert result.passed
    assert result.certificate is not None
    assert result.certificate.course_title == course.title
    assert result.certificate.assignment == assignment
    assignment.refresh_from_db()
    assert assignment.completed_at is not None


def test_people_outside_the_staff_take_no_check(lesson_with_check):
    with pytest.raises(NotAllowed):
        start_attempt(UserFactory(), lesson_with_check)
