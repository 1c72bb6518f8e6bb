"""Signed submission bundles in the window: the export dialog, the Verify page, and the signing key and trusted
roots in the Settings."""
