"""Errors of the upload service; ``message`` is translated text for the person uploading."""

from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class UploadError(Exception):
    """Base class: the file was not stored. ``message`` can be shown as a form error."""

    message = _("The file could not be stored.")

    def __str__(self) -> str:
        return str(self.message)


class EmptyFile(UploadError):
    message = _("The file is empty.")


class FileTooLarge(UploadError):
    def __init__(self, max_bytes: int):
        super().__init__(max_bytes)
        self.max_bytes = max_bytes
        self.message = format_lazy(
            _("The file is too large. Files can be at most {limit}."), limit=_LazySize(max_bytes)
        )


class FileTypeNotAllowed(UploadError):
    def __init__(self, kinds=()):
        super().__init__(kinds)
        self.kinds = sorted(kinds)
        names = ", ".join(kind.upper() for kind in self.kinds)
        self.message = format_lazy(
            _("This type of file is not accepted here. Accepted are: {kinds}."), kinds=names
        )


class CorruptedFile(Exception):
    """A stored file no longer matches the checksum taken when it was uploaded (or is gone)."""


class _LazySize:
    """The limit in the active language (``filesizeformat`` translates its units)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __str__(self) -> str:
        return str(filesizeformat(self.max_bytes)).replace("\xa0", " ")
