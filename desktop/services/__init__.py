"""Use cases over rules and storage, shared by the CLI and the UI (no Qt here)."""
