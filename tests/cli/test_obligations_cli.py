"""`hattama obligations list --format json` streams the stored obligations in due-date order (issue 18.3)."""

from __future__ import annotations

import datetime as dt
import io
import json

from hattama.cli import main, obligations_cmd
from hattama.rules.obligations import ObligationKind
from hattama.services.obligations import iter_obligations
from hattama.services.settings import update_settings
from tests.services.test_obligations_service import add_event


def test_json_is_written_as_the_rows_come_not_kept(store, store_path, capsys, monkeypatch) -> None:
    update_settings(store, mfa_requests_all_reports=True)
    for days in (10, 20, 30):
        add_event(store, ends=dt.datetime(2026, 11, 1, 17) + dt.timedelta(days=days))
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    written_before: list[int] = []

    def watched(*args, **kwargs):
        for view in iter_obligations(*args, **kwargs):
            written_before.append(out.getvalue().count('"kind"'))  # what was written before this row was read
            yield view

    monkeypatch.setattr(obligations_cmd, "iter_obligations", watched)
    assert main(["--db", str(store_path), "--lang", "en", "obligations", "list", "--format", "json"]) == 0
    items = json.loads(out.getvalue())
    assert written_before == list(range(len(items)))  # each row written before the next is read
    dues = [item["planned_due"] for item in items]
    assert dues == sorted(dues)
    assert {item["kind"] for item in items} >= {ObligationKind.POST_EVENT_REPORT.value}
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"  # the text it always was


def test_an_empty_list_is_an_empty_array(store_path) -> None:
    out = io.StringIO()
    obligations_cmd.write_json_array(iter(()), out)
    assert out.getvalue() == "[]\n"


def test_settings_set_tracking_since_makes_earlier_obligations_count(store, store_path, capsys) -> None:
    """Issue 19.1: on a new store, January's p.2 information is before tracking; once the unit says it has kept
    its obligations in Hattama since 1 January 2026, it is overdue (the clock is pinned to 4 December 2026)."""

    def p2_states() -> set[str]:
        capsys.readouterr()
        assert main(["--db", str(store_path), "--lang", "en", "obligations", "list", "--format", "json"]) == 0
        return {item["state"] for item in json.loads(capsys.readouterr().out)
                if item["kind"] == ObligationKind.TREATY_INFORMATION.value and item["subject_id"].startswith("2026")}

    assert p2_states() == {"before_tracking"}
    assert main(["--db", str(store_path), "--lang", "en", "settings", "set", "tracking_since", "2026-01-01"]) == 0
    assert p2_states() == {"overdue"}
    assert main(["--db", str(store_path), "--lang", "en", "settings", "set", "tracking_since", "2026-13-01"]) != 0
