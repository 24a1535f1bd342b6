"""Staff training: courses of lessons with checks, the assignments that say who has to take
which course by when, progress, certificates, and classroom sessions.

A course names its target group (roles, optionally units); everyone in it is assigned the
course automatically. Completing a course, online (every lesson done, every check passed)
or by attending a classroom session, issues a certificate; a course with a validity period
(information security every year) is assigned again when the certificate runs out.

Individual results belong to the person, their unit lead and the training admins only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.accounts.roles import Role
from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import AssignmentQuerySet, CourseQuerySet, SessionQuerySet


class Course(TownOwned):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("course state", "Draft")
        PUBLISHED = "published", pgettext_lazy("course state", "Published")
        ARCHIVED = "archived", pgettext_lazy("course state", "Archived")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        help_text=_("Part of the course's address, e.g. informationssicherheit."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), help_text=_("What the course teaches and why it matters; a few sentences.")
    )
    target_roles = models.JSONField(
        _("target roles"),
        default=list,
        blank=True,
        help_text=_("Everyone holding one of these roles is assigned the course."),
    )
    target_units = models.ManyToManyField(
        "accounts.Unit",
        verbose_name=_("target units"),
        blank=True,
        related_name="+",
        help_text=_("Only people of these units (and their sub-units); none means every unit."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated duration (minutes)"))
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: once completed, the course stays valid."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to complete"),
        default=30,
        help_text=_("Time from an automatic assignment to its due date."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (per cent)"),
        default=80,
        help_text=_("Share of correct answers a check needs."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts per check"),
        null=True,
        blank=True,
        help_text=_("Empty: as many attempts as needed."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager(CourseQuerySet)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(fields=["town", "slug"], name="training_course_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def target_role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.target_roles if role in Role.values]


class Lesson(TownOwned):
    """One lesson: rich text (Markdown), an optional step-by-step guide, an optional handout
    and an optional check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="lessons"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: headings (##), lists, **bold**, links; images of this lesson as "
            "![description](bild:1)."
        ),
    )
    handout = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("handout"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    questions_per_check = models.PositiveSmallIntegerField(
        _("questions per check"),
        default=0,
        help_text=_("Drawn at random from the lesson's questions; 0: the lesson has no check."),
    )

    objects = scoped_manager()

    class Meta:
        ordering = ["course", "position", "title"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    @property
    def has_check(self) -> bool:
        return self.questions_per_check > 0


class LessonImage(TownOwned):
    """An image a lesson's text shows as ``bild:<number>``, with its text alternative."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="images")
    number = models.PositiveSmallIntegerField(_("number"))
    file = models.ForeignKey("uploads.StoredFile", on_delete=models.CASCADE, related_name="+")
    alt = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    objects = scoped_manager()

    class Meta:
        ordering = ["lesson", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "number"], name="training_lesson_image_number_unique"
            )
        ]


class GuideStep(TownOwned):
    """One step of a lesson's step-by-step guide (e.g. how to file a document in the e-file),
    optionally with a screenshot."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("step"), max_length=200)
    text = models.TextField(_("what to do"))
    screen = models.CharField(
        _("screen in Rathaus"),
        max_length=200,
        blank=True,
        help_text=_("The address of the screen this step happens on, e.g. /staff/akten/."),
    )
    image = models.ForeignKey(
        "uploads.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(_("text alternative of the image"), max_length=300, blank=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["lesson", "position"]


class Question(TownOwned):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer is right")
        MULTIPLE = "multiple", _("Several answers can be right")
        ORDERING = "ordering", _("Put the answers in order")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown after the check, right or wrong.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = scoped_manager()

    class Meta:
        ordering = ["lesson", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Choice(TownOwned):
    """An answer to a question. For ordering questions, ``position`` is the right order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("right"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Shown to whoever chose this answer.")
    )

    objects = scoped_manager()

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Assignment(TownOwned):
    """A person has to complete a course by a date: automatically, because of a role, or
    given by hand. Once completed it is closed; a new one follows when the certificate
    runs out."""

    class Source(models.TextChoices):
        ROLE = "role", _("By role")
        MANUAL = "manual", _("By hand")
        RENEWAL = "renewal", _("Renewal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_assignments",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="assignments"
    )
    source = models.CharField(_("assigned"), max_length=10, choices=Source)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now, editable=False)
    due_on = models.DateField(_("due on"))
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Reminders sent, so that each goes out once: "due_soon", "overdue".
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)

    objects = scoped_manager(AssignmentQuerySet)

    class Meta:
        ordering = ["due_on", "course__title"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "person", "course"],
                condition=Q(completed_at__isnull=True),
                name="training_one_open_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.person}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class LessonCompletion(TownOwned):
    """A person finished reading a lesson (and passed its check, where it has one)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    # The assignment cycle it counts for: a renewal starts the lessons again.
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="lessons_done"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    objects = scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lesson", "assignment"], name="training_lesson_done_once"
            )
        ]


class CheckAttempt(TownOwned):
    """One attempt at a lesson's check: the questions drawn, the answers given, the result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attempts")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="attempts"
    )
    # Question ids in the order shown, and the choice order shown for each.
    drawn = models.JSONField(default=list)
    # {question id: [choice ids]}: chosen ones, or for ordering questions all in the order given.
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # per cent
    passed = models.BooleanField(null=True)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["-started_at"]


class Certificate(TownOwned):
    """Proof that a person completed a course, online or in a classroom session."""

    class Way(models.TextChoices):
        ONLINE = "online", _("Online")
        CLASSROOM = "classroom", _("Classroom session")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=30)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_certificates",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        # Nullable only so that deleting a whole town can release it; a course with
        # certificates is archived, never deleted.
        null=True,
        related_name="certificates",
    )
    # The course's title when issued, so that later edits do not rewrite the certificate.
    course_title = models.CharField(max_length=200)
    way = models.CharField(_("completed"), max_length=10, choices=Way)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    # Set once a reminder that the certificate runs out has been sent.
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager()

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "number"], name="training_certificate_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.course_title}"

    def is_valid(self, today=None) -> bool:
        return self.valid_until is None or self.valid_until >= (today or timezone.localdate())


class ClassroomSession(TownOwned):
    """A date on which a course is taught in a room; attending it completes the course."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    notes = models.TextField(_("notes for participants"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager(SessionQuerySet)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("classroom session")
        verbose_name_plural = _("classroom sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_ends_later"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class SessionRegistration(TownOwned):
    session = models.ForeignKey(
        ClassroomSession, on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    # None until the trainer records attendance.
    attended = models.BooleanField(null=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="training_register_once")
        ]
