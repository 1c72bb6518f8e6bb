"""Issue 19.2, documents in one language: places, positions and organisations in Kazakh and in Russian.

An official document is in one language — Kazakh or Russian (Constitution, art. 7; Law "On languages in the
Republic of Kazakhstan", arts. 8–9): the post-event report of p.46 (composition of participants, place) and the
p.48/p.49 letters must not mix the two. Hostile or odd inputs (a Latin name, Kazakh text without
any of the nine Kazakh-only letters, a one-form participant) are built here, not committed as files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import create_sqlite_engine, upgrade
from hattama.i18n import describe
from hattama.rules.document_language import missing_translations, split_by_language, written_in
from hattama.rules.event_validation import Participant
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.event_language import MissingTranslations
from hattama.services.events import create_event, get_event, update_event
from hattama.services.gazetteer import cities, city_names, find_city
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.reports import ReportTexts, create_report, get_report, report_pdf, save_texts
from hattama.services.settings import update_settings
from tests.events.samples import sample_event

KAZAKH_ONLY = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def beijing_talks(**changes: object):
    """Talks in Beijing with both forms of everything a document shows."""
    defaults = dict(
        country="CN", city="Бейжің", city_ru="Пекин", venue="ҚХР Коммерция министрлігі", venue_ru="Министерство коммерции КНР",
        participants=(
            Participant("ours", "Ә. Қасымова", "Вице-министр", "Сауда және интеграция министрлігі", "Вице-министр",
                        "Министерство торговли и интеграции"),
            Participant("foreign", "Ван Лэй", "Министрдің орынбасары", "ҚХР Коммерция министрлігі",
                        "Заместитель министра", "Министерство коммерции КНР"),
        ))
    return sample_event(**{**defaults, **changes})


# ------------------------------------------------------------------------------------------------- the rule

@pytest.mark.parametrize(("text", "language"), [
    ("Бейжің", "kk"), ("Пекин", "ru"), ("Астана", "ru"), ("UNESCO", None), ("", None), ("2-қабат", "kk")])
def test_a_text_is_read_as_the_language_its_letters_show(text: str, language: str | None) -> None:
    assert written_in(text) == language


def test_one_old_value_becomes_the_form_of_its_language() -> None:
    assert split_by_language("Сауда министрінің орынбасары") == ("Сауда министрінің орынбасары", "")
    assert split_by_language("Заместитель министра") == ("", "Заместитель министра")
    assert split_by_language("WTO Secretariat") == ("WTO Secretariat", "WTO Secretariat")


def test_a_russian_document_names_each_field_left_only_in_kazakh() -> None:
    """The issue's case: a Russian PDF would show "Бейжің" and a Kazakh job title."""
    data = beijing_talks(city_ru="", participants=(Participant("ours", "Ә. Қасымова", "Бөлім басшысы", "МТИ"),))
    problems = missing_translations(data, "ru")
    assert [problem.field for problem in problems] == ["city_ru", "participants[0].job_title_ru"]
    assert "Ә. Қасымова" in describe(MissingTranslations("ru", problems))
    assert missing_translations(data, "kk") == []


def test_a_kazakh_document_names_a_foreign_guest_known_only_in_russian() -> None:
    data = beijing_talks(participants=(Participant("foreign", "Ван Лэй", "", "", "Заместитель министра", "Минкоммерции"),))
    assert [p.field for p in missing_translations(data, "kk")] == [
        "participants[0].job_title", "participants[0].organisation"]


def test_a_form_that_reads_the_same_in_both_languages_is_not_missing() -> None:
    data = beijing_talks(city="Астана", city_ru="", venue="EXPO", venue_ru="",
                         participants=(Participant("foreign", "John Smith", "", "", "", "OECD"),))
    assert missing_translations(data, "ru") == []
    assert missing_translations(data, "kk") == []
    assert [p.field for p in missing_translations(dataclasses.replace(data, title_kk=""), "kk")] == ["title_kk"]


def test_a_document_checks_only_what_it_shows() -> None:
    data = beijing_talks(venue_ru="", participants=(Participant("ours", "Ә. Қасымова", "Директор", "Министрлік"),))
    assert [p.field for p in missing_translations(data, "ru")] == ["venue_ru", "participants[0].organisation_ru"]
    assert missing_translations(data, "ru", venue=False, participants=False) == []


# ---------------------------------------------------------------------------------------- the store upgrade

