"""p.2: `hattama treaty add|list|show|import` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hattama.cli import main


def run(store_path: Path, *args: str) -> int:
    return main(["--db", str(store_path), "--lang", "en", *args])


def test_add_list_show_and_refusals_p2(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Қазақстан Республикасы мен Қырғыз Республикасы арасындағы мемлекеттік шекараны демаркациялау туралы шарт"
    common = ["treaty", "add", "--title-kk", title, "--kind", "interstate", "--signed-on", "2017-12-25",
              "--party", "KG"]
    assert run(store_path, *common, "--status", "in_force") == 2
    assert "A treaty that entered into force needs the date" in capsys.readouterr().err
    assert run(store_path, *common, "--status", "in_force", "--in-force-on", "2019-07-30") == 0
    treaty_id = capsys.readouterr().out.strip()
    assert run(store_path, *common, "--status", "signed") == 2
    assert "already has this treaty" in capsys.readouterr().err
    assert run(store_path, "treaty", "list", "--format", "json") == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["id"] == treaty_id and listed["title_kk"] == title and listed["parties"] == ["KG"]
    assert run(store_path, "treaty", "show", treaty_id[:8]) == 0
    shown = capsys.readouterr().out
    assert title in shown and "Entry into force: " in shown


def test_import_names_the_bad_row(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "treaties.csv"
    path.write_text("title_ru;kind;signed_on\nСоглашение;interstate;2020-01-01\nДоговор;interstate;2020-13-01\n",
                    encoding="utf-8")
    assert run(store_path, "treaty", "import", str(path)) == 2
    assert "Row 3: signed_on" in capsys.readouterr().err
    path.write_text("Название;Тип;Подписан\nСоглашение;interstate;2020-01-01\n", encoding="utf-8")
    assert run(store_path, "treaty", "import", str(path), "--map", "Название=title_ru", "--map", "Тип=kind",
               "--map", "Подписан=signed_on") == 0
    assert "Imported 1 treaties" in capsys.readouterr().out
