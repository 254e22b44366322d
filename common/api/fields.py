"""Strict serializer fields: what the OpenAPI schema promises is exactly what is accepted.

DRF is lenient by default (`"name": 123` becomes "123", `"is_critical": "yes"` becomes
True, `"journey": "5"` is id 5). Integrations then depend on accidents, and the schema
no longer describes the API. These fields accept only the JSON type the schema names.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.relations import MANY_RELATION_KWARGS

from .tenancy import api_organization

# Ids are 64-bit signed integers in every supported database; anything larger is unknown,
# not an overflow error deep in the database driver.
MAX_ID = 2**63 - 1


def _char_class(chars: str) -> str:
    """`chars` as the inside of a regex character class, runs written as ranges."""
    codes, parts = sorted(map(ord, chars)), []
    start = prev = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == prev + 1:
            prev = code
            continue
        parts.append(f"\\u{start:04x}" + (f"-\\u{prev:04x}" if prev > start else ""))
        start = prev = code
    return "".join(parts)


# What Python's str.split()/strip() (and so DRF's trimming and the services' collapsing)
# treat as whitespace, spelled out: `\s` means slightly different things in Python and
# in the ECMA regexes of JSON Schema validators, so the schema must not use it.
_WS = _char_class("".join(chr(c) for c in range(0x10000) if chr(c).isspace()))
_ANY = r"[^\u0000]"  # NUL cannot be stored in PostgreSQL text; DRF rejects it.
_BLANK = f"[{_WS}]"
_NON_BLANK = f"[^\\u0000{_WS}]"

NOT_EMPTY_NO_NUL = rf"\A{_ANY}+\Z"


def min_length_pattern(length: int) -> str:
    """Text whose trimmed, whitespace-collapsed form has at least `length` characters.

    The services collapse inner whitespace ("a   b" is stored as "a b"), so this is the
    rule the database applies, written so the schema and the server agree exactly.
    """
    gap = f"{_ANY}*"
    if length <= 2:
        # Any two non-blank characters collapse to at least two characters.
        needed = _NON_BLANK + (gap + _NON_BLANK) * (length - 1)
    elif length == 3:
        # Three non-blank characters, or two words ("a b").
        needed = (
            f"(?:{_NON_BLANK}{gap}{_NON_BLANK}{gap}{_NON_BLANK}"
            f"|{_NON_BLANK}{gap}{_BLANK}{gap}{_NON_BLANK})"
        )
    else:  # pragma: no cover - no model asks for more yet
        raise ValueError("min_length_pattern supports lengths up to 3")
    return rf"\A{gap}{needed}{gap}\Z"


def collapsed_length(text: str) -> int:
    return len(" ".join(text.split()))


class DocumentedRuleValidator(RegexValidator):
    """A text rule: its regex goes into the OpenAPI schema (drf-spectacular reads
    `regex`), while the server checks it in plain Python, because the regex's nested
    `*` would backtrack badly on long input."""

    def __init__(self, pattern: str, check, message):
        super().__init__(pattern, message)
        self.check = check

    def __call__(self, value):
        if not self.check(value):
            raise DjangoValidationError(self.message, code=self.code)


class StrictCharField(serializers.CharField):
    """A string, and only a string; `min_length` applies to the collapsed text."""

    default_error_messages = {"invalid": _("Not a valid string.")}

    def __init__(self, **kwargs):
        min_length = kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        # DRF's own NUL check stays; the plain minimum is replaced by the collapsed one.
        self.validators = [v for v in self.validators if not isinstance(v, MinLengthValidator)]
        if min_length:
            message = ngettext(
                "Ensure this field has at least %(count)d character.",
                "Ensure this field has at least %(count)d characters.",
                min_length,
            ) % {"count": min_length}
            self.validators.append(
                DocumentedRuleValidator(
                    min_length_pattern(min_length),
                    # A NUL gets DRF's message, not a misleading one about length.
                    lambda value: "\x00" in value or collapsed_length(value) >= min_length,
                    message,
                )
            )
        else:
            self.validators.append(
                DocumentedRuleValidator(NOT_EMPTY_NO_NUL, lambda value: True, "")
            )

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # Check the length as sent: the schema's maxLength applies to the raw string.
        if self.max_length is not None and len(data) > self.max_length:
            raise serializers.ValidationError(
                ngettext(
                    "Ensure this field has no more than %(max)d character.",
                    "Ensure this field has no more than %(max)d characters.",
                    self.max_length,
                )
                % {"max": self.max_length}
            )
        return super().to_internal_value(data)


class CodeField(StrictCharField):
    """An object of the request's organization named by its code (a location's code, a
    member's employee code), looked up as `selector(organization).filter(<lookup>=code)`.

    Another organization's code is answered like an unknown one (`unknown_message`), so
    the API never confirms that someone else's object exists. The value is the object, or
    with `pk_only` its id (one column read, for a filter).
    """

    def __init__(self, *, selector, unknown_message, lookup="code", pk_only=False, **kwargs):
        kwargs.setdefault("max_length", 40)
        self.selector, self.lookup, self.pk_only = selector, lookup, pk_only
        self.unknown_message = unknown_message
        super().__init__(**kwargs)

    def run_validation(self, data=empty):
        # The text's own rules (a string, its length, no NUL) first: only a well-formed
        # code reaches the database.
        code = super().run_validation(data)
        organization = api_organization(self.context["request"])
        rows = self.selector(organization).filter(**{self.lookup: code})
        found = rows.values_list("pk", flat=True).first() if self.pk_only else rows.first()
        if found is None:
            raise serializers.ValidationError(self.unknown_message)
        return found


class StrictBooleanField(serializers.BooleanField):
    """`true` or `false`, not "yes", 1 or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictChoiceField(serializers.ChoiceField):
    """One of the listed strings; the integer 1 is not the string "1"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class IdField(serializers.IntegerField):
    """A positive 64-bit integer id, sent as a JSON integer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class StrictManyRelatedField(serializers.ManyRelatedField):
    """A list of ids, and only a list: DRF also takes an object (`{}`) as an empty list."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class OrganizationRelatedField(serializers.PrimaryKeyRelatedField):
    """A parent chosen by id among the request organization's objects only.

    Another organization's id is answered exactly like an id that does not exist
    ("Unknown journey."), so the API never confirms that someone else's object exists.
    """

    def __init__(self, *, selector, unknown_message, **kwargs):
        self.selector = selector
        kwargs.setdefault("pk_field", IdField())
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("does_not_exist", unknown_message)
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's own many_init, with the strict list in place of ManyRelatedField.
        return StrictManyRelatedField(
            child_relation=cls(*args, **kwargs),
            **{key: kwargs[key] for key in MANY_RELATION_KWARGS if key in kwargs},
        )

    def get_queryset(self):
        return self.selector(api_organization(self.context["request"]))

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