def test_an_old_store_with_participants_keeps_each_value_in_its_language(tmp_path: Path) -> None:
    """Migration 0015: Kazakh letters → Kazakh form; other Cyrillic → Russian form; Latin → both."""
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0014")
    engine.dispose()
    stamp = "2025-03-01 09:00:00.000000"
    event_id = uuid.uuid4()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO event (id, created_at, updated_at, title_kk, title_ru, kind, starts_at, ends_at, country,"
            " city, venue, held_by_body, mfa_participated, notes, owner) VALUES (?, ?, ?, 'Келіссөздер', '', 'talks',"
            " '2025-03-12 10:00:00.000000', '2025-03-12 12:00:00.000000', 'CN', 'Бейжің', 'Diaoyutai', 1, 0, '', 'x')",
            (event_id.hex, stamp, stamp))
        for position, (name, job, organisation) in enumerate((
                ("Ә. Қасымова", "Департамент басшысының орынбасары", "Сауда министрлігі"),
                ("Ван Лэй", "Заместитель министра", "MOFCOM"))):
            connection.execute(
                "INSERT INTO event_participant (id, created_at, updated_at, event_id, side, full_name, job_title,"
                " organisation, position) VALUES (?, ?, ?, ?, 'ours', ?, ?, ?, ?)",
                (uuid.uuid4().hex, stamp, stamp, event_id.hex, name, job, organisation, position))
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine, "0015")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT city, city_ru, venue, venue_ru FROM event").fetchall() == [
            ("Бейжің", "", "Diaoyutai", "Diaoyutai")]
        assert connection.execute(
            "SELECT job_title, job_title_ru, organisation, organisation_ru FROM event_participant ORDER BY position"
        ).fetchall() == [("Департамент басшысының орынбасары", "", "Сауда министрлігі", ""),
                         ("", "Заместитель министра", "MOFCOM", "MOFCOM")]


# ------------------------------------------------------------------------------------------ the interchange

def test_both_forms_travel_and_an_older_file_imports_split_by_language(store) -> None:
    data = beijing_talks()
    assert event_data_from_json(event_data_to_json(data)) == data
    old = event_data_to_json(data)
    for key in ("city_ru", "venue_ru"):
        del old[key]
    old["city"] = "Пекин"
    old["participants"] = [{"side": "foreign", "full_name": "Ван Лэй", "job_title": "Заместитель министра",
                            "organisation": "ҚХР Коммерция министрлігі"}]
    read = event_data_from_json(old)
    assert (read.city, read.city_ru) == ("", "Пекин")
    assert read.participants == (Participant("foreign", "Ван Лэй", "", "ҚХР Коммерция министрлігі",
                                             "Заместитель министра", ""),)


def test_an_export_carries_the_russian_forms_and_a_file_without_them_still_imports(store, tmp_path: Path) -> None:
    event_id = create_event(store, beijing_talks())
    document = export_interchange(store)
    [event] = document["events"]
    assert (event["city"], event["city_ru"]) == ("Бейжің", "Пекин")
    assert event["participants"][1]["job_title_ru"] == "Заместитель министра"
    for key in ("city_ru", "venue_ru"):
        del event[key]
    for person in event["participants"]:
        del person["job_title_ru"], person["organisation_ru"]
    later = dt.datetime.fromisoformat(event["updated_at"].rstrip("Z")) + dt.timedelta(minutes=1)
    event["updated_at"] = later.isoformat(timespec="microseconds") + "Z"
    import_interchange(store, document, {})
    stored = get_event(store, event_id).data
    assert (stored.city, stored.city_ru) == ("Бейжің", "")
    assert stored.participants[1].job_title == "Министрдің орынбасары"


# ------------------------------------------------------------------------------------------------ the PDF

def _unit(store) -> None:
    update_settings(store, body_name_kk="Сауда және интеграция министрлігі", body_name_ru="Министерство торговли",
                    unit_name_kk="Халықаралық департамент", unit_name_ru="Международный департамент",
                    officer_name="Ә. Қасымова", officer_position_kk="Директор", officer_position_ru="Директор")


def _report(store, data) -> uuid.UUID:
    report_id = create_report(store, create_event(store, data))
    save_texts(store, report_id, "ru", ReportTexts(participants="- Ван Лэй, Заместитель министра", issues="Торговля.",
                                                   agreements="Договорились."))
    save_texts(store, report_id, "kk", ReportTexts(participants="- Ван Лэй", issues="Сауда.", agreements="Келісті."))
    return report_id


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_the_russian_pdf_shows_the_russian_place_and_no_kazakh_letters_in_it(store, tmp_path: Path) -> None:
    _unit(store)
    report_id = _report(store, beijing_talks())
    russian = _text(report_pdf(store, report_id, "ru"), tmp_path)
    place = russian.split("Место проведения:", 1)[1].split("Сроки проведения:", 1)[0]
    assert place.strip() == "Министерство коммерции КНР, Пекин, Китай"
    assert not KAZAKH_ONLY.search(place)
    kazakh = _text(report_pdf(store, report_id, "kk"), tmp_path)
    assert "ҚХР Коммерция министрлігі, Бейжің, Қытай" in kazakh and "Пекин" not in kazakh


def test_a_missing_translation_is_named_before_any_pdf_in_the_service_and_the_cli(store, store_path, tmp_path,
                                                                                   capsys) -> None:
    _unit(store)
    report_id = _report(store, beijing_talks(city_ru=""))
    with pytest.raises(MissingTranslations) as raised:
        report_pdf(store, report_id, "ru")
    assert [problem.field for problem in raised.value.problems] == ["city_ru"]
    out = tmp_path / "r.pdf"
    code = main(["--lang", "en", "--db", str(store_path), "report", "pdf", str(report_id), "--lang", "ru",
                 "--out", str(out)])
    assert code != 0 and not out.exists()
    assert "The city in Russian is missing." in capsys.readouterr().err
    assert report_pdf(store, report_id, "kk").startswith(b"%PDF")


