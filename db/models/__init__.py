"""All mapped classes; importing this package registers every table on `Base.metadata`."""

from hattama.db.models.calendar import CalendarOverride, ObligationMark
from hattama.db.models.events import Attachment, AttachmentBlob, Draft, Event, EventParticipant, EventParty
from hattama.db.models.history import RecordVersion, TripKit
from hattama.db.models.letters import Letter, LetterAttachment, LetterLink, Registration
from hattama.db.models.obligations import (
    EventObligationSummary,
    ObligationDirty,
    ObligationStamp,
    StoredObligation,
)
from hattama.db.models.plans import ActivityNarrative, ImageProject, PlanSubmission
from hattama.db.models.reports import Bundle, Report, ReportText, TrustedRoot
from hattama.db.models.settings import OfficerHandover, UnitSettings
from hattama.db.models.signing import RevocationList
from hattama.db.models.treaties import (
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
    "EventObligationSummary",
    "EventParty",
    "FormSubmission",
    "ImageProject",
    "Letter",
    "LetterAttachment",
    "LetterLink",
    "ObligationDirty",
    "ObligationMark",
    "ObligationStamp",
    "OfficerHandover",
    "PlanSubmission",
    "RecordVersion",
    "Registration",
    "Report",
    "ReportText",
    "RevocationList",
    "StoredObligation",
    "Treaty",
    "TreatyMeasure",
    "TreatyMeasureEvent",
    "TreatyParty",
    "TreatyProcedureStep",
    "TripKit",
    "TrustedRoot",
    "UnitSettings",
]
