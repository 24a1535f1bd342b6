"""Model fields that store personal data encrypted (AES-GCM) in the database.

The plaintext never reaches the database: values are sealed in ``pre_save`` with
the row's table, column and primary key as associated data, and read values stay
sealed until the attribute is accessed on the instance that owns them. Models
with encrypted fields need a primary key that exists before the first save
(a UUID default); equality lookups go through a blind index, never the field.
"""

from django import forms
from django.core import checks
from django.core.exceptions import FieldError
from django.db import models

from .cipher import DecryptionError, seal, unseal


class Sealed:
    """A value as stored; it refuses to become text until decrypted with its row."""

    __slots__ = ("ciphertext",)

    def __init__(self, ciphertext: str):
        self.ciphertext = ciphertext

    def __str__(self) -> str:
        raise DecryptionError("An encrypted value must be read through its model instance.")

    def __repr__(self) -> str:
        return "<Sealed value>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.ciphertext == self.ciphertext

    def __hash__(self) -> int:
        return hash(self.ciphertext)


class Ciphertext(str):
    """Marks text produced by sealing, the only text these fields let into the database."""


class EncryptedDescriptor:
    def __init__(self, field: "EncryptedTextField"):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        data = instance.__dict__
        name = self.field.attname
        if name not in data:
            instance.refresh_from_db(fields=[name])
        value = data[name]
        if isinstance(value, Sealed):
            value = self.field.decrypt(instance, value.ciphertext)
            data[name] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. ``multiline`` chooses the form widget; ``max_length``
    limits the plaintext in forms."""

    descriptor_class = EncryptedDescriptor
    form_class = forms.CharField

    def __init__(self, *args, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        pk = self.model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
            errors.append(
                checks.Error(
                    "Encrypted fields need a primary key known before saving (use a UUID).",
                    obj=self,
                    id="crypto.E001",
                )
            )
        return errors

    def associated_data(self, instance) -> bytes:
        if instance.pk is None:
            raise DecryptionError("An encrypted value needs its row's primary key.")
        return f"{self.model._meta.db_table}|{self.column}|{instance.pk}".encode()

    def decrypt(self, instance, ciphertext: str) -> str:
        return unseal(ciphertext, self.associated_data(instance))

    def encrypt(self, instance, plaintext: str) -> Ciphertext:
        return Ciphertext(seal(plaintext, self.associated_data(instance)))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Sealed(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return self.encrypt(model_instance, str(value))

    def get_prep_value(self, value):
        if value is None or value == "" or isinstance(value, Ciphertext):
            return None if value is None else str(value)
        if isinstance(value, Sealed):
            return value.ciphertext
        raise FieldError(
            "Plaintext cannot be written to an encrypted field outside Model.save(); "
            "assign the attribute and save the instance."
        )

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"Encrypted field {self.name!r} cannot be filtered with {lookup_name!r}; "
                "use its blind index."
            )
        return super().get_lookup(lookup_name)

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        return ""

    def formfield(self, **kwargs):
        defaults = {"max_length": self.max_length}
        if not self.multiline:
            defaults["widget"] = forms.TextInput
        defaults.update(kwargs)
        return super().formfield(**defaults)


class EncryptedEmailField(EncryptedTextField):
    form_class = forms.EmailField

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", forms.EmailField)
        kwargs.setdefault("widget", forms.EmailInput)
        return super().formfield(**kwargs)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
