"""Issue 19.2 for the p.46 plan: the level of participation, the initiator, the source of funding and the programme
in Kazakh and in Russian (migration 0018), as the places, positions and organisations are (migration 0015).

p.46 asks for next year's plan of international events by 20 December; Hattama makes it in Kazakh or in Russian,
and a plan in one language must not print the other's text: it prints the form of its language, and refuses,
naming the event and the field, when that form is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.i18n import describe
from hattama.rules.document_language import PLAN_FORMS, missing_translations
from hattama.rules.event_validation import Participant
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.events import create_event, get_event, update_event
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.plans import PlanMissingTranslations, build_plan_table, render_plan
from tests.events.samples import sample_event
from tests.plans.conftest import at

PLAN_KK = dict(participation_level="Вице-министр деңгейі", initiator="Шетелдік тарап",
               funding_source="Республикалық бюджет", programme="Экспортты дамытудың ұлттық жобасы")
PLAN_RU = dict(participation_level_ru="Уровень вице-министра", initiator_ru="Иностранная сторона",
               funding_source_ru="Республиканский бюджет", programme_ru="Проект развития экспорта")

# A word of each form, short enough for the plan's columns: level, initiator, programme.
WORDS = {"kk": ("деңгейі", "Шетелдік", "жобасы"), "ru": ("Уровень", "Иностранная", "экспорта")}


def planned_talks(**changes: object):
    """Talks of the 2027 plan with both forms of every text the plan prints."""
    defaults = dict(starts_at=at(dt.date(2027, 5, 12)), ends_at=at(dt.date(2027, 5, 12), 18),
                    venue_ru="Зал заседаний министерства", participants=(
                        Participant("ours", "Әлия Қасымова", "Вице-министр", "Сауда және интеграция министрлігі",
                                    "Вице-министр", "Министерство торговли и интеграции"),))
    return sample_event(status="planned", **{**defaults, **PLAN_KK, **PLAN_RU, **changes})


# ---------------------------------------------------------------------------------------- the store upgrade

def test_migration_0018_upgrades_a_0017_store_in_place_moving_each_value_by_its_letters(tmp_path: Path) -> None:
    """p.46 plan texts of a store from before 0018: Kazakh letters → Kazakh form; other Cyrillic → Russian form;
    no Cyrillic → both; the event keeps its id and everything else."""
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0017")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        old_columns = {row[1] for row in connection.execute("PRAGMA table_info(event)")}
    assert "initiator_ru" not in old_columns and "initiator" in old_columns
    model = open_store(tmp_path / "model.sqlite3")
    try:
        event_id = create_event(model, sample_event(
            participation_level="Вице-министр", initiator="Шетелдік тарап", funding_source="UNDP", programme="",
            status="planned"))
        columns = [row[1] for row in model.read("PRAGMA table_info(event)") if row[1] in old_columns]
        values = model.read(f"SELECT {', '.join(columns)} FROM event")[0]
    finally:
        model.close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"INSERT INTO event ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           values)
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine, "0018")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute(
            "SELECT participation_level, participation_level_ru, initiator, initiator_ru, funding_source,"
            " funding_source_ru, programme, programme_ru FROM event").fetchall() == [
            ("", "Вице-министр", "Шетелдік тарап", "", "UNDP", "UNDP", "", "")]
    upgraded = open_store(path)  # the application reads the upgraded store
    try:
        data = get_event(upgraded, event_id).data
        assert (data.participation_level_ru, data.initiator, data.title_kk) == (
            "Вице-министр", "Шетелдік тарап", "Қытай делегациясымен келіссөздер")
    finally:
        upgraded.close()


def test_the_migration_writes_out_the_applications_rule() -> None:
    from importlib import import_module

    from hattama.rules.document_language import split_by_language

    migration = import_module("hattama.db.migrations.versions.0018_bilingual_plan_fields")
    for text in ("Бейжің", "Пекин", "Астана", "UNESCO", "", "2-қабат", "Вице-министр"):
        assert migration._split(text) == split_by_language(text), text
    assert [(kazakh, russian) for kazakh, russian, _length in migration._FORMS] == list(PLAN_FORMS.values())


# ------------------------------------------------------------------------------------------ the interchange

def test_both_forms_travel_and_a_file_from_before_0018_imports_split_by_language(store) -> None:
    data = planned_talks()
    assert event_data_from_json(event_data_to_json(data)) == data
    old = event_data_to_json(data)
    for russian in ("participation_level_ru", "initiator_ru", "funding_source_ru", "programme_ru"):
        del old[russian]
    old["participation_level"], old["programme"] = "Уровень вице-министра", "UN SDG"
    read = event_data_from_json(old)
    assert (read.participation_level, read.participation_level_ru) == ("", "Уровень вице-министра")
    assert (read.initiator, read.initiator_ru) == ("Шетелдік тарап", "")
    assert (read.programme, read.programme_ru) == ("UN SDG", "UN SDG")


def test_an_export_carries_the_plans_russian_forms_and_imports_them_back(store, tmp_path: Path) -> None:
    event_id = create_event(store, planned_talks())
    document = export_interchange(store)
    [event] = document["events"]
    assert {name: event[name] for name in PLAN_RU} == PLAN_RU
    assert {name: event[name] for name in PLAN_KK} == PLAN_KK
    # Another store imports the file: both forms arrive.
    other = open_store(tmp_path / "other.sqlite3")
    try:
        import_interchange(other, document, {})
        stored = get_event(other, event_id).data
        assert dataclasses.replace(stored, series_id=None) == dataclasses.replace(planned_talks(), series_id=None)
    finally:
        other.close()
    # A file of an older Hattama (no Russian forms, changed later) still imports, each value read by its letters.
    for name in PLAN_RU:
        del event[name]
    event["initiator"] = "Иностранная сторона"
    later = dt.datetime.fromisoformat(event["updated_at"].rstrip("Z")) + dt.timedelta(minutes=1)
    event["updated_at"] = later.isoformat(timespec="microseconds") + "Z"
    import_interchange(store, document, {})
    stored = get_event(store, event_id).data
    assert (stored.initiator, stored.initiator_ru) == ("", "Иностранная сторона")
    assert (stored.funding_source, stored.funding_source_ru) == ("Республикалық бюджет", "")


# ------------------------------------------------------------------------------------------------- the plan

def test_p46_the_russian_plan_prints_the_russian_forms_and_the_kazakh_plan_the_kazakh(unit, pdf_text) -> None:
    create_event(unit, planned_talks())
    for language, shown in (("ru", PLAN_RU), ("kk", PLAN_KK)):
        [row] = build_plan_table(unit, 2027, language).sections[0].rows
        assert row[5:9] == tuple(shown[name] for name in shown)
        # Narrow columns wrap and hyphenate the long words: the PDF is read by words short enough to stay whole.
        words = set(pdf_text(render_plan(unit, 2027, language, "pdf")).split())
        assert set(WORDS[language]) <= words, language
        assert not set(WORDS["kk" if language == "ru" else "ru"]) & words, language


def test_p46_an_empty_form_reading_the_same_in_both_is_printed_in_both(unit) -> None:
    create_event(unit, planned_talks(funding_source="UNDP", funding_source_ru=""))
    assert build_plan_table(unit, 2027, "ru").sections[0].rows[0][7] == "UNDP"


def test_p46_a_missing_russian_form_is_named_before_the_plan_is_made(unit, store_path, tmp_path, capsys) -> None:
    event_id = create_event(unit, planned_talks(initiator_ru="", programme_ru=""))
    with pytest.raises(PlanMissingTranslations) as raised:
        render_plan(unit, 2027, "ru", "pdf")
    [problem] = raised.value.problems
    assert problem.field == f"events[{event_id}]"
    assert [nested.field for nested in problem.params["problems"]] == ["initiator_ru", "programme_ru"]
    sentence = describe(raised.value, "en")
    assert "“Қытай делегациясымен келіссөздер”:" in sentence  # the event, by its title in the UI's language
    assert "Переговоры с делегацией Китая" in describe(raised.value, "ru")
    assert "The initiator in Russian is missing." in sentence and "The programme in Russian is missing." in sentence
    assert render_plan(unit, 2027, "kk", "pdf").startswith(b"%PDF")  # the Kazakh plan has its forms
    out = tmp_path / "plan.pdf"
    code = main(["--lang", "en", "--db", str(store_path), "plan", "render", "2027", "--lang", "ru", "--format", "pdf",
                 "--out", str(out)])
    assert code != 0 and not out.exists()
    assert "The initiator in Russian is missing." in capsys.readouterr().err
    update_event(unit, event_id, planned_talks())
    assert render_plan(unit, 2027, "ru", "pdf").startswith(b"%PDF")


def test_p46_the_editor_check_names_a_missing_plan_form_only_when_asked() -> None:
    data = planned_talks(funding_source="", participation_level_ru="")
    assert [problem.field for problem in missing_translations(data, "ru", plan=True)] == ["participation_level_ru"]
    assert [problem.field for problem in missing_translations(data, "kk", plan=True)] == ["funding_source"]
    assert missing_translations(data, "ru") == []  # the post-event report does not print the plan's texts


# ------------------------------------------------------------------------------------------------ the editor

@pytest.mark.gui
def test_p46_the_editor_saves_both_forms_of_each_plan_text(qtbot, open_editor, store) -> None:
    event_id = create_event(store, sample_event(starts_at=at(dt.date(2027, 5, 12)),
                                                ends_at=at(dt.date(2027, 5, 12), 18), status="planned"))
    editor = open_editor(event_id)
    fields = editor.plan_fields
    for name, value in {**PLAN_KK, **PLAN_RU}.items():
        fields.edits[name].setText(value)
    assert fields.labels["initiator_ru"].text() == "Initiator in Russian"
    with qtbot.waitSignal(editor.saved):
        editor.save_button.click()
    data = get_event(store, event_id).data
    assert {name: getattr(data, name) for name in {**PLAN_KK, **PLAN_RU}} == {**PLAN_KK, **PLAN_RU}
    reopened = open_editor(event_id)
    assert reopened.plan_fields.edits["programme_ru"].text() == PLAN_RU["programme_ru"]


@pytest.mark.gui
def test_p46_the_editor_says_a_russian_plan_lacks_the_initiator(open_editor, store) -> None:
    editor = open_editor(create_event(store, planned_talks(initiator_ru="")))
    assert "The initiator in Russian is missing." in editor.translations.text()
    editor.plan_fields.edits["initiator_ru"].setText("Иностранная сторона")
    assert editor.translations.isHidden()


def test_p46_only_the_plans_events_are_checked(unit) -> None:
    create_event(unit, planned_talks(title_kk="Басқа", initiator_ru="", starts_at=at(dt.date(2028, 5, 12)),
                                     ends_at=at(dt.date(2028, 5, 12), 18)))
    assert render_plan(unit, 2027, "ru", "pdf").startswith(b"%PDF")  # 2028's event is not in 2027's plan
    with pytest.raises(PlanMissingTranslations):
        render_plan(unit, 2028, "ru", "pdf")
