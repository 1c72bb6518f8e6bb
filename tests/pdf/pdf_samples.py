"""Sample reports and the kk/ru catalog translations of the document strings (shared by the PDF tests)."""

from __future__ import annotations

import datetime as dt

from hattama.i18n import translate_in
from hattama.services.pdf import (
    REPORT_TITLE,
    Participant,
    ReportDocument,
    p46_sections,
)
from hattama.services.pdf import render as render_module
from hattama.services.pdf.document import (
    AGREEMENTS_REACHED,
    ISSUES_DISCUSSED,
    PARTICIPANTS_HEADING,
    PROPOSALS_FOR_FURTHER_WORK,
)

DOCUMENT_MSGIDS = (
    REPORT_TITLE, PARTICIPANTS_HEADING, ISSUES_DISCUSSED, AGREEMENTS_REACHED, PROPOSALS_FOR_FURTHER_WORK,
    render_module.REGISTRATION_LINE, render_module.EVENT_LABEL, render_module.KIND_LABEL, render_module.PLACE_LABEL,
    render_module.DATES_LABEL, render_module.FOREIGN_PARTIES_LABEL, render_module.MFA_REQUEST_LABEL,
    render_module.OUR_SIDE, render_module.FOREIGN_SIDE, render_module.EXECUTOR_LINE,
    render_module.UNCOVERED_CHARACTERS,
)
# The catalogs' own translations of the document strings, so the tests read what an officer's PDF will say.
DOCUMENT_TRANSLATIONS: dict[str, dict[str, str]] = {
    language: {msgid: translate_in(language, msgid) for msgid in DOCUMENT_MSGIDS} for language in ("kk", "ru")
}

KK_LETTERS = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"
KK_ISSUES = (
    "Тараптар 2025–2026 жылдардағы екіжақты сауданың жай-күйін талқылап, «Хоргос» халықаралық шекара "
    "маңы ынтымақтастық орталығы арқылы тауар айналымын ұлғайту мүмкіндіктерін қарады.\n"
    "- ауыл шаруашылығы өнімдерін экспорттау кезінде фитосанитариялық сертификаттарды өзара тану;\n"
    "- «Достық – Алашанькоу» өткізу пунктінде жүктерді рәсімдеу мерзімдерін қысқарту;\n"
    "- электрондық сауда алаңдарында қазақстандық тауарларды ілгерілету.\n"
    f"Бақылау жолы: {KK_LETTERS} № 7."
)
KK_AGREEMENTS = (
    "Тараптар 2027 жылғы бірінші тоқсанда кіші комитеттің кезекті отырысын Бейжің қаласында өткізуге "
    "уағдаласты. Қазақстан тарапы бидай мен өсімдік майын экспорттау бойынша квоталарды ұлғайту туралы "
    "ұстанымын білдірді; Қытай тарапы бұл ұсынысты тиісті ведомстволармен пысықтауға келісті.\n"
    "Министрліктің ұстанымы — өзара сауданы 2030 жылға қарай 35 млрд АҚШ долларына жеткізу мақсатын қолдау."
)
KK_PROPOSALS = (
    "1. Қазақстан Республикасы Ауыл шаруашылығы министрлігімен бірлесіп фитосанитариялық талаптар бойынша "
    "жұмыс тобын құру.\n"
    "2. Сыртқы істер министрлігі арқылы Қытай тарапына кезекті отырыстың күн тәртібі жобасын жіберу."
)
RU_ISSUES = (
    "Стороны обсудили состояние двусторонней торговли в 2025–2026 годах и возможности увеличения "
    "товарооборота, в том числе через «Средний коридор» — Транскаспийский международный транспортный маршрут.\n"
    "• взаимное признание фитосанитарных сертификатов;\n"
    "• сокращение сроков оформления грузов в пункте пропуска «Алтынколь – Хоргос»;\n"
    "• продвижение казахстанских товаров на электронных торговых площадках.\n"
    f"Контрольная строка: ёЁ {KK_LETTERS} № 7 „цитата“."
)
RU_AGREEMENTS = (
    "Стороны договорились провести очередное заседание подкомитета в первом квартале 2027 года в г. Анкаре. "
    "Казахстанская сторона изложила позицию Министерства о необходимости увеличения квот на экспорт пшеницы; "
    "турецкая сторона согласилась проработать предложение с профильными ведомствами.\n"
    "Позиция Министерства: поддержка цели довести взаимную торговлю до 10 млрд долларов США к 2030 году."
)
RU_PROPOSALS = (
    "1. Совместно с Министерством сельского хозяйства Республики Казахстан создать рабочую группу по "
    "фитосанитарным требованиям.\n"
    "2. Направить турецкой стороне через МИД проект повестки дня очередного заседания."
)


