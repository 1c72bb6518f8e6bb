"""Post-event reports (p.46): creation rules, the status workflow, autosaved texts, the rendered document."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from hattama.db.models import EventParticipant
from hattama.i18n import describe
from hattama.services.errors import ServiceError
from hattama.services.event_language import MissingTranslations
from hattama.services.events import delete_event
from hattama.services.reports import (
    ReportTexts,
    close_not_requested,
    create_report,
    events_needing_report,
    get_report,
    list_report_rows,
    list_reports,
    participants_text,
    record_export,
    reopen_requested,
    report_pdf,
    request_report,
    save_texts,
    set_status,
    write_pdf,
)
from tests.reports.helpers import event_ending, unit_with_event

KK_TEXTS = ReportTexts(
    participants="- Ә. Қасымова, Директор\n- Ван Лэй, Вице-министр",
    issues="Екіжақты сауда-экономикалық ынтымақтастықты дамыту мәселелері талқыланды: «Жібек жолы» — № 5.",
    agreements="Тараптар өзара сауда көлемін ұлғайту туралы уағдаласты. Қазақстан тарабының ұстанымы: қолдау.",
)


def test_p46_report_only_for_events_the_body_held(store) -> None:
    attended = unit_with_event(store, held=False)
    with pytest.raises(ServiceError) as raised:
        create_report(store, attended)
    assert "p.46" in str(raised.value)


def test_p50_exempt_event_gets_no_report_and_a_clear_reason(store) -> None:
    exempt = unit_with_event(store, exemption="investment")
    with pytest.raises(ServiceError) as raised:
        create_report(store, exempt)
    assert "p.50" in str(raised.value)
    assert events_needing_report(store) == []


def test_report_is_created_once_per_event(store) -> None:
    event_id = unit_with_event(store)
    assert [choice.event_id for choice in events_needing_report(store)] == [event_id]
    first = create_report(store, event_id)
    assert create_report(store, event_id) == first
    assert events_needing_report(store) == []


def test_texts_are_saved_per_language_and_languages_listed(store) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    record = get_report(store, report_id)
    assert record.languages == ["kk"]
    assert record.texts["kk"].issues == KK_TEXTS.issues


def test_the_list_has_the_latest_ending_event_first_titles_in_the_language_and_not_the_bin(store) -> None:
    early = create_report(store, event_ending(store, dt.datetime(2025, 3, 4, 12), "Ерте", "Рано"))
    late = create_report(store, event_ending(store, dt.datetime(2025, 9, 1, 12), "Кеш", ""))
    binned_event = event_ending(store, dt.datetime(2025, 6, 1, 12), "Себетте", "В корзине")
    binned = create_report(store, binned_event)
    delete_event(store, binned_event)

    rows = list_report_rows(store, "ru")
    assert [(row.id, row.event_title) for row in rows] == [(late, "Кеш"), (early, "Рано")]
    assert [row.event_ends_at for row in rows] == [dt.datetime(2025, 9, 1, 12), dt.datetime(2025, 3, 4, 12)]
    assert [row.status for row in rows] == ["draft", "draft"]
    assert [(record.id, record.event_title) for record in list_reports(store, "kk")] == [(late, "Кеш"), (early, "Ерте")]
    # The bin hides a report from the lists only.
    assert get_report(store, binned).event_title == "Себетте"


def test_list_rows_name_the_languages_a_full_record_does(store) -> None:
    every_blank = "".join(character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace())
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", ReportTexts(participants=every_blank, issues=" \n", agreements="\u3000"))
    save_texts(store, report_id, "ru", ReportTexts(proposals="\u3000Предложения\xa0"))
    blank_only = create_report(store, event_ending(store, dt.datetime(2025, 1, 1, 12)))
    save_texts(store, blank_only, "ru", ReportTexts(issues=every_blank))
    untouched = create_report(store, event_ending(store, dt.datetime(2024, 1, 1, 12)))

    languages = {row.id: row.languages for row in list_report_rows(store)}
    assert languages == {report_id: ("ru",), blank_only: (), untouched: ()}
    assert languages == {record.id: tuple(record.languages) for record in list_reports(store)}
    save_texts(store, blank_only, "kk", ReportTexts(agreements=every_blank + "."))
    assert {row.id: row.languages for row in list_report_rows(store)}[blank_only] == ("kk",)


def test_ready_needs_every_required_section_p46(store) -> None:
    report_id = create_report(store, unit_with_event(store))
    with pytest.raises(ServiceError):
        set_status(store, report_id, "ready")
    save_texts(store, report_id, "ru", ReportTexts(participants="- Иванов", issues="Обсуждены вопросы", agreements=""))
    with pytest.raises(ServiceError) as raised:
        set_status(store, report_id, "ready")
    assert "Agreements reached" in str(raised.value)
    save_texts(store, report_id, "ru", ReportTexts(participants="- Иванов", issues="Обсуждены", agreements="Договорились"))
    set_status(store, report_id, "ready")
    assert get_report(store, report_id).status == "ready"


def test_editing_a_ready_report_returns_it_to_draft(store) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    set_status(store, report_id, "ready")
    save_texts(store, report_id, "kk", ReportTexts(KK_TEXTS.participants, KK_TEXTS.issues + " Қосымша.", KK_TEXTS.agreements))
    assert get_report(store, report_id).status == "draft"


def test_status_workflow_to_sent_and_acknowledged(store) -> None:
    report_id = create_report(store, unit_with_event(store))
    with pytest.raises(ServiceError):
        set_status(store, report_id, "sent")
    save_texts(store, report_id, "kk", KK_TEXTS)
    set_status(store, report_id, "ready")
    record_export(store, [report_id], "ab" * 32)
    assert get_report(store, report_id).status == "exported"
    assert get_report(store, report_id).bundle_sha256 == "ab" * 32
    today = dt.date(2026, 12, 4)
    set_status(store, report_id, "sent", dt.date(2026, 11, 25), today=today)
    set_status(store, report_id, "acknowledged", dt.date(2026, 11, 26), today=today)
    record = get_report(store, report_id)
    assert (record.status, record.sent_on, record.acknowledged_on) == ("acknowledged", dt.date(2026, 11, 25), dt.date(2026, 11, 26))


def test_participants_are_copied_from_the_event_in_the_tab_language(store) -> None:
    """Issue 19.2: "copy participants" puts each language's forms into that language's text, never the other's."""
    event_id = unit_with_event(store)
    assert participants_text(store, event_id, "kk").splitlines() == [
        "- Ә. Қасымова, Директор, МТИ", "- Ван Лэй, Вице-министр, ҚХР Коммерция министрлігі"]
    assert participants_text(store, event_id, "ru").splitlines() == [
        "- Ә. Қасымова, Директор, МТИ", "- Ван Лэй, Вице-министр, Минкоммерции КНР"]


