"""Issue 16.4 in a bundle (p.2, p.46): the forms, the plan and the activity report it encloses print a registration
number — their own when registered before, else the covering letter's, under which they are then registered."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

from hattama.services import submission
from hattama.services.bundle import format as bundle_format

TODAY = dt.date(2026, 12, 4)
ENCLOSURES = submission.Enclosures(forms_year=2025, plan_year=2027, activity=(dt.date(2026, 1, 1), TODAY))


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_enclosed_forms_plan_and_activity_print_a_number_their_own_or_the_letters(
    store, report_id, identity, tmp_path
) -> None:
    """Issue 16.4 (p.2, p.46): a document registered on its own keeps its number in the bundle; one not yet
    registered goes under the covering letter's number and date, and its PDF prints it, not the draft mark."""
    from hattama.services.registration import register_submission_document, submission_registration

    register_submission_document(store, "plan", "2027", number="07-2/5", on=dt.date(2026, 12, 1), today=TODAY)
    exported = submission.export_bundle(store, [report_id], identity, tmp_path / "own.zip", enclosures=ENCLOSURES,
                                        today=TODAY)
    members = _members(exported.path)
    plan = _pdf_text(members[bundle_format.document_member("plan-2027", "ru", "pdf")], tmp_path)
    forms = _pdf_text(members[bundle_format.document_member("forms-2025", "kk", "pdf")], tmp_path)
    assert "№ 07-2/5" in plan and "1 декабря 2026 года" in plan and "ПРОЕКТ" not in plan
    assert f"№ {exported.registered.number}" in forms and "ЖОБА" not in forms
    assert submission_registration(store, "forms", "2025").number == exported.registered.number
    assert submission_registration(store, "activity", f"2026-01-01-{TODAY.isoformat()}").registered_on == TODAY
