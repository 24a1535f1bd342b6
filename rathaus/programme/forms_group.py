"""Forms of the expert group's pages: adding a member of staff or inviting an external
expert, a member's organisation and chair, a meeting, a decision with the task that follows
from it, a task, a document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import User
from rathaus.core.uploads.services import accept_attribute

from .forms_funding import date_field
from .models import ExpertGroupMember, Meeting
from .services.group import DOCUMENT_KINDS, MEETING_FIELDS, member_people

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
# The officer types another person's details: the browser must not fill in the officer's own.
NO_AUTOFILL = {"autocomplete": "off"}


def _name(person: User) -> str:
    return person.get_full_name() or person.email


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _name(obj)


def _sorted_choices(people) -> list:
    # Names are encrypted: sort the choices here rather than in the database.
    return [("", "---------")] + sorted(
        ((person.pk, _name(person)) for person in people), key=lambda choice: choice[1].casefold()
    )


class StaffMemberForm(forms.Form):
    person = PersonChoiceField(
        label=_("Member of staff"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the member of staff.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("For staff usually the town and the unit, e.g. Stadt Weiterstadt, Hauptamt."),
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        error_messages={"required": _("Enter the organisation.")},
    )
    is_chair = forms.BooleanField(
        label=_("Chairs the group"),
        required=False,
        help_text=_("The group has one chair; this replaces the current one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = ExpertGroupMember.objects.filter(left_on__isnull=True).values("person_id")
        people = (
            User.objects.staff()
            .active()
            .exclude(pk__in=members)
            .only("pk", "email", "given_name", "family_name")
        )
        self.fields["person"].queryset = people
        self.fields["person"].choices = _sorted_choices(people)


class ExternalMemberForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        error_messages={"required": _("Enter the expert's given name.")},
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        error_messages={"required": _("Enter the expert's family name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation to choose a password goes to this address."),
        widget=forms.EmailInput(attrs=NO_AUTOFILL),
        error_messages={
            "required": _("Enter the expert's e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Where the expert works, e.g. a university, an association or a company."),
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        error_messages={"required": _("Enter the organisation.")},
    )
    is_chair = forms.BooleanField(
        label=_("Chairs the group"),
        required=False,
        help_text=_("The group has one chair; this replaces the current one."),
    )


class MemberForm(forms.ModelForm):
    class Meta:
        model = ExpertGroupMember
        fields = ["organisation", "is_chair"]
        labels = {"is_chair": _("Chairs the group")}
        widgets = {"organisation": forms.TextInput(attrs=NO_AUTOFILL)}
        help_texts = {"is_chair": _("The group has one chair; this replaces the current one.")}
        error_messages = {"organisation": {"required": _("Enter the organisation.")}}

    def _post_clean(self):
        pass


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time control; without it a text box taking 2026-03-01 10:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=DATETIME_INPUTS,
        widget=DateTimeInput,
        error_messages={
            "required": _("Enter the date and time of the meeting."),
            "invalid": _("Enter a real date and time, for example 12.03.2026 17:00."),
        },
    )

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "agenda": _("One item per line."),
            "minutes": _("What was discussed. Record the decisions separately, below the minutes."),
        }
        error_messages = {
            "title": {"required": _("Enter a title, e.g. 3rd meeting 2026.")},
            "place": {"required": _("Enter the place, or “video conference”.")},
            "agenda": {"required": _("Enter the agenda.")},
        }

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEETING_FIELDS}


class _OwnerMixin:
    def _set_owner_choices(self, name: str = "owner") -> None:
        people = member_people()
        self.fields[name].queryset = User.objects.filter(pk__in=[p.pk for p in people])
        self.fields[name].choices = [("", "---------")] + [(p.pk, _name(p)) for p in people]


class DecisionForm(_OwnerMixin, forms.Form):
    text = forms.CharField(
        label=_("Text of the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The decision is numbered by the order in which it is recorded."),
        error_messages={"required": _("Enter the decision.")},
    )
    task_title = forms.CharField(
        label=_("Task that follows from it"),
        required=False,
        max_length=300,
        help_text=_("Leave empty if the decision needs no task."),
    )
    task_owner = PersonChoiceField(
        label=_("Who does the task"), queryset=User.objects.none(), required=False
    )
    task_due_on = date_field(_("Task due on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_owner_choices("task_owner")

    def clean(self):
        data = super().clean()
        if data.get("task_title"):
            if not data.get("task_owner"):
                self.add_error("task_owner", _("Choose the member who does the task."))
            if not data.get("task_due_on"):
                self.add_error("task_due_on", _("Enter the date the task is due."))
        elif data.get("task_owner") or data.get("task_due_on"):
            self.add_error("task_title", _("Describe the task, or leave its owner and date empty."))
        return data


class TaskForm(_OwnerMixin, forms.Form):
    title = forms.CharField(
        label=_("Task"), max_length=300, error_messages={"required": _("Describe the task.")}
    )
    owner = PersonChoiceField(
        label=_("Who does the task"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the member who does the task.")},
    )
    due_on = date_field(_("Due on"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_owner_choices()
        self.fields["due_on"].error_messages["required"] = _("Enter the date the task is due.")


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), OpenDocument text (ODT) or Excel (XLSX)."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(DOCUMENT_KINDS)}),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
        },
    )
