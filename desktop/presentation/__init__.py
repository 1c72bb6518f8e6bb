"""Wording shared by the CLI and the UI: labels, explanations and check lines for the plain data services return.

Qt-free; translated at the edge, in the language the caller names (the UI's or a document's).
"""
