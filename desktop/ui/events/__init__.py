"""The Events page, its table model and the event editor."""
