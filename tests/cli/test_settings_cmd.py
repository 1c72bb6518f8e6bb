"""`hattama settings`: the unit's settings only — the officer's language, key and NCALayer are their own
(issue 17.4, migration 0014) — and the day overdue obligations count from (issue 19.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hattama.cli import main

OFFICER_SETTINGS = ("language", "signing_key_path", "sign_with_ncalayer")


def test_show_lists_only_the_units_settings(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store_path), "--lang", "en", "settings", "show"]) == 0
    output = capsys.readouterr().out
    lines = {line.split("  ")[0]: line.split("  ")[-1].strip() for line in output.splitlines()}
    assert lines["Overdue obligations count from"] == "4 Dec 2026" and lines["Body name (Kazakh)"] == "—"
    assert not [word for word in ("Interface language", "Signing key", "NCALayer") if word in output]
    assert main(["--db", str(store_path), "settings", "show", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert not set(OFFICER_SETTINGS) & set(shown)
    assert shown["tracking_since"] == "2026-12-04"  # the day the store was made (the tests' pinned day)


@pytest.mark.parametrize("name", OFFICER_SETTINGS)
def test_the_officers_settings_cannot_be_set_on_the_unit(store_path: Path, name: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(store_path), "--lang", "en", "settings", "set", name, "ru"])
    assert refused.value.code == 2
    assert name in capsys.readouterr().err
