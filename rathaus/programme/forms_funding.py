"""Forms of the funding pages: a funding programme with the measures it could fund, an
application for funding, a best practice. They validate input only; the rules that span
fields (an application's amounts and dates) are the service's."""

from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .budget_import import parse_amount
from .forms_plan import MoneyField
from .models import BestPractice, FieldOfAction, FundingApplication, FundingProgramme, Measure
from .services.funding import APPLICATION_FIELDS, PRACTICE_FIELDS, PROGRAMME_FIELDS

DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    """The browser's date control; without it a text box taking 2026-03-01 or 01.03.2026."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUTS,
        widget=DateInput,
        error_messages={"invalid": _("Enter a real date, for example 31.03.2026.")},
    )


class EuroField(MoneyField):
    """An amount in euros as people write it: 25000, 25.000, 25.000,50 or 25000.50 €."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 12.500,50."),
        "min_value": _("The amount cannot be negative."),
        "max_decimal_places": _("Enter at most 2 digits after the comma."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
    }

    def __init__(self, *, label, required: bool = True, help_text: str = "", **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(
            label=label,
            required=required,
            help_text=help_text or _("In euros, for example 25.000 or 12.500,50."),
            **kwargs,
        )


def parse_euros(value: str) -> str | None:
    """The amount as a plain decimal string (``None`` for an empty one), read by
    ``budget_import.parse_amount`` like every other amount; ``ValueError`` if it is none."""
    if not value.strip():
        return None
    return str(parse_amount(value))


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}"


class SingleMeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}"


def _https_urls(model_field, **kwargs):
    """A link typed without a scheme is read as https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


def _measures():
    return Measure.objects.order_by("code", "title")


class ProgrammeForm(forms.ModelForm):
    """A funding programme's facts, the source they come from, and the measures it could
    fund."""

    rate_percent = forms.DecimalField(
        label=_("Funding rate (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "The share of the eligible costs the programme pays, e.g. 80. Leave empty if unknown."
        ),
        error_messages={
            "invalid": _("Enter the rate as a number, for example 80 or 62,5."),
            "min_value": _("The rate must be between 0 and 100 per cent."),
            "max_value": _("The rate must be between 0 and 100 per cent."),
        },
    )
    cap = EuroField(
        label=_("Maximum grant (EUR)"),
        required=False,
        help_text=_("The most the programme grants for one project. Leave empty if unknown."),
    )
    deadline = date_field(
        _("Next deadline"),
        help_text=_("The next date by which an application or sketch must be in."),
    )
    measures = MeasureChoiceField(
        label=_("Measures it could fund"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FundingProgramme
        formfield_callback = _https_urls
        fields = [*PROGRAMME_FIELDS, "measures"]
        widgets = {
            "funds": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 4}),
            "level": forms.RadioSelect,
        }
        help_texts = {
            "source": _(
                "Where the facts above come from: the address of the page or guideline, what it "
                "says, and the date you checked it."
            ),
            "url": _("The programme's own page, e.g. https://…"),
        }
        error_messages = {
            "name": {"required": _("Enter the programme's name.")},
            "level": {
                "required": _(
                    "Choose who funds it: the EU, the federal government, the Land or "
                    "another funder."
                )
            },
            "funder": {"required": _("Enter the funder.")},
            "funds": {"required": _("Describe what the programme funds.")},
            "source": {
                "required": _("Enter the source of the facts, with the date you checked it.")
            },
            "url": {"invalid": _("Enter a full web address, starting with https://.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = _measures()
        self.fields["level"].choices = list(FundingProgramme.Level.choices)

    def _post_clean(self):
        # The service checks the model's rules; the form only validates input.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROGRAMME_FIELDS}


class ApplicationForm(forms.ModelForm):
    """An application for funding and its progress."""

    measure = SingleMeasureChoiceField(
        label=_("Measure"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("The measure the funding is for, if it is for one."),
    )
    submitted_on = date_field(_("Submitted on"))
    amount_requested = EuroField(label=_("Amount requested (EUR)"))
    decided_on = date_field(_("Decided on"), help_text=_("When the funder granted or rejected it."))
    amount_granted = EuroField(
        label=_("Amount granted (EUR)"),
        required=False,
        help_text=_("Only when granted; at most the amount requested."),
    )
    next_report_due = date_field(
        _("Next report due"),
        help_text=_("The officers are reminded 30 and 7 days before."),
    )

    class Meta:
        model = FundingApplication
        fields = list(APPLICATION_FIELDS)
        widgets = {
            "status": forms.RadioSelect,
            "reporting_duties": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reporting_duties": _("What has to be reported to the funder, and when."),
        }

    def __init__(self, *args, programme: FundingProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        linked = set(programme.measures.values_list("pk", flat=True))
        measures = list(_measures())
        # The measures the programme could fund come first.
        measures.sort(key=lambda m: (m.pk not in linked, m.code))
        self.fields["measure"].queryset = _measures()
        self.fields["measure"].choices = [("", "---------")] + [
            (m.pk, f"{m.code} {m.title}") for m in measures
        ]
        self.fields["status"].choices = list(FundingApplication.Status.choices)

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PracticeForm(forms.ModelForm):
    """A best practice of another municipality, tagged by field of action and measure."""

    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measures = MeasureChoiceField(
        label=_("Measures it can teach something for"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BestPractice
        formfield_callback = _https_urls
        fields = list(PRACTICE_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "source": _("Where the facts come from: address, what it says, date checked."),
        }
        error_messages = {
            "municipality": {"required": _("Enter the municipality.")},
            "topic": {"required": _("Enter the topic.")},
            "summary": {"required": _("Describe what they did.")},
            "source": {
                "required": _("Enter the source of the facts, with the date you checked it.")
            },
            "url": {"invalid": _("Enter a full web address, starting with https://.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.order_by(
            "position", "title"
        )
        self.fields["measures"].queryset = _measures()
        if self.instance.pk and not self.is_bound:
            self.initial["fields_of_action"] = list(
                self.instance.fields.values_list("pk", flat=True)
            )
            self.initial["measures"] = list(self.instance.measures.values_list("pk", flat=True))

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
