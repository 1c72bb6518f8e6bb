"""The bundle's naming rules: member paths that stay inside the archive, and users' file names made safe."""

from __future__ import annotations

import hashlib

import pytest

from hattama.services.bundle import format as bundle_format


@pytest.mark.parametrize(
    "path",
    ["data/reports.json", "pdf/7b0c.kk.pdf", "attachments/" + "a" * 64 + "/Бағдарлама (түпнұсқа).docx"],
)
def test_ordinary_member_paths_are_safe(path: str) -> None:
    assert bundle_format.is_safe_member_path(path)


@pytest.mark.parametrize(
    "path",
    ["", "/etc/x", "../x", "data/../../x", "data/./x", "data//x", "data/", "..\\x", "C:/x", "c:x", "x:stream",
     "data/\x00x", "data/\nx", "a" * 600],
)  # fmt: skip
def test_escaping_or_odd_member_paths_are_unsafe(path: str) -> None:
    assert not bundle_format.is_safe_member_path(path)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Бағдарлама.docx", "Бағдарлама.docx"),
        ("C:\\Users\\Әсель\\Хат.pdf", "Хат.pdf"),
        ("../../etc/passwd", "passwd"),
        ('report: "final"?.pdf', "report_ _final__.pdf"),
        ("..", "file"),
        ("", "file"),
    ],
)
def test_user_file_names_become_one_safe_segment(name: str, safe: str) -> None:
    assert bundle_format.safe_file_name(name) == safe
    assert bundle_format.is_safe_member_path(bundle_format.safe_file_name(name))


def test_attachments_are_kept_apart_by_their_hash() -> None:
    data = b"scanned letter"
    assert (
        bundle_format.attachment_member(data, "Хат.pdf")
        == f"attachments/{hashlib.sha256(data).hexdigest()}/Хат.pdf"
    )


def test_pdf_member_names_carry_report_and_language() -> None:
    assert bundle_format.pdf_member("7b0c", "ru") == "pdf/7b0c.ru.pdf"


def test_too_many_members_break_the_limit() -> None:
    problem = bundle_format.size_limit_problem([(f"data/{index}.json", 1) for index in range(10_001)])
    assert problem is not None and problem[1] == {"count": 10_001, "limit": 10_000}


def test_total_size_is_limited_even_when_each_member_is_allowed() -> None:
    member = 150 * 1024 * 1024
    problem = bundle_format.size_limit_problem([(f"pdf/{index}.pdf", member) for index in range(7)])
    assert problem is not None and problem[1] == {"size_mb": 1050, "limit_mb": 1024}
