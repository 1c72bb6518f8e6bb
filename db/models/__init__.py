"""All mapped classes; importing this package registers every table on `Base.metadata`."""

from db.models.calendar import CalendarOverride, ObligationMark
from db.models.events import Attachment, AttachmentBlob, Draft, Event, EventParticipant, EventParty
from db.models.history import RecordVersion, TripKit
from db.models.letters import Letter, LetterAttachment, LetterLink, Registration
from db.models.plans import ActivityNarrative, ImageProject, PlanSubmission
from db.models.reports import Bundle, Report, ReportText, TrustedRoot
from db.models.settings import UnitSettings
from db.models.signing import RevocationList
from db.models.treaties import (
    FormSubmission,
    Treaty,
    TreatyMeasure,
    TreatyMeasureEvent,
    TreatyParty,
    TreatyProcedureStep,
)

__all__ = [
    "ActivityNarrative",
    "Attachment",
    "AttachmentBlob",
    "Bundle",
    "CalendarOverride",
    "Draft",
    "Event",
    "EventParticipant",
    "EventParty",
    "FormSubmission",
    "ImageProject",
    "Letter",
    "LetterAttachment",
    "LetterLink",
    "ObligationMark",
    "PlanSubmission",
    "RecordVersion",
    "Registration",
    "Report",
    "ReportText",
    "RevocationList",
    "Treaty",
    "TreatyMeasure",
    "TreatyMeasureEvent",
    "TreatyParty",
    "TreatyProcedureStep",
    "TripKit",
    "TrustedRoot",
    "UnitSettings",
]
