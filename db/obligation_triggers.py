"""Triggers that queue what changes a stored obligation (issue 18.3), whoever writes: the editors, the importer's
executemany, a trip merge, the demo, the sqlite3 shell.

Each writes into `obligation_dirty` (hattama.db.models.obligations) in the same transaction as the change:
("event", id) for an event or its report, ("series", id) for every meeting of a series (the p.49 briefing of a
meeting depends on the next one), ("letter", id) for a letter and the letter its notice closes (p.44) and ("event", id) for the events a letter
is linked to (a drafted p.48/p.49 document logged as sent closes their obligation),
("project", id) for an image project (p.46), ("subject", id) for a done mark (an event's, a letter's, a
project's, or a year key such as "2026-1"; a p.45 position letter queues its half-year too), ("all", "") for a
calendar override (it moves deadlines everywhere). The obligations service recomputes the queued subjects before
the transaction commits. The body's facts (p.50 settings) live in unit_settings, which later migrations rebuild:
they are compared with the stored stamp instead (and an ORM change to them is noted by the service).

A migration that rebuilds one of these tables (Alembic's batch "move and copy") drops its triggers: it must call
`create_triggers` again afterwards (tests/foundation checks they exist at the newest revision).
"""

from __future__ import annotations

from collections.abc import Callable

# The event columns the rules read (hattama.services.stored_obligations reads the same ones).
EVENT_COLUMNS = ("starts_at", "ends_at", "country", "held_by_body", "mfa_participated", "exemption_area", "series_id",
                 "departs_on", "attendance", "kind", "diplomatic_service_participated", "commission_party", "status",
                 "consultation_on", "diplomatic_agreement_on", "deleted_at", "created_at")
REPORT_COLUMNS = ("event_id", "status", "sent_on", "updated_at", "mfa_request_date", "not_requested_on",
                  "not_requested_reason")


def _queue(kind: str, value: str, when: str | None = None) -> str:
    condition = f" WHERE {when}" if when else ""
    return f"INSERT OR IGNORE INTO obligation_dirty (kind, key) SELECT '{kind}', {value}{condition};"


def _series(row: str) -> str:
    return _queue("series", f"{row}.series_id", f"{row}.series_id IS NOT NULL")


def _letter(row: str) -> str:
    linked = (f"INSERT OR IGNORE INTO obligation_dirty (kind, key) SELECT 'event', subject_id FROM letter_link "
              f"WHERE letter_id = {row}.id AND subject_kind = 'event';")
    return " ".join((_queue("letter", f"{row}.id"),
                     _queue("letter", f"{row}.notice_for_id", f"{row}.notice_for_id IS NOT NULL"),
                     _queue("subject", f"{row}.position_half", f"{row}.position_half != ''"), linked))


def _link(row: str) -> str:
    return _queue("event", f"{row}.subject_id", f"{row}.subject_kind = 'event'")


# name: (event, table, body)
_TRIGGERS: dict[str, tuple[str, str, str]] = {
    "obligation_queue_event_insert": ("AFTER INSERT", "event", _queue("event", "NEW.id") + " " + _series("NEW")),
    "obligation_queue_event_update": (f"AFTER UPDATE OF {', '.join(EVENT_COLUMNS)}", "event",
                                      " ".join((_queue("event", "NEW.id"), _series("NEW"), _series("OLD")))),
    "obligation_queue_event_delete": ("AFTER DELETE", "event", _queue("event", "OLD.id") + " " + _series("OLD")),
    "obligation_queue_report_insert": ("AFTER INSERT", "report", _queue("event", "NEW.event_id")),
    "obligation_queue_report_update": (f"AFTER UPDATE OF {', '.join(REPORT_COLUMNS)}", "report",
                                       _queue("event", "NEW.event_id") + " " + _queue("event", "OLD.event_id")),
    "obligation_queue_report_delete": ("AFTER DELETE", "report", _queue("event", "OLD.event_id")),
    "obligation_queue_mark_insert": ("AFTER INSERT", "obligation_mark", _queue("subject", "NEW.subject_id")),
    "obligation_queue_mark_update": ("AFTER UPDATE", "obligation_mark",
                                     _queue("subject", "NEW.subject_id") + " " + _queue("subject", "OLD.subject_id")),
    "obligation_queue_mark_delete": ("AFTER DELETE", "obligation_mark", _queue("subject", "OLD.subject_id")),
    "obligation_queue_letter_insert": ("AFTER INSERT", "letter", _letter("NEW")),
    # Any column: a letter's purpose (p.48, p.49 documents logged as sent) came after this trigger (0016).
    "obligation_queue_letter_update": ("AFTER UPDATE", "letter", _letter("NEW") + " " + _letter("OLD")),
    "obligation_queue_letter_delete": ("BEFORE DELETE", "letter", _letter("OLD")),
    "obligation_queue_link_insert": ("AFTER INSERT", "letter_link", _link("NEW")),
    "obligation_queue_link_update": ("AFTER UPDATE", "letter_link", _link("NEW") + " " + _link("OLD")),
    "obligation_queue_link_delete": ("AFTER DELETE", "letter_link", _link("OLD")),
    "obligation_queue_project_insert": ("AFTER INSERT", "image_project", _queue("project", "NEW.id")),
    "obligation_queue_project_update": ("AFTER UPDATE", "image_project", _queue("project", "NEW.id")),
    "obligation_queue_project_delete": ("AFTER DELETE", "image_project", _queue("project", "OLD.id")),
    # A day made working or not moves deadlines everywhere: everything is computed again.
    "obligation_queue_override_insert": ("AFTER INSERT", "calendar_override", _queue("all", "''")),
    "obligation_queue_override_update": ("AFTER UPDATE", "calendar_override", _queue("all", "''")),
    "obligation_queue_override_delete": ("AFTER DELETE", "calendar_override", _queue("all", "''")),
}
TRIGGER_NAMES = tuple(_TRIGGERS)


def create_triggers(execute: Callable[[str], object]) -> None:
    """Creates (or re-creates) every trigger; `execute` runs one SQL statement (`op.execute`, a cursor's)."""
    for name, (when, table, body) in _TRIGGERS.items():
        execute(f"DROP TRIGGER IF EXISTS {name}")
        execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW BEGIN {body} END")


def drop_triggers(execute: Callable[[str], object]) -> None:
    for name in _TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")
