"""Forms of the budget-account pages: the account, its budget of a year, a posting, and
the upload of the finance system's CSV export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.forms_rendering import DatePartsField

from .budget_import import MAX_IMPORT_BYTES
from .forms_plan import MeasureChoiceField, MoneyField, YearField
from .models import BudgetAccount, CostCategory, KeyFigure, Measure, Posting


class AccountForm(forms.ModelForm):
    key_figure = forms.ModelChoiceField(
        label=_("Measurable key figure"),
        queryset=KeyFigure.objects.none(),
        required=False,
        empty_label=_("None yet"),
        help_text=_("The key figure the budget account is measured by."),
    )

    class Meta:
        model = BudgetAccount
        fields = ["number", "product", "title", "key_figure"]
        help_texts = {
            "number": _("The account number in the town's budget, e.g. 54310000."),
            "product": _("The product of the budget, e.g. 1.1.10 Informationstechnik."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_figure"].queryset = KeyFigure.objects.all()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "product": data["product"],
            "title": data["title"],
            "key_figure": data["key_figure"],
        }


class BudgetForm(forms.Form):
    year = YearField()
    amount = MoneyField(label=_("Budget (EUR)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "budget")
        super().__init__(*args, **kwargs)


class PostingForm(forms.Form):
    booked_on = DatePartsField(label=_("Booking date"))
    amount = MoneyField(
        label=_("Amount (EUR)"),
        allow_negative=True,
        help_text=_("A refund is a negative amount, for example -120,00."),
    )
    text = forms.CharField(label=_("Booking text"), max_length=300)
    reference = forms.CharField(
        label=_("Voucher number"),
        max_length=60,
        required=False,
        help_text=_("The finance system's voucher number; an import skips numbers it has."),
    )
    measure = MeasureChoiceField(
        label=_("Measure"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("No single measure"),
    )
    category = forms.ChoiceField(label=_("Type of cost"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.select_related("field").order_by(
            "field__position", "code"
        )
        self.fields["category"].choices = [
            ("", _("Not assigned (counts as other)")),
            *CostCategory.choices,
        ]

    @classmethod
    def initial_from(cls, posting: Posting) -> dict:
        return {
            "booked_on": posting.booked_on,
            "amount": posting.amount,
            "text": posting.text,
            "reference": posting.reference,
            "measure": posting.measure_id,
            "category": posting.category,
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("A posting needs an amount other than zero."))
        return amount

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV export of the finance system"),
        help_text=_(
            "Separated by semicolons or commas, in UTF-8 or Windows-1252, with the columns "
            "Buchungsdatum, Betrag, Buchungstext, Belegnummer, Maßnahme and, if you like, "
            "Kostenart."
        ),
        error_messages={
            "required": _("Choose the CSV file to import."),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; split it.")
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