def test_participants_are_not_copied_with_a_missing_translation(store) -> None:
    """A position with only its Kazakh form stops the Russian copy, naming the participant and the field."""
    event_id = unit_with_event(store)
    with store.session() as session:
        session.execute(update(EventParticipant).where(EventParticipant.full_name == "Ван Лэй")
                        .values(job_title="Сауда министрінің орынбасары"))
    with pytest.raises(MissingTranslations) as raised:
        participants_text(store, event_id, "ru")
    assert [problem.field for problem in raised.value.problems] == ["participants[1].job_title_ru"]
    assert "Ван Лэй" in describe(raised.value)
    assert "Сауда министрінің орынбасары" in participants_text(store, event_id, "kk")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_pdf_in_each_language_extracts_exactly(store, tmp_path: Path, language: str) -> None:
    report_id = create_report(store, unit_with_event(store))
    texts = KK_TEXTS if language == "kk" else ReportTexts(
        participants="- Ван Лэй", issues="Обсуждены вопросы торговли «Шёлкового пути» — № 5.", agreements="Стороны договорились.")
    save_texts(store, report_id, language, texts)
    path = write_pdf(store, report_id, language, tmp_path / f"r.{language}.pdf")
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout
    flat = " ".join(extracted.split())
    assert " ".join(texts.issues.split()) in flat
    assert ("Министерство торговли" if language == "ru" else "Сауда және интеграция министрлігі") in flat
    assert ("Китай" if language == "ru" else "Қытай") in flat  # the foreign party, named in the document's language


