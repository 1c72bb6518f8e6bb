"""The declarative base and the columns every record carries (stable UUID, created/updated times).

Records are later merged across machines (trip laptops, a shared PostgreSQL store, the MFA side), so ids are
UUIDs made by the application and every change moves `updated_at` forward.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import MetaData, Table, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hattama.db.types import UtcDateTime, utc_now

# Stable constraint names keep Alembic's batch mode (SQLite table rebuilds) and PostgreSQL in step.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    if TYPE_CHECKING:
        # Every model here is mapped to one Table (none to a join or a select), so `Model.__table__` can go to
        # insert()/update()/delete() and be asked for its indexes; SQLAlchemy types it as any FromClause.
        __table__: ClassVar[Table]


class Record:
    """Mixin: the identity and times of every stored record."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, default=utc_now, onupdate=utc_now, nullable=False
    )
