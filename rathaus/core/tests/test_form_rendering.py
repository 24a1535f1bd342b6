"""The one form-rendering layer: labels, hints and errors tied to their fields, groups as
fieldsets, optional fields marked, values kept after an error (GOV.UK patterns on KERN UX)."""

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from rathaus.core.forms_rendering import DatePartsField


class ApplicationForm(forms.Form):
    email = forms.EmailField(label="E-mail address", help_text="We send the receipt there.")
    nickname = forms.CharField(label="Nickname", required=False)
    pet = forms.ChoiceField(
        label="Pet",
        choices=[("cat", "Cat"), ("dog", "Dog")],
        widget=forms.RadioSelect,
        help_text="Choose one.",
    )
    languages = forms.MultipleChoiceField(
        label="Languages",
        choices=[("de", "German"), ("en", "English")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = forms.ChoiceField(label="District", choices=[("", "–"), ("n", "North")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="I agree", help_text="Read the terms first.")
    birthday = DatePartsField(label="Date of birth", autocomplete_prefix="bday")
    reference = forms.CharField(widget=forms.HiddenInput, required=False)
    given_name = forms.CharField(label="Given name", required=False)
    custom = forms.CharField(
        label="Custom", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pet") == "dog" and cleaned.get("district") == "n":
            raise forms.ValidationError("No dogs in the north.")
        return cleaned


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


VALID = {
    "email": "anna@example.org",
    "pet": "cat",
    "district": "n",
    "agree": "on",
    "birthday_0": "27",
    "birthday_1": "3",
    "birthday_2": "2007",
}


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def tag(html: str, pattern: str) -> str:
    """The first start tag matching ``pattern`` (a regex on the tag's text)."""
    match = re.search(rf"<[^>]*{pattern}[^>]*>", html)
    assert match, f"no tag matching {pattern!r}"
    return match.group(0)


def test_every_field_has_a_label_pointing_at_its_control():
    html = str(ApplicationForm())
    assert '<label class="kern-label" for="id_email">E-mail address' in html
    assert 'for="id_notes"' in html and 'id="id_notes"' in html
    assert 'for="id_pet_0"' in html and 'id="id_pet_0"' in html


def test_hint_is_linked_to_the_control():
    html = str(ApplicationForm())
    assert '<div class="kern-hint" id="id_email_hint">We send the receipt there.</div>' in html
    assert 'aria-describedby="id_email_hint"' in tag(html, 'id="id_email"')


def test_error_is_shown_beside_the_field_and_linked_to_it():
    form = ApplicationForm(data={**VALID, "email": "not-an-address"})
    html = str(form)
    control = tag(html, 'id="id_email"')
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_email_hint id_email_error"' in control
    assert "kern-form-input__input--error" in control
    error = re.search(r'<p class="kern-error" id="id_email_error">(.*?)</p>', html, re.S)
    assert error and "Error:" in error.group(1) and "valid email" in error.group(1)


def test_fields_without_errors_are_not_marked_invalid():
    html = str(ApplicationForm(data={**VALID, "email": "x"}))
    assert "aria-invalid" not in tag(html, 'id="id_nickname"')


def test_optional_fields_say_so_and_required_fields_do_not():
    html = str(ApplicationForm())
    assert re.search(r'for="id_nickname">Nickname <span class="kern-label__optional">', html)
    assert not re.search(r'for="id_email">E-mail address <span class="kern-label__optional"', html)


def test_radio_buttons_are_a_fieldset_with_a_legend_and_the_hint_on_the_fieldset():
    html = str(ApplicationForm(data={**VALID, "pet": ""}))
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Pet", html)
    assert fieldset, "radio buttons sit in a fieldset whose legend is the question"
    assert 'aria-describedby="id_pet_hint id_pet_error"' in fieldset.group(0)
    assert "kern-fieldset--error" in fieldset.group(0)
    assert 'type="radio" name="pet" value="cat" id="id_pet_0"' in html
    assert "aria-describedby" not in tag(html, 'id="id_pet_0"')


def test_checkbox_group_is_a_fieldset_and_keeps_the_ticked_boxes():
    html = str(ApplicationForm(data={**VALID, "languages": ["en"]}))
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Languages", html)
    assert " checked" in tag(html, 'value="en"')
    assert " checked" not in tag(html, 'value="de"')


def test_single_checkbox_has_its_label_after_the_box_and_its_hint_linked():
    html = str(ApplicationForm())
    box = tag(html, 'id="id_agree"')
    assert 'class="kern-form-check__checkbox"' in box
    assert 'aria-describedby="id_agree_hint"' in box
    assert html.index('id="id_agree"') < html.index('for="id_agree"')


def test_select_and_textarea_get_the_design_system_classes():
    html = str(ApplicationForm())
    assert 'class="kern-form-input__select-wrapper"' in html
    assert "kern-form-input__select" in tag(html, 'id="id_district"')
    assert "kern-form-input__input" in tag(html, 'id="id_notes"')


def test_hidden_fields_render_without_label():
    html = str(ApplicationForm(initial={"reference": "A-1"}))
    assert 'type="hidden" name="reference" value="A-1"' in html
    assert 'for="id_reference"' not in html


def test_autocomplete_is_set_from_the_field_name_unless_the_form_chose_one():
    html = str(ApplicationForm())
    assert 'autocomplete="email"' in tag(html, 'id="id_email"')
    assert 'spellcheck="false"' in tag(html, 'id="id_email"')
    assert 'autocomplete="given-name"' in tag(html, 'id="id_given_name"')
    assert 'autocomplete="off"' in tag(html, 'id="id_custom"')
    assert "autocomplete" not in tag(html, 'id="id_nickname"')


def test_nothing_typed_is_lost_when_the_form_comes_back_with_errors():
    data = {**VALID, "email": "wrong", "nickname": "Anni", "notes": "Bitte klingeln."}
    data["languages"] = ["de"]
    html = str(ApplicationForm(data=data))
    assert 'value="wrong"' in tag(html, 'id="id_email"')
    assert 'value="Anni"' in tag(html, 'id="id_nickname"')
    assert "Bitte klingeln.</textarea>" in html
    assert " checked" in tag(html, 'id="id_pet_0"')
    assert " checked" in tag(html, 'id="id_agree"')
    assert 'value="27"' in tag(html, 'id="id_birthday_0"')
    assert re.search(r'<option value="n" selected>', html)


def test_date_is_three_labelled_boxes_in_a_fieldset():
    html = str(ApplicationForm())
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Date of birth", html)
    for index, label in enumerate(["Day", "Month", "Year"]):
        assert f'<label class="kern-label" for="id_birthday_{index}">{label}</label>' in html
        box = tag(html, f'id="id_birthday_{index}"')
        assert 'inputmode="numeric"' in box
        assert "kern-form-input__input" in box
    assert 'autocomplete="bday-day"' in tag(html, 'id="id_birthday_0"')
    assert 'name="birthday_2"' in tag(html, 'id="id_birthday_2"')


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2020", "Enter a real date"),
        ("x", "2", "2020", "Enter a real date"),
        ("1", "2", "20", "Enter a real date"),
        ("1", "", "2020", "Enter the day, month and year."),
    ],
)
def test_date_that_is_not_a_real_date_gets_one_clear_message(day, month, year, message):
    form = ApplicationForm(
        data={**VALID, "birthday_0": day, "birthday_1": month, "birthday_2": year}
    )
    assert not form.is_valid()
    assert len(form.errors["birthday"]) == 1
    assert message in form.errors["birthday"][0]
    html = str(form)
    assert 'aria-invalid="true"' in tag(html, 'id="id_birthday_0"')
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Date of birth", html).group(0)
    assert 'aria-describedby="id_birthday_error"' in fieldset


def test_date_parts_become_a_date():
    form = ApplicationForm(data={**VALID, "birthday_0": " 7 ", "birthday_1": "03"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birthday"] == datetime.date(2007, 3, 7)


def test_optional_date_left_empty_is_none():
    class Optional(forms.Form):
        moved_in = DatePartsField(label="Moved in", required=False)

    form = Optional(data={"moved_in_0": "", "moved_in_1": "", "moved_in_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["moved_in"] is None


def test_error_summary_links_each_error_to_its_control():
    form = ApplicationForm(data={**VALID, "email": "", "pet": "", "birthday_1": "13"})
    html = render("{% error_summary form %}", form=form)
    assert 'role="alert"' in html and "There is a problem" in html
    assert '<a class="kern-link" href="#id_email">This field is required.</a>' in html
    assert 'href="#id_pet_0"' in html
    assert 'href="#id_birthday_0"' in html


def test_error_summary_lists_form_wide_errors_without_a_link():
    form = ApplicationForm(data={**VALID, "pet": "dog"})
    html = render("{% error_summary form %}", form=form)
    assert "<li>No dogs in the north.</li>" in html


def test_error_summary_is_empty_for_a_new_or_valid_form():
    assert render("{% error_summary form %}", form=ApplicationForm()).strip() == ""
    assert render("{% error_summary form %}", form=ApplicationForm(data=VALID)).strip() == ""


def test_error_summary_covers_formsets():
    class Line(forms.Form):
        amount = forms.IntegerField(label="Amount")

    formset_class = forms.formset_factory(Line, extra=0)
    formset = formset_class(
        data={
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-amount": "many",
        }
    )
    html = render("{% error_summary formset %}", formset=formset)
    assert 'href="#id_form-0-amount"' in html