def test_pdf_for_a_language_without_text_is_refused(store) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    with pytest.raises(ServiceError):
        report_pdf(store, report_id, "ru")


def test_p43_the_unit_responsible_for_international_cooperation_signs_for_the_body(store, tmp_path: Path) -> None:
    """p.43: the unit for international cooperation deals with the MFA, so its name and its officer stand on
    every document sent."""
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    path = write_pdf(store, report_id, "kk", tmp_path / "r.pdf")
    flat = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Халықаралық ынтымақтастық департаменті" in flat
    assert "Департамент директоры" in flat and "Ә. Қасымова" in flat


# ------------------------------------------------------------------------------------------- issue 11

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize("status", ["ready", "exported", "sent", "acknowledged"])
def test_every_status_past_draft_needs_each_language_complete(store, status: str) -> None:
    """Issue 11 point 3 (p.46: participants, issues discussed, agreements reached): a report carrying Russian
    with only the participants cannot be ready, exported, sent or acknowledged."""
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    save_texts(store, report_id, "ru", ReportTexts(participants="- Ван Лэй"))
    with pytest.raises(ServiceError) as raised:
        set_status(store, report_id, status, dt.date(2026, 11, 25), today=TODAY)
    # Ready: the Russian text is incomplete; the rest: a draft moves only to ready (hattama.rules.report_status).
    assert "Russian" in describe(raised.value) or "cannot go from “Draft”" in describe(raised.value)
    assert get_report(store, report_id).status == "draft"


@pytest.mark.parametrize(("on", "why"), [
    (dt.date(2026, 11, 18), "before the event ended"),  # the event ends on 19 November 2026
    (dt.date(2026, 12, 5), "in the future"),
])
def test_a_sent_date_before_the_event_ended_or_in_the_future_is_refused(store, on: dt.date, why: str) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    set_status(store, report_id, "ready", today=TODAY)
    with pytest.raises(ServiceError):
        set_status(store, report_id, "sent", on, today=TODAY)
    set_status(store, report_id, "sent", dt.date(2026, 11, 20), today=TODAY)
    with pytest.raises(ServiceError):
        set_status(store, report_id, "acknowledged", on, today=TODAY)
    with pytest.raises(ServiceError):
        set_status(store, report_id, "acknowledged", dt.date(2026, 11, 19), today=TODAY)  # before it was sent


def test_mfa_request_creates_the_report_and_reopens_a_not_requested_one(store) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: closed as not requested, then the MFA asks after all."""
    event_id = unit_with_event(store)
    report_id = close_not_requested(store, event_id, "Сұрау болмады", dt.date(2026, 12, 1), today=TODAY)
    record = get_report(store, report_id)
    assert (record.not_requested_on, record.not_requested_reason) == (dt.date(2026, 12, 1), "Сұрау болмады")
    with pytest.raises(ServiceError):
        request_report(store, event_id, dt.date(2026, 12, 5), today=TODAY)  # a request in the future
    assert request_report(store, event_id, dt.date(2026, 12, 3), " 12-3/9 ", today=TODAY) == report_id
    record = get_report(store, report_id)
    assert (record.mfa_request_date, record.mfa_request_ref, record.not_requested_on) == (
        dt.date(2026, 12, 3), "12-3/9", None)
    with pytest.raises(ServiceError):
        close_not_requested(store, event_id, "no", today=TODAY)  # the request is recorded


def test_not_requested_needs_a_reason_and_can_be_taken_back(store) -> None:
    event_id = unit_with_event(store)
    with pytest.raises(ServiceError):
        close_not_requested(store, event_id, "   ", today=TODAY)
    report_id = close_not_requested(store, event_id, "Сұрау болмады", today=TODAY)
    reopen_requested(store, report_id)
    assert get_report(store, report_id).not_requested_on is None
