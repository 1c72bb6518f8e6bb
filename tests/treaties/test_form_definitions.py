"""p.2: the annual forms 1–5 as data: the shipped proposal, the checks, and a unit's own file replacing it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from hattama import i18n
from hattama.rules.treaty_validation import Measure, ProcedureStep
from hattama.services.errors import ServiceError
from hattama.services.forms.definitions import (
    FIELDS,
    FORM_ITEMS,
    FORM_NUMBERS,
    load_form_definition,
    override_dir,
    shipped_dir,
)
from hattama.services.forms.tables import _Filler, build_form_table
from tests.treaties.samples import treaty_in_force, treaty_signed

KAZAKH_LETTER = re.compile("[әғқңөұүһі]")


@pytest.fixture
def unit_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HATTAMA_DATA_DIR", str(tmp_path))
    folder = override_dir()
    folder.mkdir(parents=True)
    return folder


def shipped(form: int) -> dict:
    return json.loads((shipped_dir() / f"form-{form}.json").read_text(encoding="utf-8"))


def test_the_five_shipped_forms_load_with_kazakh_and_russian_headings_p2() -> None:
    for form in FORM_NUMBERS:
        definition = load_form_definition(form)
        assert definition.item == FORM_ITEMS[form]
        assert definition.treaties == ("in_force" if form <= 3 else "not_in_force")
        assert "{year}" in definition.title["kk"] and "{year}" in definition.title["ru"]
        assert KAZAKH_LETTER.search(definition.title["kk"])
        assert all(column.heading["kk"] != column.heading["ru"] for column in definition.columns)
        assert all(re.search("[а-яё]", column.heading["ru"]) for column in definition.columns)


def test_a_unit_file_replaces_the_shipped_definition_without_a_release_p2(unit_forms: Path, register) -> None:
    official = shipped(2)
    official["title"] = {"kk": "МІМ-нің ресми нысаны, {year}", "ru": "Официальная форма МИД, {year}"}
    official["columns"] = official["columns"][:2]
    (unit_forms / "form-2.json").write_text(json.dumps(official, ensure_ascii=False), encoding="utf-8")
    table = build_form_table(register, 2, 2025, "kk")
    assert table.title == "МІМ-нің ресми нысаны, 2025"
    assert len(table.headings) == 2
    assert load_form_definition(1).source == shipped_dir() / "form-1.json"


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d["columns"][1].update(field="treaty.secret"), "columns[1].field"),
    (lambda d: d["columns"][0]["heading"].pop("ru"), "columns[0].heading"),
    (lambda d: d["columns"][0].update(width=0), "columns[0].width"),
    (lambda d: d.update(form=3), "form"),
    (lambda d: d.update(item="p.46"), "item"),
    (lambda d: d.update(treaties="all"), "treaties"),
    (lambda d: d["group_by"]["labels"].pop("interstate"), "group_by.labels"),
    (lambda d: d.update(columns=[]), "columns"),
    (lambda d: d.update(extra=1), "file"),
])
def test_a_bad_definition_is_refused_naming_the_file_and_place_p2(unit_forms: Path, change, where: str) -> None:
    definition = shipped(1)
    change(definition)
    path = unit_forms / "form-1.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ServiceError) as raised:
        load_form_definition(1)
    message = i18n.describe(raised.value)
    assert str(path) in message and f": {where}: " in message


def test_duplicate_keys_in_a_definition_are_refused(unit_forms: Path) -> None:
    text = json.dumps(shipped(5), ensure_ascii=False)
    (unit_forms / "form-5.json").write_text(text.replace('"form": 5,', '"form": 5, "form": 5,'), encoding="utf-8")
    with pytest.raises(ServiceError, match="duplicate_key form"):
        load_form_definition(5)


def test_every_field_a_column_may_name_is_filled_p2() -> None:
    filler = _Filler(2025, "kk", {})
    in_force = treaty_in_force(measures=(
        Measure(2025, "recommendation", "Ұсыным", dt.date(2025, 2, 3), "Орындалды", "ЕЫДҰ"),
        *treaty_in_force().measures))
    signed = treaty_signed(steps=(*treaty_signed().steps, ProcedureStep("government")))
    for field in sorted(FIELDS):
        group = field.partition(".")[0]
        value = filler.cell(field, signed if group == "procedure" else in_force, 7)
        assert isinstance(value, str), field
        if field not in ("treaty.title_original", "treaty.terminated_on", "treaty.co_executors", "treaty.notes") and not field.endswith(("organisation", "events")) \
                and field not in ("problems.taken_on", "procedure.stage"):
            assert value, field
    assert filler.cell("procedure.pending", signed, 1).startswith("1) ")
    assert filler.cell("recommendations.organisation", in_force, 1) == "ЕЫДҰ"
