"""Shared set-up for the bundle use-case tests (service, CLI, GUI): ready reports, key files, root files."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select

from hattama.db.models import (
    Attachment,
    AttachmentBlob,
    Bundle,
    Event,
    Letter,
    Registration,
    Report,
    ReportText,
    TrustedRoot,
)
from hattama.services.attachments import add_attachment
from hattama.services.reports import ReportTexts, create_report, save_texts, set_status
from hattama.services.settings import update_settings
from tests.pki import PASSWORD, Issued, Pki
from tests.reports.helpers import unit_with_event

BODY_NAME_EN = "Ministry of Trade and Integration of the Republic of Kazakhstan"
KK_TEXTS = ReportTexts(
    participants="- Ә. Қасымова, Директор\n- Ван Лэй, Вице-министр",
    issues="Екіжақты сауда-экономикалық ынтымақтастықты дамыту мәселелері талқыланды.",
    agreements="Тараптар өзара сауда көлемін ұлғайту туралы уағдаласты.",
)
RU_TEXTS = ReportTexts(
    participants="- А. Касымова, директор\n- Ван Лэй, вице-министр",
    issues="Обсуждены вопросы развития двустороннего торгово-экономического сотрудничества.",
    agreements="Стороны договорились об увеличении взаимного товарооборота.",
)
# The local register issuing the covering letter's number (issue 16.4).
REGISTRATION_PATTERN = "12-1/{seq}"
ATTACHMENT_NAME = "Іс-шара бағдарламасы.txt"
ATTACHMENT_TEXT = "Бағдарлама: 18 қараша, 10:00 — келіссөздер.\n"
COUNTED_TABLES = (Event, Report, ReportText, Attachment, AttachmentBlob, Bundle, TrustedRoot, Letter, Registration)


def ready_report(store, tmp_path: Path, *, languages: tuple[str, ...] = ("kk", "ru"),
                 attachment: bool = True) -> uuid.UUID:
    """A unit with all three body names, an event it held with one attachment, and a ready report on it."""
    event_id = unit_with_event(store)
    update_settings(store, body_name_en=BODY_NAME_EN, registration_pattern=REGISTRATION_PATTERN)
    if attachment:
        file = tmp_path / ATTACHMENT_NAME
        file.write_text(ATTACHMENT_TEXT, encoding="utf-8")
        add_attachment(store, event_id, file)
    report_id = create_report(store, event_id)
    for language in languages:
        save_texts(store, report_id, language, KK_TEXTS if language == "kk" else RU_TEXTS)
    set_status(store, report_id, "ready")
    return report_id


def write_key(folder: Path, issued: Issued, pki: Pki, name: str = "RSA256_test.p12") -> Path:
    path = folder / name
    path.write_bytes(issued.pkcs12(pki.chain, PASSWORD))
    return path


def write_root(folder: Path, pki: Pki, name: str = "root.pem") -> Path:
    path = folder / name
    path.write_bytes(pki.root.pem())
    return path


def row_counts(store) -> dict[str, int]:
    with store.session() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in COUNTED_TABLES}
