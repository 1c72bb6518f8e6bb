"""Treaties the tests start from (p.2): valid, titled in Kazakh and Russian, with parties."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hattama.rules.event_validation import Party
from hattama.rules.treaty_validation import Measure, ProcedureStep, TreatyData


def treaty_in_force(**changes: object) -> TreatyData:
    treaty = TreatyData(
        title_kk="Қазақстан Республикасының Үкіметі мен Қытай Халық Республикасының Үкіметі арасындағы "
                 "кеден ісі саласындағы ынтымақтастық және өзара әкімшілік көмек туралы келісім",
        title_ru="Соглашение между Правительством Республики Казахстан и Правительством Китайской Народной "
                 "Республики о сотрудничестве и взаимной административной помощи в таможенных делах",
        kind="intergovernmental",
        status="in_force",
        signed_on=dt.date(2019, 9, 11),
        signed_at="Бейжің",
        consent_act_kind="approval_resolution",
        consent_act_number="45",
        consent_act_date=dt.date(2020, 1, 20),
        in_force_on=dt.date(2020, 2, 1),
        duration="5 жыл, автоматты түрде ұзартылады",
        responsible_body="Қаржы министрлігі",
        parties=(Party("country", "CN"),),
        measures=(
            Measure(2025, "measure", "Кеден органдарының бірлескен жұмыс тобының отырысы өткізілді",
                    dt.date(2025, 4, 15), "Ақпарат алмасу тәртібі келісілді"),
            Measure(2025, "problem", "Электрондық декларациялар алмасудың кешігуі",
                    result="Ақпараттық жүйелерді біріктіру жөніндегі хаттама жобасын әзірлеу"),
        ),
    )
    return dataclasses.replace(treaty, **changes)


def treaty_signed(**changes: object) -> TreatyData:
    treaty = TreatyData(
        title_kk="Қазақстан Республикасы мен Түркия Республикасы арасындағы қылмыстық істер бойынша "
                 "өзара құқықтық көмек туралы шарт",
        title_ru="Договор между Республикой Казахстан и Турецкой Республикой о взаимной правовой помощи "
                 "по уголовным делам",
        kind="interstate",
        status="signed",
        signed_on=dt.date(2024, 10, 3),
        signed_at="Астана",
        responsible_body="Бас прокуратура",
        parties=(Party("country", "TR"),),
        steps=(
            ProcedureStep("interagency_approval", "Мүдделі мемлекеттік органдармен келісу",
                          dt.date(2024, 11, 1), dt.date(2025, 2, 10)),
            ProcedureStep("legal_expertise", "Ғылыми-құқықтық сараптама", dt.date(2025, 3, 1), None,
                          "Сараптама қорытындысы бойынша мәтінді нақтылау талап етіледі"),
        ),
    )
    return dataclasses.replace(treaty, **changes)
