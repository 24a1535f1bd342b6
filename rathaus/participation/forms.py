"""Forms of the participation pages: the staff's processes, phases, documents and answers,
and the citizens' proposals and the proposals index's filters."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.forms_rendering import DatePartsField
from rathaus.core.uploads.images import PHOTO_MAX_BYTES
from rathaus.core.uploads.services import accept_attribute

from .models import PROPOSAL_TEXT_LIMIT, Feature, Milestone, Phase, Process, Proposal
from .querysets import SORTS
from .services.processes import DOCUMENT_KINDS

# ---------------------------------------------------------------- staff


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ProcessForm(forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )

    class Meta:
        model = Process
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "unit",
            "allow_anonymous",
            "supports_per_person",
            "proposals_per_person",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "slug": _(
                "Used in the address, e.g. neugestaltung-marktplatz: small letters, "
                "digits and hyphens."
            ),
            "summary": _("One or two sentences shown in the list of processes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("code")


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of phase"), choices=Phase.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the kind of phase as its title."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = DatePartsField(label=_("Starts on"))
    ends_on = DatePartsField(label=_("Ends on"), help_text=_("The last day of the phase."))
    features = forms.MultipleChoiceField(
        label=_("Features switched on during this phase"),
        choices=Feature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @classmethod
    def for_phase(cls, phase: Phase | None, data=None):
        initial = None
        if phase is not None:
            initial = {
                name: getattr(phase, name)
                for name in ("kind", "title", "description", "starts_on", "ends_on", "features")
            }
        return cls(data, initial=initial)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office document, text or image. The document is public."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(DOCUMENT_KINDS)}),
    )
    position = forms.IntegerField(
        label=_("Position in the list"), min_value=0, max_value=999, initial=0
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Official answer"),
        choices=[
            (Proposal.State.EVALUATING, Proposal.State.EVALUATING.label),
            (Proposal.State.ACCEPTED, Proposal.State.ACCEPTED.label),
            (Proposal.State.REJECTED, Proposal.State.REJECTED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    answer = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published with the answer; the proposer and the followers are told."),
        error_messages={"required": _("Please give the reasons for the answer.")},
    )


class ImplementationForm(forms.Form):
    implementation = forms.ChoiceField(
        label=_("State of implementation"), choices=Proposal.Implementation.choices
    )
    progress = forms.IntegerField(
        label=_("Progress in percent"), min_value=0, max_value=100, initial=0
    )
    note = forms.CharField(
        label=_("Note on the implementation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = DatePartsField(label=_("Date"))
    is_done = forms.BooleanField(label=_("Done"), required=False)

    @classmethod
    def for_milestone(cls, milestone: Milestone, data=None):
        return cls(
            data,
            prefix=f"m{milestone.pk.hex[:8]}",
            initial={
                "title": milestone.title,
                "due_on": milestone.due_on,
                "is_done": milestone.is_done,
            },
        )


# ---------------------------------------------------------------- citizens

SHOW_NAME_CHOICES = [
    ("yes", _("Yes, show my name with the proposal")),
    ("no", _("No, publish the proposal without my name")),
]


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("A short title that says what you propose."),
        error_messages={"required": _("Enter a title.")},
    )
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=PROPOSAL_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe your idea and why it helps. At most 5,000 characters."),
        error_messages={"required": _("Describe your proposal.")},
    )
    address = forms.CharField(
        label=_("Place or address"),
        max_length=200,
        required=False,
        help_text=_("Where your proposal is about, for example: Marktplatz, near the fountain."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, in decimal degrees, for example 49.907000."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, in decimal degrees, for example 8.573000."),
    )
    image = forms.FileField(
        label=_("Photo or picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data in the photo is removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        max_length=255,
    )
    show_name = forms.ChoiceField(
        label=_("Show your name?"),
        choices=SHOW_NAME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your name is shown.")},
    )
    # A key per filled-in form: sending it twice (a double click) gives one proposal.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Please send the form again."),
            "invalid": _("Please send the form again."),
        },
    )

    def __init__(self, *args, process: Process, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission", uuid.uuid4())
        super().__init__(*args, **kwargs)
        if not process.allow_anonymous:
            self.fields["show_name"].help_text = _(
                "In this process proposals are published with the author's name."
            )
        else:
            self.fields["show_name"].help_text = _(
                "Without your name the proposal shows no author. The town's staff can see "
                "who submitted it."
            )

    def clean_image(self):
        uploaded = self.cleaned_data.get("image")
        if uploaded and uploaded.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too large: at most 10 MB."))
        return uploaded

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.errors.get("latitude") or self.errors.get("longitude")
        ):
            self.add_error("longitude", _("Enter both latitude and longitude, or neither."))
        return data


STATE_FILTERS = [
    ("", _("All")),
    (Proposal.State.PUBLISHED, _("Not yet answered")),
    (Proposal.State.EVALUATING, _("Under evaluation")),
    (Proposal.State.ACCEPTED, _("Accepted")),
    (Proposal.State.REJECTED, _("Rejected")),
]
LOCATION_FILTERS = [("", _("All")), ("mit", _("With a place")), ("ohne", _("Without a place"))]
SORT_CHOICES = list(
    zip(
        SORTS,
        [_("Random order"), _("Newest first"), _("Most supported"), _("Most commented")],
        strict=True,
    )
)


class ProposalFilterForm(forms.Form):
    """The index's filters as plain GET parameters (works without JavaScript)."""

    antwort = forms.ChoiceField(
        label=_("Answer"),
        choices=STATE_FILTERS,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )
    ort = forms.ChoiceField(
        label=_("Place"),
        choices=LOCATION_FILTERS,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )
    meine = forms.BooleanField(label=_("Only my proposals"), required=False)
    sortierung = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False, initial="random"
    )

    def __init__(self, data=None, *, signed_in: bool, **kwargs):
        super().__init__(data, **kwargs)
        if not signed_in:
            del self.fields["meine"]

    def values(self) -> dict:
        """The chosen filters; anything invalid counts as not chosen."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        location = data.get("ort") or ""
        return {
            "state": data.get("antwort") or "",
            "located": {"mit": True, "ohne": False}.get(location),
            "mine": bool(data.get("meine")),
            "sort": data.get("sortierung") or "random",
            "seed": _positive_int(self.data.get("seed") if self.is_bound else None),
        }


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
