"""The town's e-Government programme: the concept (fields of action and their measures with
milestones, dependencies and risks), the cost and staff plan, the programme's budget account
with its postings, key figures with targets and a monthly history, funding programmes and
applications, best practices of other towns, the expert group, and the annual report.

Key figures computed from live data come from the other apps through
``rathaus.core.registries.kpi_registry``; this app never imports their models.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.tenancy import TownOwned

MONEY = {"max_digits": 14, "decimal_places": 2}


def _overdue(due_on: datetime.date, done_on, today: datetime.date | None) -> bool:
    """Not done, and due before ``today`` (the local date if not given)."""
    return done_on is None and due_on < (today or timezone.localdate())


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Level(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("risk level", "Medium")
    HIGH = "high", pgettext_lazy("risk level", "High")


class CostCategory(models.TextChoices):
    LICENCES = "licences", _("Licences")
    SERVICES = "services", _("Services")
    HARDWARE = "hardware", _("Hardware")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


# --- Concept and measures ---------------------------------------------------------------


class FieldOfAction(TownOwned):
    """A field of action (Handlungsfeld) of the concept, e.g. online services or Green IT."""

    id = _uuid_pk()
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["town", "slug"], name="programme_field_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Measure(TownOwned):
    """A measure (Maßnahme) of the concept."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("measure status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("measure status", "In progress")
        DONE = "done", pgettext_lazy("measure status", "Done")
        STOPPED = "stopped", pgettext_lazy("measure status", "Stopped")

    CLOSED = (Status.DONE, Status.STOPPED)

    id = _uuid_pk()
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    code = models.CharField(
        _("number"), max_length=20, help_text=_("The measure's number in the concept, e.g. 3.2.")
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"))
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="enables",
        help_text=_("Measures that must be done before this one can be."),
    )
    key_figures = models.ManyToManyField(
        "KeyFigure",
        verbose_name=_("key figures"),
        blank=True,
        related_name="measures",
        help_text=_("The key figures that show the measure's progress."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["field__position", "code", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["town", "code"], name="programme_measure_code_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programme_measure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.ends_on and self.ends_on < today and not self.is_closed)


class MeasureStatusChange(TownOwned):
    """A change of a measure's status, kept so that a figure of a past day (the share of
    measures done at the end of a month) sees the status of that day. ``from_status`` is
    empty where the history begins: the measure's creation, or its status when the history
    was introduced."""

    id = _uuid_pk()
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Measure.Status, blank=True)
    status = models.CharField(max_length=12, choices=Measure.Status)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at"]
        indexes = [
            models.Index(fields=["town", "measure", "changed_at"], name="programme_status_history")
        ]


class Milestone(TownOwned):
    id = _uuid_pk()
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return _overdue(self.due_on, self.reached_on, today)


class Risk(TownOwned):
    id = _uuid_pk()
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk"))
    likelihood = models.CharField(_("likelihood"), max_length=6, choices=Level)
    impact = models.CharField(_("impact"), max_length=6, choices=Level)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["-is_open", "description"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.description[:80]


# --- Costs and staff ----------------------------------------------------------------------


class CostItem(TownOwned):
    """Planned and committed costs of a measure in one year; the actuals are the postings on
    the budget account booked to the measure (and category) in that year."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        RUNNING = "running", _("Running")

    id = _uuid_pk()
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of cost"), max_length=8, choices=Kind)
    category = models.CharField(_("type of cost"), max_length=10, choices=CostCategory)
    description = models.CharField(_("description"), max_length=200, blank=True)
    planned = models.DecimalField(_("planned (EUR)"), **MONEY)
    committed = models.DecimalField(_("committed (EUR)"), default=Decimal("0"), **MONEY)

    class Meta:
        ordering = ["year", "measure__code", "category"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(committed__gte=0),
                name="programme_cost_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.year} {self.get_category_display()}"


class StaffPlanEntry(TownOwned):
    """Full-time equivalents a unit puts into the programme (or one measure) in a year."""

    id = _uuid_pk()
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_plan",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    fte = models.DecimalField(_("full-time equivalents"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("staff plan entry")
        verbose_name_plural = _("staff plan entries")
        constraints = [
            models.CheckConstraint(condition=Q(fte__gte=0), name="programme_fte_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.fte}"


# --- Budget account -----------------------------------------------------------------------


class BudgetAccount(TownOwned):
    """The programme's own budget account (Haushaltskonto) in a product of the budget."""

    id = _uuid_pk()
    number = models.CharField(_("account number"), max_length=40)
    product = models.CharField(_("product"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    key_figure = models.ForeignKey(
        "KeyFigure",
        verbose_name=_("measurable key figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The key figure the budget account is measured by."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("budget account")
        verbose_name_plural = _("budget accounts")
        constraints = [
            models.UniqueConstraint(fields=["town", "number"], name="programme_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class BudgetAllocation(TownOwned):
    id = _uuid_pk()
    account = models.ForeignKey(BudgetAccount, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (EUR)"), **MONEY)

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget of a year")
        verbose_name_plural = _("budgets of the years")
        constraints = [
            models.UniqueConstraint(fields=["account", "year"], name="programme_budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account.number} {self.year}"


class Posting(TownOwned):
    """An actual expense booked on the account (a negative amount is a refund)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered")
        IMPORT = "import", _("Imported")

    id = _uuid_pk()
    account = models.ForeignKey(BudgetAccount, on_delete=models.CASCADE, related_name="postings")
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    text = models.CharField(_("booking text"), max_length=300)
    reference = models.CharField(
        _("voucher number"),
        max_length=60,
        blank=True,
        help_text=_("The finance system's voucher number; an import skips numbers it has."),
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    category = models.CharField(_("type of cost"), max_length=10, choices=CostCategory, blank=True)
    source = models.CharField(max_length=6, choices=Source, default=Source.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-booked_on", "-recorded_at"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "reference"],
                condition=~Q(reference=""),
                name="programme_posting_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount} {self.text}"


# --- Key figures --------------------------------------------------------------------------


class KeyFigure(TownOwned):
    """A key figure (Kennzahl): computed from the registry of the apps' ``kpis.py`` or
    entered by hand with evidence."""

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the platform's data")
        MANUAL = "manual", _("Entered with evidence")

    id = _uuid_pk()
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. %, days, datasets"))
    description = models.TextField(_("definition"), blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction)
    source = models.CharField(_("source"), max_length=8, choices=Source)
    registry_key = models.CharField(
        _("computed key figure"),
        max_length=100,
        blank=True,
        help_text=_("The key figure of the platform it is computed from."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(fields=["town", "slug"], name="programme_figure_slug_unique"),
            models.CheckConstraint(
                condition=Q(source="manual", registry_key="") | ~Q(source="manual"),
                name="programme_manual_figure_has_no_registry_key",
            ),
            models.CheckConstraint(
                condition=~Q(source="computed", registry_key=""),
                name="programme_computed_figure_has_registry_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED


class KeyFigureTarget(TownOwned):
    id = _uuid_pk()
    figure = models.ForeignKey(KeyFigure, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["figure", "year"], name="programme_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.year}: {self.value}"


class KeyFigureValue(TownOwned):
    """A key figure's value for one month (``month`` is its first day): computed by the
    monthly job, or entered with evidence for a manual figure."""

    id = _uuid_pk()
    figure = models.ForeignKey(KeyFigure, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(_("month"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where the figure comes from.")
    )
    evidence_file = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("evidence file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month"]
        verbose_name = _("key figure value")
        verbose_name_plural = _("key figure values")
        constraints = [
            models.UniqueConstraint(fields=["figure", "month"], name="programme_value_unique"),
            models.CheckConstraint(
                condition=Q(month__day=1), name="programme_value_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.month:%Y-%m}: {self.value}"


# --- Funding and best practices -----------------------------------------------------------


class FundingProgramme(TownOwned):
    class Level(models.TextChoices):
        EU = "eu", _("EU")
        FEDERAL = "federal", _("Federal government")
        LAND = "land", _("Land Hesse")
        OTHER = "other", _("Other")

    id = _uuid_pk()
    name = models.CharField(_("programme"), max_length=200)
    level = models.CharField(_("funder level"), max_length=8, choices=Level)
    funder = models.CharField(_("funder"), max_length=200)
    funds = models.TextField(_("what it funds"))
    eligibility = models.TextField(_("who is eligible"), blank=True)
    rate_percent = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cap = models.DecimalField(_("maximum grant (EUR)"), null=True, blank=True, **MONEY)
    deadline = models.DateField(_("next deadline"), null=True, blank=True)
    deadline_note = models.CharField(
        _("about the deadline"), max_length=200, blank=True, help_text=_("e.g. rolling call")
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)
    source = models.TextField(
        _("source"), help_text=_("Where the facts above come from, with the date checked.")
    )
    measures = models.ManyToManyField(
        Measure,
        verbose_name=_("measures it could fund"),
        blank=True,
        related_name="funding_programmes",
    )
    reminded_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The deadline last reminded of."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def __str__(self) -> str:
        return self.name


class FundingApplication(TownOwned):
    class Status(models.TextChoices):
        PREPARING = "preparing", pgettext_lazy("funding application", "Being prepared")
        SUBMITTED = "submitted", pgettext_lazy("funding application", "Submitted")
        GRANTED = "granted", pgettext_lazy("funding application", "Granted")
        REJECTED = "rejected", pgettext_lazy("funding application", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("funding application", "Withdrawn")

    id = _uuid_pk()
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("funding programme"),
        on_delete=models.CASCADE,  # services.funding refuses to delete one with applications
        related_name="applications",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PREPARING)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    amount_requested = models.DecimalField(_("amount requested (EUR)"), **MONEY)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount_granted = models.DecimalField(_("amount granted (EUR)"), null=True, blank=True, **MONEY)
    reporting_duties = models.TextField(_("reporting duties"), blank=True)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "programme__name"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_status_display()}"


class BestPractice(TownOwned):
    id = _uuid_pk()
    municipality = models.CharField(_("municipality"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    summary = models.TextField(_("what they did"))
    results = models.TextField(_("results"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)
    source = models.TextField(_("source"), help_text=_("Where the facts come from."))
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="+"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures"), blank=True, related_name="best_practices"
    )

    class Meta:
        ordering = ["municipality", "topic"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.topic}"


# --- Expert group -------------------------------------------------------------------------


class ExpertGroupMember(TownOwned):
    """A member of the expert group. Members of staff sign in as staff; external experts get
    a citizen account that opens the group's pages and nothing else of the staff area."""

    id = _uuid_pk()
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_group_memberships"
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    is_external = models.BooleanField(_("external expert"), default=False)
    is_chair = models.BooleanField(_("chair"), default=False)
    joined_on = models.DateField(_("member since"), default=timezone.localdate)
    left_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["-is_chair", "organisation"]
        verbose_name = _("expert-group member")
        verbose_name_plural = _("expert-group members")
        constraints = [models.UniqueConstraint(fields=["person"], name="programme_member_once")]

    def __str__(self) -> str:
        return str(self.person)


class Meeting(TownOwned):
    id = _uuid_pk()
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class Decision(TownOwned):
    id = _uuid_pk()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="programme_decision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class GroupTask(TownOwned):
    id = _uuid_pk()
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on"]
        verbose_name = _("task of the expert group")
        verbose_name_plural = _("tasks of the expert group")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return _overdue(self.due_on, self.done_on, today)


class GroupDocument(TownOwned):
    id = _uuid_pk()
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey("uploads.StoredFile", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document of the expert group")
        verbose_name_plural = _("documents of the expert group")

    def __str__(self) -> str:
        return self.title


# --- Annual report ------------------------------------------------------------------------


class AnnualReport(TownOwned):
    """The e-Government annual report of one year. A draft is generated from live data (a
    background job stores the figures in ``data``); publishing freezes ``data``, the web
    page's ``html`` and the PDF, so later changes of the data do not alter it."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report state", "Draft")
        PUBLISHED = "published", pgettext_lazy("report state", "Published")

    id = _uuid_pk()
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT)
    texts = models.JSONField(
        default=dict, blank=True, help_text="The officer's free-text sections by key."
    )
    data = models.JSONField(
        default=dict, blank=True, help_text="The figures of the last generation."
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    html = models.TextField(blank=True, help_text="The published report's page, frozen.")
    pdf = models.ForeignKey(
        "uploads.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="programme_report_year_unique")
        ]

    def __str__(self) -> str:
        return _("e-Government annual report %(year)s") % {"year": self.year}

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED
