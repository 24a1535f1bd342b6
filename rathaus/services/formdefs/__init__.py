"""Forms as data: the definition format every service form is stored in.

A definition is JSON::

    {
      "title": "Bewohnerparkausweis",
      "pages": [Page, ...],                  # one page of the form each; at least one
      "rules": [{"id": "R1", "text": "..."}] # rules shown as text (e.g. from FIM), never run
    }

    Page  = {"id": str, "title": str, "show_if": Condition | None, "groups": [Group, ...]}
    Group = {"id": str, "title": str, "hint": str,
             "repeat": {"min": int, "max": int} | None,   # repeatable group (Wiederholung)
             "show_if": Condition | None, "fields": [Field, ...]}
    Field = {"id": str,            # unique in the form; FIM field ids (F60000227) are kept
             "type": one of FIELD_TYPES,
             "label": str, "hint": str, "required": bool,
             "options": [{"value": str, "label": str}],   # choice, multichoice
             "min", "max": number (number) or ISO date / "today" (date),
             "min_length", "max_length": int, "pattern": regex (fullmatch; text),
             "decimals": int (number; 0 = whole numbers),
             "kinds": ["pdf", "jpeg", "png"] (file: allowed kinds of the upload service),
             "prefill": one of PREFILL_SOURCES,
             "show_if": Condition | None,
             "fim": {"id": ..., "version": ..., "feldart": ..., "datentyp": ...}  # provenance}
    Condition = {"field": field id, "equals": value}
              | {"field": field id, "in": [value, ...]}
              | {"field": field id, "filled": true}

Answers are stored keyed by field id: ``{field_id: value}``; a repeatable group stores a
list of such dicts under its group id. Values: text, textarea, email, phone, iban, choice,
date (ISO) as strings; number as a decimal string; multichoice as a list of strings;
address as ``{"street", "postcode", "city"}``; file as the id of a stored file; consent as
``true``. A ``static`` field only shows its label (FIM Feldart "label").
"""

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "multichoice",
    "address",
    "iban",
    "email",
    "phone",
    "file",
    "consent",
    "static",
)

PREFILL_SOURCES = (
    "given_name",
    "family_name",
    "full_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "address",
    "organisation_name",
)
