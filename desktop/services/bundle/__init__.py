"""Signed submission bundles for the MFA: write (`writer`), verify (`verifier`), read after verification
(`reader`); the format's names and limits are in `format`."""
