"""p.2: a unit's existing treaty list imported from .xlsx or .csv, all or nothing, the first bad row named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from hattama import i18n
from hattama.services.errors import ServiceError
from hattama.services.treaties import create_treaty, list_treaty_rows
from hattama.services.treaty_import import import_treaties
from tests.treaties.samples import treaty_in_force

HEADINGS = ["Наименование договора", "Вид", "Статус", "Дата подписания", "Дата вступления в силу", "Стороны",
            "Ответственный орган"]
ROWS = [
    ["Соглашение о международных автомобильных перевозках", "intergovernmental ", "", "12.03.2015",
     "2016-01-05", "Узбекистан", "Министерство транспорта"],
    ["Меморандум о взаимопонимании в области статистики", "Interdepartmental", "Signed, not in force", "2024-06-20", "",
     "UZ; UN", "Бюро национальной статистики"],
]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], delimiter: str = ";") -> Path:
    path.write_text("\n".join(delimiter.join(str(cell) for cell in row) for row in rows), encoding="utf-8-sig")
    return path


def test_xlsx_import_maps_usual_headings_names_and_dates_p2(store, tmp_path: Path) -> None:
    rows = [HEADINGS, ROWS[0], [*ROWS[1][:3], dt.datetime(2024, 6, 20), *ROWS[1][4:]]]
    summary = import_treaties(store, write_xlsx(tmp_path / "list.xlsx", rows))
    assert summary.created == 2
    listed = list_treaty_rows(store)
    assert [(r.kind, r.status, r.signed_on, r.party_codes) for r in listed] == [
        ("intergovernmental", "in_force", dt.date(2015, 3, 12), ("UZ",)),
        ("interdepartmental", "signed", dt.date(2024, 6, 20), ("UZ", "UN")),
    ]


def test_csv_import_with_an_explicit_mapping(store, tmp_path: Path) -> None:
    rows = [["Атауы", "Түрі", "Қол қойылды", "Тараптар"],
            ["Ынтымақтастық туралы меморандум", "interdepartmental", "2023-02-01", "Өзбекстан"]]
    path = write_csv(tmp_path / "list.csv", rows, delimiter=",")
    import_treaties(store, path, {"Атауы": "title_kk", "Қол қойылды": "signed_on"})
    [row] = list_treaty_rows(store)
    assert row.title_kk == "Ынтымақтастық туралы меморандум" and row.party_codes == ("UZ",)


def test_the_first_bad_row_is_named_and_nothing_is_imported_p2(store, tmp_path: Path) -> None:
    bad = [*ROWS[1][:4], "2024-06-01", *ROWS[1][5:]]  # in force before it was signed
    path = write_csv(tmp_path / "list.csv", [HEADINGS, ROWS[0], [], bad, ["x", "???", "", "2020-01-01", "", "", ""]])
    with pytest.raises(ServiceError) as raised:
        import_treaties(store, path)
    message = i18n.describe(raised.value)
    assert message.startswith("Row 4: ") and "in_force_on" in message and "Nothing was imported" in message
    assert list_treaty_rows(store) == []


def test_duplicates_in_the_file_or_the_register_are_reported_p2(store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "twice.csv", [HEADINGS, ROWS[0], ROWS[1], ROWS[0]])
    with pytest.raises(ServiceError, match="Row 4: it repeats row 2"):
        import_treaties(store, path)
    existing = treaty_in_force()
    create_treaty(store, existing)
    row = [existing.title_ru, "intergovernmental", "", "2019-09-11", "2020-02-01", "CN", ""]
    with pytest.raises(ServiceError, match="Row 3: the register already has this treaty"):
        import_treaties(store, write_csv(tmp_path / "again.csv", [HEADINGS, ROWS[1], row]))
    assert len(list_treaty_rows(store)) == 1


def test_bad_dates_codes_and_missing_columns_are_named(store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="Row 2: signed_on: “31/12/2020” is not a date"):
        import_treaties(store, write_csv(tmp_path / "a.csv", [HEADINGS, [ROWS[0][0], "interstate", "", "31/12/2020"]]))
    with pytest.raises(ServiceError, match="Row 2: kind: “двусторонний” is not one Hattama knows"):
        import_treaties(store, write_csv(tmp_path / "b.csv", [HEADINGS, [ROWS[0][0], "двусторонний", "", "2020-01-01"]]))
    with pytest.raises(ServiceError, match="No column fills the field “signed_on”"):
        import_treaties(store, write_csv(tmp_path / "c.csv", [["Наименование", "Вид"], ["x", "interstate"]]))
    with pytest.raises(ServiceError, match="not a readable .xlsx"):
        (tmp_path / "d.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
        import_treaties(store, tmp_path / "d.xlsx")
