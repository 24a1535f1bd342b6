"""Forms of surveys: the staff builder's forms and the answer form built from a survey."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question, Survey
from .services import AnswerData, parse_lines

MAX_OPTIONS = 30
TEXT_ANSWER_LENGTH = 4000
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time control; without it a text box taking 2026-03-01 10:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "answer_mode", "opens_at", "closes_at", "results_public"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 5}),
            "answer_mode": forms.RadioSelect,
            "results_public": forms.RadioSelect,
            "opens_at": DateTimeInput,
            "closes_at": DateTimeInput,
        }

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        if locked:
            self.fields["answer_mode"].disabled = True
            self.fields["answer_mode"].help_text = _(
                "People have already answered, so this can no longer change."
            )


def _label_lines(value: str) -> list[str]:
    labels = parse_lines(value)
    if len(labels) > MAX_OPTIONS:
        raise forms.ValidationError(_("Enter at most %(count)d lines.") % {"count": MAX_OPTIONS})
    if any(len(label) > 200 for label in labels):
        raise forms.ValidationError(_("Each line may have at most 200 characters."))
    if len({label.casefold() for label in labels}) != len(labels):
        raise forms.ValidationError(_("Each line must be different."))
    return labels


class QuestionForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("Options (for a matrix: the columns)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line, in the order they are shown. For single choice, multiple choice "
            "and matrix questions."
        ),
    )
    rows = forms.CharField(
        label=_("Matrix rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Only for matrix questions: one row per line; people choose one column in each."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "help_text",
            "required",
            "choices",
            "rows",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
        ]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "help_text": _("Optional: explains the question, shown below it."),
            "scale_min": _("Only for scale questions: usually 1 (or 0)."),
            "scale_max": _("Only for scale questions: at most 10 steps above the lowest value."),
            "scale_min_label": _("Only for scale questions, for example “not at all”."),
            "scale_max_label": _("Only for scale questions, for example “very much”."),
        }

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = locked
        question = self.instance
        if question.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(c.label for c in question.choices.all())
            self.initial["rows"] = "\n".join(r.label for r in question.rows.all())
        if locked:
            for name in ("kind", "required", "scale_min", "scale_max"):
                self.fields[name].disabled = True
            self.fields["choices"].help_text = self.fields["rows"].help_text = _(
                "People have already answered: correct the wording of a line, but keep the "
                "number and order of the lines."
            )

    def clean_choices(self):
        return _label_lines(self.cleaned_data.get("choices", ""))

    def clean_rows(self):
        return _label_lines(self.cleaned_data.get("rows", ""))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        choices, rows = data.get("choices") or [], data.get("rows") or []
        if kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and len(choices) < 2:
            self.add_error("choices", _("Enter at least two options, one per line."))
        if kind == Question.Kind.MATRIX:
            if len(choices) < 2:
                self.add_error("choices", _("Enter at least two columns, one per line."))
            if not rows:
                self.add_error("rows", _("Enter at least one row."))
        if kind == Question.Kind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None:
                if high <= low:
                    self.add_error("scale_max", _("The highest value must be above the lowest."))
                elif high - low > 10:
                    self.add_error("scale_max", _("A scale may have at most 11 steps."))
        return data

    def question_data(self) -> dict:
        names = ["text", "help_text", "scale_min_label", "scale_max_label"]
        if not self.locked:
            names += ["kind", "required", "scale_min", "scale_max"]
        return {name: self.cleaned_data[name] for name in names}


# --- the answer form ------------------------------------------------------------------------


@dataclass
class QuestionBlock:
    """What the answer page shows for one question: its number and its fields (a matrix
    has one field per row)."""

    number: int
    question: Question
    fields: list = field(default_factory=list)

    @property
    def is_matrix(self) -> bool:
        return self.question.kind == Question.Kind.MATRIX

    @property
    def matrix_rows(self) -> list[dict]:
        """Each matrix row with its radio group."""
        return [
            {"row": row, "field": bound}
            for row, bound in zip(self.question.rows.all(), self.fields, strict=True)
        ]

    @property
    def columns(self) -> list:
        return list(self.question.choices.all())

    @property
    def errors(self) -> list:
        return [error for bound in self.fields for error in bound.errors]


def question_field_name(question: Question) -> str:
    return f"frage_{question.pk}"


def row_field_name(question: Question, row) -> str:
    return f"frage_{question.pk}_zeile_{row.pk}"


class AnswerForm(forms.Form):
    """All questions of ``survey`` on one page; ``survey`` comes with its questions,
    choices and rows prefetched (``Survey.objects.with_questions()``)."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        self.blocks: list[QuestionBlock] = []
        for number, question in enumerate(self.questions, start=1):
            names = self._add_fields(question, number)
            self.blocks.append(QuestionBlock(number, question, [self[name] for name in names]))

    def _add_fields(self, question: Question, number: int) -> list[str]:
        label = _("%(number)d. %(question)s") % {"number": number, "question": question.text}
        required_message = {"required": _("Please answer this question.")}
        common = {
            "label": label,
            "required": question.required,
            "help_text": question.help_text,
            "error_messages": required_message,
        }
        name = question_field_name(question)
        kind = question.kind
        if kind == Question.Kind.SINGLE:
            options = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            self.fields[name] = forms.ChoiceField(
                choices=options, widget=forms.RadioSelect, **common
            )
        elif kind == Question.Kind.MULTIPLE:
            options = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            common["error_messages"] = {"required": _("Please choose at least one option.")}
            self.fields[name] = forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        elif kind == Question.Kind.SCALE:
            options = [
                (str(value), question.scale_label(value)) for value in question.scale_values()
            ]
            self.fields[name] = forms.ChoiceField(
                choices=options, widget=forms.RadioSelect, **common
            )
        elif kind == Question.Kind.TEXT:
            self.fields[name] = forms.CharField(
                max_length=TEXT_ANSWER_LENGTH, widget=forms.Textarea(attrs={"rows": 5}), **common
            )
        elif kind == Question.Kind.MATRIX:
            options = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            names = []
            for row in question.rows.all():
                row_name = row_field_name(question, row)
                self.fields[row_name] = forms.ChoiceField(
                    label=_("%(question)s: %(row)s") % {"question": label, "row": row.label},
                    choices=options,
                    widget=forms.RadioSelect,
                    required=question.required,
                    error_messages={
                        "required": _("Please choose an answer for “%(row)s”.") % {"row": row.label}
                    },
                )
                names.append(row_name)
            return names
        return [name]

    def answers(self) -> list[AnswerData]:
        """The cleaned answers as the service takes them; unanswered optional questions
        give none."""
        result = []
        for question in self.questions:
            choices = {str(choice.pk): choice for choice in question.choices.all()}
            value = self.cleaned_data.get(question_field_name(question))
            if question.kind == Question.Kind.SINGLE and value:
                result.append(AnswerData(question=question, choice=choices[value]))
            elif question.kind == Question.Kind.MULTIPLE:
                result.extend(AnswerData(question=question, choice=choices[v]) for v in value or [])
            elif question.kind == Question.Kind.SCALE and value:
                result.append(AnswerData(question=question, scale_value=int(value)))
            elif question.kind == Question.Kind.TEXT and value and value.strip():
                result.append(AnswerData(question=question, text=value.strip()))
            elif question.kind == Question.Kind.MATRIX:
                for row in question.rows.all():
                    chosen = self.cleaned_data.get(row_field_name(question, row))
                    if chosen:
                        result.append(
                            AnswerData(question=question, matrix_row=row, choice=choices[chosen])
                        )
        return result
