"""Trips and the interchange file in the window (issue 17): File menu actions, the merge preview, history."""