def sample_report(language: str, **overrides: object) -> ReportDocument:
    """A realistic 2–3 page report: kk — a Chinese delegation, ru — a Turkish one."""
    fields: dict[str, object] = dict(KK_SAMPLE if language == "kk" else RU_SAMPLE)
    fields.update(overrides)
    return ReportDocument(**fields)  # type: ignore[arg-type]


KK_SAMPLE: dict[str, object] = dict(
    language="kk",
    body_name="Қазақстан Республикасының Сауда және интеграция министрлігі",
    unit_name="Халықаралық ынтымақтастық департаменті",
    title=DOCUMENT_TRANSLATIONS["kk"][REPORT_TITLE],
    event_title="Қазақстан – Қытай ынтымақтастық комитетінің сауда-экономикалық кіші комитетінің 12-отырысы",
    event_kind_label="Үкіметаралық кіші комитеттің отырысы",
    place="Астана қаласы, «Бәйтерек» әкімшілік ғимараты",
    starts=dt.datetime(2026, 11, 17, 10, 0),
    ends=dt.datetime(2026, 11, 18, 17, 30),
    foreign_parties=["Қытай Халық Республикасы"],
    participants_ours=[
        Participant("Бекова Айгерім Серікқызы", "Халықаралық ынтымақтастық департаментінің директоры",
                    "Қазақстан Республикасының Сауда және интеграция министрлігі"),
        Participant("Әбілқасымов Ғалым Нұрұлы", "бас сарапшы", "Сауда және интеграция министрлігі"),
        Participant("Өмірзақова Үміт Һидаятқызы", "сарапшы", "Қазақстан Республикасының Сыртқы істер министрлігі"),
    ],
    participants_foreign=[
        Participant("Ли Вэй", "Сауда министрінің орынбасары", "Қытай Халық Республикасының Сауда министрлігі"),
        Participant("Чжан Мин", "Еуразия департаментінің басшысы", "Қытай Халық Республикасының Сауда министрлігі"),
    ],
    sections=p46_sections(KK_ISSUES, KK_AGREEMENTS, KK_PROPOSALS),
    signer_position="Халықаралық ынтымақтастық департаментінің директоры",
    signer_name="А. Бекова",
    document_date=dt.date(2026, 11, 24),
    mfa_request="2026 жылғы 19 қарашадағы № 12-1/4567 хат",
    report_id="ХЫД-2026/017",
    author="Ә. Ғалымов, 8 (7172) 74-00-00",
)
RU_SAMPLE: dict[str, object] = dict(
    language="ru",
    body_name="Министерство торговли и интеграции Республики Казахстан",
    unit_name="Департамент международного сотрудничества",
    title=DOCUMENT_TRANSLATIONS["ru"][REPORT_TITLE],
    event_title="Заседание казахстанско-турецкого подкомитета по торгово-экономическому сотрудничеству",
    event_kind_label="Заседание межправительственного подкомитета",
    place="г. Астана, административное здание «Байтерек»",
    starts=dt.datetime(2026, 11, 30, 10, 0),
    ends=dt.datetime(2026, 12, 1, 17, 30),
    foreign_parties=["Турецкая Республика"],
    participants_ours=[
        Participant("Бекова Айгерим Сериковна", "директор Департамента международного сотрудничества",
                    "Министерство торговли и интеграции Республики Казахстан"),
        Participant("Абилкасымов Галым Нурулы", "главный эксперт", "Министерство торговли и интеграции"),
    ],
    participants_foreign=[
        Participant("Мехмет Йылмаз", "заместитель министра торговли", "Министерство торговли Турецкой Республики"),
        Participant("Айше Кая", "советник", "Посольство Турецкой Республики в Республике Казахстан"),
    ],
    sections=p46_sections(RU_ISSUES, RU_AGREEMENTS, RU_PROPOSALS),
    signer_position="Директор Департамента международного сотрудничества",
    signer_name="А. Бекова",
    document_date=dt.date(2026, 12, 8),
    mfa_request="№ 12-1/4601 от 2 декабря 2026 года",
    report_id="ДМС-2026/018",
    author="Г. Абилкасымов, 8 (7172) 74-00-00",
)
