"""Alembic environment: always driven from hattama.db.store with an open connection (never from a URL in an ini)."""

from __future__ import annotations

from alembic import context

import hattama.db.models  # noqa: F401  (registers every table)
from hattama.db.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by rebuilding them; batch mode does that safely
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
