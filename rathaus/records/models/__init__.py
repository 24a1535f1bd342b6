"""The e-file (e-Akte) after the DOMEA model: file plan → file → procedure → document."""

from .disposal import DeletionProtocol, DisposalBatch, DisposalMessage
from .documents import Document, DocumentVersion
from .files import FileShare, Procedure, ProcedureNote, RecordFile, ReferenceCounter
from .plan import DisposalDecision, FilePlanEntry, RecordsSettings
from .routes import Route, RouteStep
from .search import SearchEntry

__all__ = [
    "DeletionProtocol",
    "DisposalBatch",
    "DisposalMessage",
    "DisposalDecision",
    "Document",
    "DocumentVersion",
    "FilePlanEntry",
    "FileShare",
    "Procedure",
    "ProcedureNote",
    "RecordFile",
    "RecordsSettings",
    "ReferenceCounter",
    "Route",
    "RouteStep",
    "SearchEntry",
]
