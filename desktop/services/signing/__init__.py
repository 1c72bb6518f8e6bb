"""Signing for MFA submissions: NCA RK PKCS#12 keys, detached CMS over bundle manifests, PAdES in PDFs,
trusted roots, and remembered key passwords in the system keyring.

Import the module you need (`keys`, `cms`, `pades`, `trust`, `secrets`): pyHanko is heavy to import and only
`cms` and `pades` need it.
"""