# ------------------------------------------------------------------------------------------- the gazetteer

def test_the_gazetteer_has_both_forms_of_each_city_and_says_where_they_come_from() -> None:
    from hattama.paths import resources_dir

    listed = cities()
    assert 50 <= len(listed) <= 300
    assert all(city.kk and city.ru and city.en and re.fullmatch("[A-Z]{2}", city.country) for city in listed)
    assert json.loads((resources_dir() / "gazetteer" / "cities.json").read_text("utf-8"))["source"]
    assert (find_city("бейжің").ru, find_city("Пекин").kk, find_city("Beijing").country) == ("Пекин", "Бейжің", "CN")
    assert city_names("ru", "CN")[:2] == sorted(city_names("ru", "CN")[:2]) and "Пекин" in city_names("ru", "CN")[:6]
    assert not any(KAZAKH_ONLY.search(city.ru) for city in listed)


@pytest.mark.gui
def test_the_city_completes_from_the_gazetteer_and_fills_the_other_form(qtbot) -> None:
    from hattama.ui.events.parts import CityForms

    forms = CityForms()
    qtbot.addWidget(forms)
    completer = forms.kk.completer()
    completer.setCompletionPrefix("Бей")
    assert completer.currentCompletion() == "Бейжің"
    forms.kk.setText("Бейжің")
    forms.kk.editingFinished.emit()
    assert forms.forms() == ("Бейжің", "Пекин")
    forms.set_forms("", "Нью-Йорк (ООН)")  # not in the gazetteer: nothing invented
    forms.ru.editingFinished.emit()
    assert forms.forms() == ("", "Нью-Йорк (ООН)")
    forms.set_forms("Алматы", "Алма-Ата")  # a form the officer typed is never overwritten
    forms.kk.editingFinished.emit()
    assert forms.forms() == ("Алматы", "Алма-Ата")


@pytest.mark.gui
def test_the_event_editor_says_what_a_document_in_each_language_still_lacks(qtbot, store) -> None:
    from hattama.ui.events.editor import EventEditor

    editor = EventEditor(store, create_event(store, beijing_talks(city_ru="")))
    qtbot.addWidget(editor)
    assert "Russian" in editor.translations.text() and "city" in editor.translations.text()
    assert editor.save_button.isEnabled()  # a one-language event can still be saved
    editor.city_ru.setText("Пекин")
    assert editor.translations.isHidden()


# ------------------------------------------------------------------------------------ copy participants (GUI)

@pytest.mark.gui
def test_copy_participants_keeps_each_language_in_its_own_tab(qtbot, store, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from hattama.ui.reports.editor import ReportEditor

    _unit(store)
    report_id = create_report(store, create_event(store, beijing_talks(participants=(
        *beijing_talks().participants, Participant("foreign", "Ли Цзюнь", "Кеңесші", "", "", "")))))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *args: warnings.append(text))
    editor.tabs.setCurrentIndex(0)
    editor.copy_participants()
    kazakh = editor.language_tabs["kk"].edits["participants"].toPlainText()
    assert "Министрдің орынбасары, ҚХР Коммерция министрлігі" in kazakh and "Кеңесші" in kazakh
    editor.tabs.setCurrentIndex(1)
    editor.copy_participants()  # Ли Цзюнь has only a Kazakh position: named, nothing copied
    assert editor.language_tabs["ru"].edits["participants"].toPlainText() == ""
    assert len(warnings) == 1 and "Ли Цзюнь" in warnings[0] and "Russian" in warnings[0]
    assert editor.language_tabs["kk"].edits["participants"].toPlainText() == kazakh
    event_id = get_report(store, report_id).event_id
    data = get_event(store, event_id).data
    update_event(store, event_id, dataclasses.replace(data, participants=(
        *data.participants[:2], dataclasses.replace(data.participants[2], job_title_ru="Советник"))))
    editor.copy_participants()
    russian = editor.language_tabs["ru"].edits["participants"].toPlainText().splitlines()
    assert russian[1] == "- Ван Лэй, Заместитель министра, Министерство коммерции КНР"
    assert not any(KAZAKH_ONLY.search(line.split(", ", 1)[1]) for line in russian)  # names aside
    assert editor.language_tabs["kk"].edits["participants"].toPlainText() == kazakh


@pytest.mark.gui
def test_the_report_editor_names_the_missing_field_instead_of_making_the_pdf(qtbot, store, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from hattama.ui.reports.editor import ReportEditor

    _unit(store)
    report_id = _report(store, beijing_talks(venue_ru=""))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *args: warnings.append(text))
    editor.tabs.setCurrentIndex(1)
    assert editor._render() is None
    assert warnings == ["The document in Russian cannot be made yet: The venue in Russian is missing. Add them in "
                        "the event's editor."]
    editor.tabs.setCurrentIndex(0)
    assert editor._render().startswith(b"%PDF")

