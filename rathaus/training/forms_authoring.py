"""Input of the training admins' pages: a course, a lesson, its images and handout, its
guide steps, and a question with its answers."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.uploads.services import accept_attribute

from .models import Question
from .services import authoring

MARKDOWN_HELP = _(
    "Write in Markdown. A blank line starts a new paragraph. ## starts a heading (### a "
    "sub-heading), - or 1. a list item; **bold**, *italic*, [link text](https://…). "
    "Show an image of this lesson with ![what it shows](bild:1): the number is the one in "
    "the list of images below. HTML and images from elsewhere are not shown."
)


def _number(label, *, minimum, maximum, required=True, help_text="", **kwargs):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class CourseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. informationssicherheit."),
        error_messages={
            "required": _("Enter a short name."),
            "invalid": _("Use lower-case letters, digits and hyphens only."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What the course teaches and why it matters; a few sentences."),
        error_messages={"required": _("Enter a summary.")},
    )
    target_roles = forms.MultipleChoiceField(
        label=_("Target roles"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Everyone holding one of these roles is assigned the course when it is published. "
            "A course needs at least one target role to be published."
        ),
    )
    target_units = forms.ModelMultipleChoiceField(
        label=_("Target units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only people of these units (and the units below); none means every unit."),
    )
    estimated_minutes = _number(
        _("Estimated duration (minutes)"),
        minimum=1,
        maximum=1000,
        error_messages={"required": _("Enter how many minutes the course takes.")},
    )
    validity_months = _number(
        _("Valid for (months)"),
        minimum=1,
        maximum=120,
        required=False,
        help_text=_(
            "After this many months the course is assigned again, e.g. 12 for information "
            "security every year. Leave empty if the course stays valid."
        ),
    )
    due_days = _number(
        _("Days to complete"),
        minimum=1,
        maximum=365,
        help_text=_("Time from an automatic assignment to its due date."),
        error_messages={"required": _("Enter the number of days to complete the course.")},
    )
    pass_mark = _number(
        _("Pass mark (per cent)"),
        minimum=1,
        maximum=100,
        help_text=_("Share of right answers a check needs."),
        error_messages={"required": _("Enter the pass mark.")},
    )
    max_attempts = _number(
        _("Attempts per check"),
        minimum=1,
        maximum=100,
        required=False,
        help_text=_("Leave empty for as many attempts as needed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_roles"].choices = authoring.target_role_choices()
        self.fields["target_units"].queryset = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["target_units"].label_from_instance = lambda unit: f"{unit.code} {unit.name}"

    @staticmethod
    def initial_for(course) -> dict:
        return {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "target_roles": list(course.target_roles),
            "target_units": list(course.target_units.all()),
            "estimated_minutes": course.estimated_minutes,
            "validity_months": course.validity_months,
            "due_days": course.due_days,
            "pass_mark": course.pass_mark,
            "max_attempts": course.max_attempts,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("target_units")
        return data


class LessonForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        max_length=100000,
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Enter the text of the lesson.")},
    )
    questions_per_check = _number(
        _("Questions per check"),
        minimum=0,
        maximum=50,
        help_text=_(
            "Drawn at random from the lesson's questions. 0 means the lesson has no check."
        ),
        error_messages={"required": _("Enter a number of questions (0 for no check).")},
    )

    @staticmethod
    def initial_for(lesson) -> dict:
        return {
            "title": lesson.title,
            "body": lesson.body,
            "questions_per_check": lesson.questions_per_check,
        }


def _image_input() -> forms.ClearableFileInput:
    return forms.FileInput(attrs={"accept": accept_attribute(authoring.IMAGE_KINDS)})


ALT_HELP = _("What the image shows, for people who cannot see it.")


class LessonImageForm(forms.Form):
    upload = forms.FileField(
        label=_("Image"),
        help_text=_("PNG, JPEG or WebP."),
        widget=_image_input(),
        error_messages={"required": _("Choose an image to upload.")},
    )
    alt = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=ALT_HELP,
        error_messages={"required": _("Describe what the image shows.")},
    )


class ImageAltForm(forms.Form):
    alt = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        error_messages={"required": _("Describe what the image shows.")},
    )


class HandoutForm(forms.Form):
    upload = forms.FileField(
        label=_("Handout (PDF)"),
        help_text=_("Replaces the current handout, if there is one."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(authoring.HANDOUT_KINDS)}),
        error_messages={"required": _("Choose a PDF file to upload.")},
    )


class GuideStepForm(forms.Form):
    title = forms.CharField(
        label=_("Step"),
        max_length=200,
        help_text=_("A short instruction, e.g. “Open the file plan”."),
        error_messages={"required": _("Enter the step.")},
    )
    text = forms.CharField(
        label=_("What to do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Describe what to do.")},
    )
    screen = forms.CharField(
        label=_("Screen in Rathaus"),
        max_length=200,
        required=False,
        help_text=_("The address of the screen this step happens on, e.g. /staff/akten/."),
    )
    image = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("PNG, JPEG or WebP."),
        widget=_image_input(),
    )
    image_alt = forms.CharField(
        label=_("Text alternative of the screenshot"),
        max_length=300,
        required=False,
        help_text=ALT_HELP,
    )

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step is not None and step.image_id:
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Remove the screenshot"), required=False
            )

    @staticmethod
    def initial_for(step) -> dict:
        return {
            "title": step.title,
            "text": step.text,
            "screen": step.screen,
            "image_alt": step.image_alt,
        }

    def clean_screen(self):
        screen = self.cleaned_data["screen"].strip()
        if screen and not screen.startswith("/"):
            raise ValidationError(_("Enter an address within Rathaus starting with /."))
        return screen

    def clean(self):
        data = super().clean()
        keeps_image = self.step is not None and self.step.image_id and not data.get("remove_image")
        if (data.get("image") or keeps_image) and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe what the screenshot shows."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data["text"],
            "screen": data["screen"],
            "image_alt": data["image_alt"],
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "For an ordering question, number the answers in the right order; they are "
            "shown shuffled."
        ),
    )
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Enter the question.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Shown after the check, whether the answer was right or wrong."),
    )

    @staticmethod
    def initial_for(question) -> dict:
        return {"kind": question.kind, "text": question.text, "explanation": question.explanation}


class ChoiceForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Answer"), max_length=500, error_messages={"required": _("Enter the answer.")}
    )
    is_correct = forms.BooleanField(label=_("Right answer"), required=False)
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("The order shown; in an ordering question, the right order."),
    )
    feedback = forms.CharField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Shown to whoever chose this answer."),
    )

    @staticmethod
    def initial_for(choice, number: int) -> dict:
        return {
            "id": choice.pk,
            "text": choice.text,
            "is_correct": choice.is_correct,
            "position": number,
            "feedback": choice.feedback,
        }


class BaseChoiceFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this answer")

    def choices(self) -> list[dict]:
        """The answers kept (filled in, not marked for deletion), numbered in the order of
        their positions (ties and empty positions in the order of the form)."""
        kept = [
            (form.cleaned_data.get("position") or index + 1, index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda item: (item[0], item[1]))
        return [
            {
                "id": data.get("id"),
                "text": data["text"],
                "is_correct": data["is_correct"],
                "position": position,
                "feedback": data["feedback"],
            }
            for position, (_order, _index, data) in enumerate(kept)
        ]


ChoiceFormSet = forms.formset_factory(
    ChoiceForm,
    formset=BaseChoiceFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    absolute_max=20,
    validate_max=True,
)

NewChoiceFormSet = forms.formset_factory(
    ChoiceForm,
    formset=BaseChoiceFormSet,
    extra=4,
    can_delete=True,
    max_num=20,
    absolute_max=20,
    validate_max=True,
)
