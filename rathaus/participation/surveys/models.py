"""Surveys (Umfragen) of a participatory process: questions, choices, and the answers.

A survey belongs to a process and takes answers only while the process's current phase
switches surveys on and the survey's own dates allow. Answers are either anonymous (one
per browser session, only a keyed hash of the session is kept) or tied to an account (one
per account, enforced by a unique constraint). Nothing else about the person is stored.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager
from rathaus.participation.models import Feature, Process

from .querysets import AnswerQuerySet, QuestionQuerySet, ResponseQuerySet, SurveyQuerySet


class Survey(TownOwned):
    class AnswerMode(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: no account needed, one answer per browser session")
        ACCOUNT = "account", _("With an account: one answer per account")

    class ResultsPublic(models.TextChoices):
        AFTER_CLOSE = "after_close", _("After the survey has closed")
        ALWAYS = "always", _("Always, also while it runs")
        NEVER = "never", _("Never (only staff see the results)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOT_YET_OPEN = "not_yet_open", _("Not open yet")
        OPEN = "open", _("Open for answers")
        PAUSED = "paused", _("Not open in the current phase")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions: what the survey is about and what happens next."),
    )
    answer_mode = models.CharField(
        _("who may answer"), max_length=20, choices=AnswerMode, default=AnswerMode.ANONYMOUS
    )
    opens_at = models.DateTimeField(
        _("opens at"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the process's phase switches surveys on."),
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the process's phase ends."),
    )
    results_public = models.CharField(
        _("public results"), max_length=20, choices=ResultsPublic, default=ResultsPublic.AFTER_CLOSE
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager(SurveyQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A survey cannot close before it opens.")})

    def _survey_phases(self) -> list:
        return [phase for phase in self.process.phases.all() if Feature.SURVEYS in phase.features]

    def window_open(self, now=None) -> bool:
        """Whether the survey's own dates allow answers at ``now``."""
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def accepts_answers(self, now=None) -> bool:
        """Published, the process's current phase switches surveys on, and the dates allow."""
        now = now or timezone.now()
        return bool(
            self.is_published
            and self.window_open(now)
            and self.process.feature_active(Feature.SURVEYS, today=timezone.localdate(now))
        )

    def is_closed(self, now=None) -> bool:
        """Over for good: its closing time has passed, or every phase of the process that
        switched surveys on has ended."""
        now = now or timezone.now()
        if self.closes_at is not None and now >= self.closes_at:
            return True
        phases = self._survey_phases()
        today = timezone.localdate(now)
        return bool(phases) and all(phase.ends_on < today for phase in phases)

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if not self.is_published:
            return self.Status.DRAFT
        if self.accepts_answers(now):
            return self.Status.OPEN
        if self.is_closed(now):
            return self.Status.CLOSED
        if self.opens_at is not None and now < self.opens_at:
            return self.Status.NOT_YET_OPEN
        today = timezone.localdate(now)
        if any(phase.starts_on > today for phase in self._survey_phases()):
            return self.Status.NOT_YET_OPEN
        return self.Status.PAUSED

    def get_status_display(self) -> str:
        return str(self.Status(self.status()).label)

    def results_visible_to_public(self, now=None) -> bool:
        if not self.is_published or not self.process.is_published:
            return False
        if self.results_public == self.ResultsPublic.ALWAYS:
            return True
        return self.results_public == self.ResultsPublic.AFTER_CLOSE and self.is_closed(now)

    def has_answers(self) -> bool:
        return self.responses.exists()


class Question(TownOwned):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice (one answer)")
        MULTIPLE = "multiple", _("Multiple choice (several answers)")
        SCALE = "scale", _("Scale (for example 1 to 5)")
        TEXT = "text", _("Free text")
        MATRIX = "matrix", _("Matrix (rows with one choice each)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of question"), max_length=20, choices=Kind)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("answer required"), default=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest value"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest value"), default=5)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=100, blank=True)

    objects = scoped_manager(QuestionQuerySet)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="question_scale_max_above_min",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE, self.Kind.MATRIX}

    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    def scale_label(self, value: int) -> str:
        """``3``, or ``1 – very unhappy`` at a labelled end of the scale."""
        end = {self.scale_min: self.scale_min_label, self.scale_max: self.scale_max_label}
        label = end.get(value, "")
        return f"{value} – {label}" if label else str(value)


class Choice(TownOwned):
    """An answer option; for a matrix question, one of the columns every row shares."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class MatrixRow(TownOwned):
    """A row of a matrix question: one choice among the question's columns per row."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("matrix row")
        verbose_name_plural = _("matrix rows")

    def __str__(self) -> str:
        return self.label


class Response(TownOwned):
    """One person's filled-in survey. Anonymous: only a keyed hash of the browser session;
    tied to an account: the account, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(ResponseQuerySet)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=models.Q(user__isnull=False),
                name="one_survey_response_per_account",
            ),
            models.UniqueConstraint(
                fields=["survey", "session_key_hash"],
                condition=~models.Q(session_key_hash=""),
                name="one_survey_response_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.created_at:%Y-%m-%d})"


class Answer(TownOwned):
    """The answer to one question (for multiple choice: one row per chosen option; for a
    matrix: one row per matrix row)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    matrix_row = models.ForeignKey(
        MatrixRow, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)
    scale_value = models.SmallIntegerField(null=True, blank=True)

    objects = scoped_manager(AnswerQuerySet)

    class Meta:
        ordering = ["id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "matrix_row"],
                condition=models.Q(matrix_row__isnull=False),
                name="one_answer_per_matrix_row",
            ),
            models.UniqueConstraint(
                fields=["response", "choice"],
                condition=models.Q(choice__isnull=False, matrix_row__isnull=True),
                name="one_answer_per_choice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.scale_value or self.text[:30]}"
