"""Bundles in words: the verification checks as lines, an import's summary, and what a bundle holds, for the
`hattama bundle` commands and the window alike (services return the checks, counts and member kinds)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hattama.i18n import N_, _, ngettext, render

if TYPE_CHECKING:  # the verifier loads pyHanko: only a bundle command should wait for it
    from hattama.services.bundle.verifier import Check, VerificationReport
    from hattama.services.interchange.importer import Conflict, ImportResult

CHECK_MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}
# What a listed bundle file is (hattama.services.bundle.format.member_kind), as the Verify page names it.
MEMBER_KIND_LABELS = {
    "report": N_("Report"),
    "forms": N_("Treaty forms (p.2)"),
    "plan": N_("Plan of events (p.46)"),
    "activity": N_("Activity report (p.46)"),
    "letter": N_("Covering letter"),
    "data": N_("Data"),
    "attachment": N_("Attachment"),
}


def check_outcome(check: Check) -> str:
    """"passed", "failed" or "skipped" (a check that could not run after an earlier failure)."""
    if check.passed:
        return "passed"
    return "skipped" if check.skipped else "failed"


def check_detail(check: Check) -> str:
    """The check's detail as a translated sentence (dates in the current language); empty when it has none."""
    if check.detail_msgid is None:
        return ""
    return render(check.detail_msgid, check.params)


def check_line(check: Check) -> str:
    """"✓ The check — its detail", as the CLI prints it."""
    detail = check_detail(check)
    return f"{CHECK_MARKS[check_outcome(check)]} {_(check.name_msgid)}" + (f" — {detail}" if detail else "")


def failed_checks(report: VerificationReport) -> str:
    """The failed checks, each with its reason, on one line."""
    return "; ".join(f"{_(check.name_msgid)} ({check_detail(check)})"
                     for check in report.checks if not check.passed and not check.skipped)


def import_summary(result: ImportResult) -> list[str]:
    """What an import did, as translated sentences for the CLI and the window alike."""
    lines = [_("Imported: {created} new, {updated} updated, {unchanged} unchanged.").format(
        created=result.created, updated=result.updated, unchanged=result.unchanged)]
    older = [conflict for conflict in result.conflicts if conflict.reason is None]
    if older:
        count = len(older)
        lines.append(ngettext("{count} record is newer in the store than in the bundle and was kept.",
                              "{count} records are newer in the store than in the bundle and were kept.",
                              count).format(count=count))
    lines += [refused_line(conflict) for conflict in result.conflicts if conflict.reason is not None]
    if result.missing_attachments:
        count = len(result.missing_attachments)
        lines.append(ngettext("{count} attachment was listed but not in the bundle.",
                              "{count} attachments were listed but not in the bundle.", count).format(count=count))
    return lines


def refused_line(conflict: Conflict) -> str:
    """A newer copy the import refused (`conflict.reason`: a report's status the machine does not allow)."""
    return render(N_("The report {id} was kept as the store has it: {reason} The file's copy is kept in its "
                     "history."), {"id": str(conflict.id), "reason": conflict.reason})


def member_file_name(entry: Mapping[str, Any]) -> str:
    """The name a listed file is shown and opened under: its member name's last part (an attachment's own name,
    "<record>.<language>.pdf" for a document)."""
    return str(entry["path"]).rsplit("/", 1)[-1]
