"""The store: SQLAlchemy models, engine and session, Alembic migrations."""
