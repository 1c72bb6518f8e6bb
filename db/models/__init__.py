"""All mapped classes; importing this package registers every table on `Base.metadata`."""

from db.models.calendar import CalendarOverride, ObligationMark
from db.models.events import Attachment, AttachmentBlob, Draft, Event, EventParticipant, EventParty
from db.models.reports import Bundle, Report, ReportText, TrustedRoot
from db.models.settings import UnitSettings

__all__ = [
    "Attachment",
    "AttachmentBlob",
    "Bundle",
    "CalendarOverride",
    "Draft",
    "Event",
    "EventParticipant",
    "EventParty",
    "ObligationMark",
    "Report",
    "ReportText",
    "TrustedRoot",
    "UnitSettings",
]
