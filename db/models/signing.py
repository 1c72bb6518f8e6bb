"""Certificate revocation lists the unit imported (issue 12), checked when bundles are verified offline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base, Record
from hattama.db.types import UtcDateTime


class RevocationList(Base, Record):
    """A CRL as its issuer published it (DER), with what is needed to pick it without parsing every one."""

    __tablename__ = "revocation_list"

    issuer: Mapped[str] = mapped_column(String(1000))
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    this_update: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    next_update: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    der: Mapped[bytes] = mapped_column(LargeBinary)
