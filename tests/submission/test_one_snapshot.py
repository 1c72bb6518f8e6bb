"""One export reads one consistent snapshot of the store (issue 20.3), and the command line finds reports by id
without reading every report (issue 22.3): the work is counted in connections and SQL statements, never timed."""

from __future__ import annotations

import contextlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from hattama.cli.reports_cmd import resolve_report_id
from hattama.db.errors import StoreBusy
from hattama.db.store import open_store
from hattama.services import submission
from hattama.services.errors import ServiceError
from hattama.services.reports import ReportTexts, get_report, report_ids_starting, save_texts
from tests.submission.helpers import RU_TEXTS, ready_report


@contextlib.contextmanager
def counted(store, name: str) -> Iterator[list[str]]:
    """The engine's `name` events ("checkout": connections taken; "before_cursor_execute": statements) while
    the block runs."""
    seen: list[str] = []

    def count(*args) -> None:
        seen.append(args[2] if name == "before_cursor_execute" else name)

    event.listen(store.engine, name, count)
    try:
        yield seen
    finally:
        event.remove(store.engine, name, count)


def test_an_autosave_during_export_waits_and_the_bundle_agrees_with_itself(store, report_id, identity, tmp_path):
    """While the export runs, another connection cannot write: the JSON and the PDFs are of one moment, and the
    officer's autosave lands after (here it gives up after its short busy timeout)."""
    other = open_store(store.path, busy_timeout_ms=50)
    attempts: list[BaseException] = []

    def autosave(done: int, total: int) -> None:
        if done == 1:
            try:
                save_texts(other, report_id, "ru", ReportTexts(RU_TEXTS.participants, "Изменено во время экспорта",
                                                               RU_TEXTS.agreements))
            except StoreBusy as busy:
                attempts.append(busy)

    try:
        exported = submission.export_bundle(store, [report_id], identity, tmp_path / "b.zip", progress=autosave)
    finally:
        other.close()
    assert len(attempts) == 1
    with zipfile.ZipFile(exported.path) as archive:
        document = json.loads(archive.read(submission.DATA_MEMBER))
    [report] = document["reports"]
    assert RU_TEXTS.issues in json.dumps(report, ensure_ascii=False)
    assert get_report(store, report_id).texts["ru"].issues == RU_TEXTS.issues


def test_the_export_reads_and_writes_through_one_connection(store, report_id, identity, tmp_path) -> None:
    """Every read and write after the export's transaction began goes through its one connection."""
    taken: list[list[str]] = []

    def watch(done: int, total: int) -> None:
        if done == 0:
            taken.append(stack.enter_context(counted(store, "checkout")))

    with contextlib.ExitStack() as stack:
        submission.export_bundle(store, [report_id], identity, tmp_path / "b.zip", progress=watch)
    assert taken == [[]]


def test_an_id_prefix_is_found_by_one_query_however_many_reports(store, tmp_path) -> None:
    """`report pdf ID` and `bundle export --report ID` no longer read every report (and its texts) per id."""
    ids = [ready_report(store, tmp_path, attachment=False) for _ in range(3)]
    with counted(store, "before_cursor_execute") as statements:
        found = resolve_report_id(store, str(ids[1])[:8])
    assert found == ids[1]
    assert len(statements) == 1 and "report_text" not in statements[0]
    assert report_ids_starting(store, str(ids[2]).upper()) == [ids[2]]
    assert report_ids_starting(store, "not-hex") == []
    with pytest.raises(ServiceError, match="There is no report"):
        resolve_report_id(store, "ffffffffffff")


def _report_reads(store, report_id, identity, path: Path) -> list[str]:
    """The statements of an export that read reports or their texts (the stored obligations' refresh aside,
    whose work depends on what changed since the last one)."""
    with counted(store, "before_cursor_execute") as statements:
        submission.export_bundle(store, [report_id], identity, path)
    return [statement for statement in statements if statement.lstrip().startswith("SELECT")
            and ("FROM report" in statement or "JOIN report" in statement) and "obligation" not in statement]


def test_exporting_one_report_does_the_same_work_whatever_else_the_store_holds(store, identity, tmp_path) -> None:
    """The export reads its reports by id: four more reports in the store add no read of reports."""
    first = ready_report(store, tmp_path, attachment=False)
    alone = _report_reads(store, first, identity, tmp_path / "alone.zip")
    others = [ready_report(store, tmp_path, attachment=False) for _ in range(4)]
    crowded = _report_reads(store, others[0], identity, tmp_path / "crowded.zip")
    assert alone and len(crowded) == len(alone)
    assert all("WHERE" in statement for statement in crowded)
