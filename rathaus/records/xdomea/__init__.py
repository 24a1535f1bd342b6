"""xdomea 3.1.0, the German standard for exchanging records between authorities and with
archives: our files, procedures and documents as xdomea messages and back.

Messages are zips named ``<ProzessID>_<Nachrichtentyp>_<n>.zip`` holding the XML
(``<ProzessID>_<Nachrichtentyp>.xml``) and the primary documents
(``<version UUID>_<name>``). The schemas live in ``schema/`` (KoSIT's xdomea 3.1.0 XSD,
unchanged); every incoming message is validated against them.

- Disposal (Aussonderung): ``build_offer`` (0501), ``parse_evaluation`` (0502),
  ``build_handover`` (0503), ``parse_receipt`` (0504, 0506, 0507).
- ``export_file`` (Abgabe 0401), ``build_routing`` (Geschäftsgang 0201),
  ``import_handover`` (an incoming 0503 or 0401 into a new file).
"""

from .common import Message, MessageError, schema
from .disposal import Receipt, build_handover, build_offer, parse_evaluation, parse_receipt
from .export import build_routing, export_file
from .importing import import_handover

__all__ = [
    "Message",
    "MessageError",
    "Receipt",
    "build_handover",
    "build_offer",
    "build_routing",
    "export_file",
    "import_handover",
    "parse_evaluation",
    "parse_receipt",
    "schema",
]
