"""Forms of the classroom-session pages: scheduling a session, cancelling it, recording
attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import User

from .models import ClassroomSession, Course

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time control; without it a text box taking 2026-03-01 10:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class SessionForm(forms.ModelForm):
    """A session's date, place, places and trainer; the course only when scheduling."""

    # Querysets are set per form: there is no town scope when the module loads.
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    trainer = TrainerChoiceField(label=_("Trainer"), queryset=None)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)

    class Meta:
        model = ClassroomSession
        fields = ["course", "starts_at", "ends_at", "place", "capacity", "trainer", "notes"]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["course"]
        else:
            self.fields["course"].queryset = Course.objects.published().order_by("title")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_INPUTS
        people = User.objects.staff().active().only("pk", "email", "given_name", "family_name")
        self.fields["trainer"].queryset = people
        # Names are encrypted: sort the choices here rather than in the database.
        self.fields["trainer"].choices = [("", "---------")] + sorted(
            ((person.pk, self.fields["trainer"].label_from_instance(person)) for person in people),
            key=lambda choice: choice[1].casefold(),
        )

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("A session must end after it begins."))
        return data

    def _post_clean(self):
        # The service checks the model's rules; the form only validates input.
        pass

    def service_fields(self) -> dict:
        names = ["starts_at", "ends_at", "place", "capacity", "trainer", "notes"]
        return {name: self.cleaned_data[name] for name in names}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered, with the cancellation."),
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Attended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who took part. Attending completes the course for them."),
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.person_id), r.person.get_full_name() or r.person.email) for r in registrations
        ]
        if not self.is_bound:
            self.initial["attended"] = [str(r.person_id) for r in registrations if r.attended]
