"""Reads of surveys: the published ones of a process, their questions, the answers."""

from django.db import models
from django.db.models import Count, Prefetch


class SurveyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, process__is_published=True)

    def of_process(self, process):
        return self.filter(process=process)

    def with_response_count(self):
        return self.annotate(response_count=Count("responses", distinct=True))

    def with_questions(self):
        """Questions in order, each with its choices and matrix rows (three queries)."""
        from .models import Question

        return self.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "id").prefetch_related(
                    "choices", "rows"
                ),
            )
        )


class QuestionQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("position", "id")


class ResponseQuerySet(models.QuerySet):
    def of_survey(self, survey):
        return self.filter(survey=survey)

    def by_account(self, survey, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(survey=survey, user=user)


class AnswerQuerySet(models.QuerySet):
    def of_survey(self, survey):
        return self.filter(question__survey=survey)

    def texts_of(self, question):
        """The non-empty free-text answers to ``question``, oldest first."""
        return self.filter(question=question).exclude(text="").order_by("id").only("id", "text")
