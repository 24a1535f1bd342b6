"""JSON Schema (draft 2020-12) of a form's answers, exactly as they are stored (see the
package docstring and ``engine.page_answers``), for systems that receive applications.

Per field id one property; static fields have none. Values are what the form engine keeps:
strings for text, choice, date (``format: date``), e-mail (``format: email``), phone, IBAN
(without spaces, upper case) and numbers; a number is a decimal string ("12.5", "-3"), so its
range cannot be a JSON Schema ``minimum``/``maximum`` (those apply to JSON numbers only): it
is given as ``contentMediaType: application/json`` with a ``contentSchema`` of type number,
which says "this string holds a JSON number in that range" (an annotation validators do not
check by default). Multiple choice is an array of option values, a file the id of the stored
file (``format: uuid``), consent ``true``, an address an object with street, postcode and
city (always all three; empty strings when an optional address is left empty). The engine
never stores empty answers, so stored strings and lists are never empty. A repeatable group
is an array (``minItems``/``maxItems``) of objects keyed by the ids of its fields.

Required. A field is listed in ``required`` only when nothing hides it: no ``show_if`` on
the field, its group or its page. A conditional field that is required is expressed as
``if``/``then`` when all conditions it depends on refer to fields outside repeatable groups
(the only conditions ``validate_definition`` allows): "if those answers are so, this answer
is required". The same holds for a repeatable group with a minimum. A required field inside a
repeatable group with a condition of its own becomes "then every entry has it". Date limits
(``min``/``max``, which may be "today") have no JSON Schema keyword and are left out.
``additionalProperties`` is false: answers to unknown fields are not stored.
"""

from .engine import PHONE_PATTERN, POSTCODE_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"
IBAN_PATTERN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"
DEFAULT_DECIMALS = 2  # what the form engine uses when a number field does not say


def _anchored(pattern: str) -> str:
    """A definition pattern must match the whole answer; JSON Schema patterns search."""
    return f"^(?:{pattern})$"


def _decimal_pattern(decimals: int) -> str:
    if decimals <= 0:
        return r"^-?[0-9]+$"
    return rf"^-?[0-9]+(\.[0-9]{{1,{decimals}}})?$"


def _describe(schema: dict, item: dict) -> dict:
    if item.get("label"):
        schema["title"] = item["label"]
    if item.get("hint"):
        schema["description"] = item["hint"]
    return schema


def _text_schema(item: dict) -> dict:
    schema = {"type": "string", "minLength": max(1, item.get("min_length") or 0)}
    if item.get("max_length") is not None:
        schema["maxLength"] = item["max_length"]
    if item.get("pattern"):
        schema["pattern"] = _anchored(item["pattern"])
    return schema


def _number_schema(item: dict) -> dict:
    decimals = item.get("decimals")
    schema = {
        "type": "string",
        "pattern": _decimal_pattern(DEFAULT_DECIMALS if decimals is None else decimals),
    }
    content = {"type": "number"}
    if item.get("min") is not None:
        content["minimum"] = item["min"]
    if item.get("max") is not None:
        content["maximum"] = item["max"]
    if len(content) > 1:
        schema.update(contentMediaType="application/json", contentSchema=content)
    return schema


def _address_schema(item: dict) -> dict:
    postcode = f"^{POSTCODE_PATTERN}$" if item.get("required") else f"^({POSTCODE_PATTERN})?$"
    part = {"type": "string", "maxLength": 200}
    return {
        "type": "object",
        "properties": {
            "street": dict(part),
            "postcode": {**part, "pattern": postcode},
            "city": dict(part),
        },
        "required": ["street", "postcode", "city"],
        "additionalProperties": False,
    }


def field_schema(item: dict) -> dict | None:
    """The schema of one field's stored answer (None for fields that take no answer)."""
    kind = item.get("type")
    values = [str(option["value"]) for option in item.get("options") or []]
    if kind in ("text", "textarea"):
        schema = _text_schema(item)
    elif kind == "number":
        schema = _number_schema(item)
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "choice":
        schema = {"type": "string", "enum": values}
    elif kind == "multichoice":
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": values},
            "uniqueItems": True,
            "minItems": 1,
        }
    elif kind == "address":
        schema = _address_schema(item)
    elif kind == "email":
        schema = {"type": "string", "format": "email", "maxLength": 254}
    elif kind == "phone":
        schema = {"type": "string", "pattern": _anchored(PHONE_PATTERN)}
    elif kind == "iban":
        schema = {"type": "string", "pattern": IBAN_PATTERN}
    elif kind == "file":
        schema = {"type": "string", "format": "uuid"}
    elif kind == "consent":
        schema = {"type": "boolean", "const": True}
    else:  # static and anything that stores no answer
        return None
    return _describe(schema, item)


