"""The Session listener that keeps stored obligations in step with every write (issue 18.3), installed when this
module is imported: by hattama.services.stored_obligations, and by the CLI and the window before they open a store.

Light on purpose (a command that only reads pays nothing): at each commit of a session that wrote, it looks for
queued changes (hattama.db.obligation_triggers) or a changed unit setting, and only then loads the rules to
compute them again (hattama.services.stored_obligations.refresh_obligations) before the commit.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from hattama.db.models import ObligationDirty, ObligationStamp, UnitSettings

_SETTINGS_CHANGED = "hattama_settings_changed"


def _wrote(session: Session) -> bool:
    """Whether the session's transaction wrote (the driver begins a transaction only before a write, or for a
    unit of work that asked for the write lock)."""
    if not session.in_transaction():
        return False
    driver = session.connection().connection.driver_connection
    return bool(getattr(driver, "in_transaction", False))


def _note_settings(session: Session, _context: object, _instances: object) -> None:
    """The body's facts live in unit_settings (rebuilt by later migrations, so no trigger): an ORM change to it
    asks the commit to check the stamp."""
    for changed in (session.new, session.dirty, session.deleted):
        if any(isinstance(instance, UnitSettings) for instance in changed):
            session.info[_SETTINGS_CHANGED] = True


def _before_commit(session: Session) -> None:
    session.flush()
    settings_changed = session.info.pop(_SETTINGS_CHANGED, False)
    if not _wrote(session):
        return
    try:
        queued = session.scalars(select(ObligationDirty.kind).limit(1)).first() is not None
        stamped = session.scalars(select(ObligationStamp.version).limit(1)).first() is not None
    except OperationalError as error:  # a store at an older revision (a test building one, an upgrade)
        if "no such table" in str(error):
            return
        raise
    if stamped and (queued or settings_changed):  # nothing stored yet: the first reader computes everything
        from hattama.services.stored_obligations import refresh_obligations

        refresh_obligations(session)


def install() -> None:
    """Registers the listeners on every Session (idempotent)."""
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_flush", _note_settings)
        event.listen(Session, "before_commit", _before_commit)


install()
