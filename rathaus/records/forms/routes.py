"""Forms of co-signing routes (Umlauf): the route with its steps, and a decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit, User
from rathaus.core.staff.forms import StaffChoiceField, UnitChoiceField

from ..models import Document, RouteStep
from .procedures import _staff_choices

EMPTY_STEPS = 5
STEP_PREFIX = "steps"


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class RouteForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = DocumentChoiceField(
        label=_("Document"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Empty: the whole procedure goes on the route."),
    )

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(procedure=procedure).order_by(
            "title"
        )


class StepForm(forms.Form):
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=99,
        initial=1,
        help_text=_("Steps with the same number run at the same time; higher numbers later."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=RouteStep.Kind.choices, initial=RouteStep.Kind.COSIGN
    )
    user = StaffChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    unit = UnitChoiceField(label=_("or unit"), queryset=Unit.objects.none(), required=False)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["user"])
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("The due date must not be in the past."))
        return due

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("user") is None) == (data.get("unit") is None):
            raise forms.ValidationError(_("Choose either a person or a unit for this step."))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    """Every row may stay empty: rows nobody touched are left out."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", STEP_PREFIX)
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("code")
        self._units = units

    def get_form_kwargs(self, index):
        return {"units": self._units}

    def initial_form_count(self):
        return 0

    def clean(self):
        if any(self.errors):
            return
        if not self.filled_rows():
            raise forms.ValidationError(_("Add at least one step."))

    def filled_rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed()]

    def entered_rows(self) -> list[dict]:
        """What was typed into each touched row, to show it again."""
        return [
            {name: form[name].value() for name in form.fields}
            for form in self.forms
            if form.has_changed()
        ]


def step_formset(*, data=None, rows=()):
    """The steps: the rows entered so far plus empty ones (``rows`` when adding a row)."""
    rows = list(rows)
    extra = max(EMPTY_STEPS, len(rows) + 1) if rows else EMPTY_STEPS
    formset_class = forms.formset_factory(
        StepForm, formset=BaseStepFormSet, extra=extra, max_num=50, absolute_max=50
    )
    if data is not None:
        return formset_class(data)
    return formset_class(initial=rows or None)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject or return."),
    )

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "approve": _("Co-sign") if step.kind == RouteStep.Kind.COSIGN else _("Approve"),
            "reject": _("Reject"),
            "return": _("Return to the sender"),
            "noted": _("Noted"),
        }
        from ..services.routes import decisions_for

        choices = [(d, labels[d]) for d in decisions_for(step)]
        self.fields["decision"].choices = choices
        if len(choices) == 1:
            self.fields["decision"].initial = choices[0][0]
            self.fields["decision"].widget = forms.HiddenInput()
            del self.fields["comment"]

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("reject", "return") and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Give a reason in the comment when you reject or return."))
        return data