def _condition_schema(condition: dict, target: dict | None) -> dict:
    """The ``if`` for one ``show_if`` condition, as the form engine evaluates it."""
    field_id = condition["field"]
    kind = (target or {}).get("type")
    if "in" in condition:
        values = list(condition["in"])
        value = {"contains": {"enum": values}} if kind == "multichoice" else {"enum": values}
    elif condition.get("filled"):
        value = {"not": {"enum": ["", [], {}]}}
    else:
        expected = condition.get("equals")
        if kind == "multichoice":
            value = {"contains": {"const": expected}}
        elif kind == "consent" and expected in (True, "true", "ja", "yes"):
            value = {"const": True}
        else:
            value = {"const": expected}
    return {"properties": {field_id: value}, "required": [field_id]}


class _Builder:
    def __init__(self, definition: dict):
        self.definition = definition
        self.fields: dict[str, dict] = {}
        self.in_repeat: set[str] = set()
        for page in definition.get("pages", []):
            for group in page.get("groups", []):
                for item in group.get("fields", []):
                    self.fields[item["id"]] = item
                    if group.get("repeat"):
                        self.in_repeat.add(item["id"])
        # (conditions, what they make required) for the top level's allOf
        self.conditional: list[tuple[list[dict], dict]] = []

    def expressible(self, conditions: list[dict]) -> bool:
        return all(
            condition.get("field") in self.fields and condition["field"] not in self.in_repeat
            for condition in conditions
        )

    def when(self, conditions: list[dict], then: dict) -> None:
        if self.expressible(conditions):
            self.conditional.append((conditions, then))

    def rule(self, conditions: list[dict], then: dict) -> dict:
        parts = [_condition_schema(c, self.fields.get(c["field"])) for c in conditions]
        return {"if": parts[0] if len(parts) == 1 else {"allOf": parts}, "then": then}

    def entry_schema(self, group: dict) -> tuple[dict, list[tuple[list[dict], dict]]]:
        """The object schema of one entry of a repeatable group; conditions on its fields
        that refer to top-level answers come back to be added at the top."""
        properties, required, outer = {}, [], []
        for item in group.get("fields", []):
            schema = field_schema(item)
            if schema is None:
                continue
            properties[item["id"]] = schema
            condition = item.get("show_if")
            if not item.get("required"):
                continue
            if condition is None:
                required.append(item["id"])
            elif self.expressible([condition]):
                then = {"properties": {group["id"]: {"items": {"required": [item["id"]]}}}}
                outer.append(([condition], then))
        entry = {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return entry, outer

    def build(self, title: str) -> dict:
        properties, required = {}, []
        for page in self.definition.get("pages", []):
            for group in page.get("groups", []):
                conditions = [c for c in (page.get("show_if"), group.get("show_if")) if c]
                if group.get("repeat"):
                    self.repeatable(group, conditions, properties, required)
                    continue
                for item in group.get("fields", []):
                    schema = field_schema(item)
                    if schema is None:
                        continue
                    properties[item["id"]] = schema
                    if not item.get("required"):
                        continue
                    own = conditions + ([item["show_if"]] if item.get("show_if") else [])
                    if own:
                        self.when(own, {"required": [item["id"]]})
                    else:
                        required.append(item["id"])
        schema = {"$schema": DIALECT, "type": "object"}
        if title or self.definition.get("title"):
            schema["title"] = title or self.definition["title"]
        if self.definition.get("hint"):
            schema["description"] = self.definition["hint"]
        schema.update(properties=properties, required=required, additionalProperties=False)
        if self.conditional:
            schema["allOf"] = [self.rule(conds, then) for conds, then in self.conditional]
        return schema

    def repeatable(self, group: dict, conditions: list[dict], properties, required) -> None:
        repeat = group["repeat"]
        low, high = int(repeat.get("min", 0) or 0), repeat.get("max")
        entry, outer = self.entry_schema(group)
        array = {"type": "array", "items": entry}
        if group.get("title"):
            array["title"] = group["title"]
        if group.get("hint"):
            array["description"] = group["hint"]
        if high:
            array["maxItems"] = int(high)
        properties[group["id"]] = array
        for item_conditions, then in outer:
            self.when(item_conditions, then)
        if low < 1:
            return
        if conditions:
            self.when(
                conditions,
                {"required": [group["id"]], "properties": {group["id"]: {"minItems": low}}},
            )
        else:
            array["minItems"] = low
            required.append(group["id"])


def answers_schema(definition: dict, *, title: str = "") -> dict:
    """A JSON Schema (draft 2020-12) that stored answers to ``definition`` satisfy."""
    return _Builder(definition).build(title)
