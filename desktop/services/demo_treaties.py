"""Demo treaties for the register (p.2): thirty treaties of a trade ministry — in force, signed but not in force,
terminated — with last year's and this year's measures linked to the demo events with the same partner, problems,
organisations' recommendations, and the domestic procedure steps of the signed ones with their reasons.

Written in the demo's one transaction; a fixed seed of its own, so the rest of the demo draws the same numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.orm import Session

from hattama.rules.event_validation import Party
from hattama.rules.treaty_validation import Measure, ProcedureStep, TreatyData
from hattama.services.event_storage import EventRecord
from hattama.services.treaties import add_treaties, validate

SEED = 1037
OUR_GOVERNMENT_KK = "Қазақстан Республикасының Үкіметі"
OUR_MINISTRY_KK = "Қазақстан Республикасының Сауда және интеграция министрлігі"
OUR_MINISTRY_RU = "Министерством торговли и интеграции Республики Казахстан"
RESPONSIBLE = "Қазақстан Республикасының Сауда және интеграция министрлігі"

# Partner: (government in kk, genitive; government in ru, instrumental; ministry kk; ministry ru, instrumental).
PARTNERS: dict[str, tuple[str, str, str, str]] = {
    "CN": ("Қытай Халық Республикасының Үкіметі", "Правительством Китайской Народной Республики",
           "Қытай Халық Республикасының Коммерция министрлігі", "Министерством коммерции Китайской Народной Республики"),
    "TR": ("Түркия Республикасының Үкіметі", "Правительством Турецкой Республики",
           "Түркия Республикасының Сауда министрлігі", "Министерством торговли Турецкой Республики"),
    "RU": ("Ресей Федерациясының Үкіметі", "Правительством Российской Федерации",
           "Ресей Федерациясының Экономикалық даму министрлігі", "Министерством экономического развития Российской Федерации"),
    "UZ": ("Өзбекстан Республикасының Үкіметі", "Правительством Республики Узбекистан",
           "Өзбекстан Республикасының Инвестициялар, өнеркәсіп және сауда министрлігі",
           "Министерством инвестиций, промышленности и торговли Республики Узбекистан"),
    "DE": ("Германия Федеративтік Республикасының Үкіметі", "Правительством Федеративной Республики Германия",
           "Германия Федеративтік Республикасының Экономика және климатты қорғау министрлігі",
           "Федеральным министерством экономики и защиты климата Германии"),
    "KR": ("Корея Республикасының Үкіметі", "Правительством Республики Корея",
           "Корея Республикасының Сауда, өнеркәсіп және энергетика министрлігі",
           "Министерством торговли, промышленности и энергетики Республики Корея"),
    "AE": ("Біріккен Араб Әмірліктерінің Үкіметі", "Правительством Объединённых Арабских Эмиратов",
           "Біріккен Араб Әмірліктерінің Экономика министрлігі", "Министерством экономики Объединённых Арабских Эмиратов"),
    "FR": ("Француз Республикасының Үкіметі", "Правительством Французской Республики",
           "Француз Республикасының Экономика және қаржы министрлігі", "Министерством экономики и финансов Французской Республики"),
    "JP": ("Жапония Үкіметі", "Правительством Японии",
           "Жапонияның Экономика, сауда және өнеркәсіп министрлігі", "Министерством экономики, торговли и промышленности Японии"),
    "KG": ("Қырғыз Республикасының Үкіметі", "Правительством Кыргызской Республики",
           "Қырғыз Республикасының Экономика және коммерция министрлігі",
           "Министерством экономики и коммерции Кыргызской Республики"),
    "US": ("Америка Құрама Штаттарының Үкіметі", "Правительством Соединённых Штатов Америки",
           "Америка Құрама Штаттарының Сауда министрлігі", "Министерством торговли Соединённых Штатов Америки"),
}  # fmt: skip
# Subject: (kk, before "туралы"; ru, prepositional after "о").
SUBJECTS = (
    ("сауда-экономикалық ынтымақтастық", "торгово-экономическом сотрудничестве"),
    ("инвестицияларды көтермелеу және өзара қорғау", "поощрении и взаимной защите инвестиций"),
    ("кеден істеріндегі ынтымақтастық және өзара әкімшілік көмек",
     "сотрудничестве и взаимной административной помощи в таможенных делах"),
    ("шағын және орта кәсіпкерлікті дамыту саласындағы ынтымақтастық",
     "сотрудничестве в области развития малого и среднего предпринимательства"),
    ("электрондық сауда саласындағы ынтымақтастық", "сотрудничестве в области электронной торговли"),
    ("техникалық реттеу, стандарттау және сәйкестікті бағалау саласындағы ынтымақтастық",
     "сотрудничестве в области технического регулирования, стандартизации и оценки соответствия"),
    ("көрме-жәрмеңке қызметі саласындағы ынтымақтастық", "сотрудничестве в области выставочно-ярмарочной деятельности"),
    ("экспортты қолдау саласындағы ынтымақтастық", "сотрудничестве в области поддержки экспорта"),
    ("тұтынушылардың құқықтарын қорғау саласындағы ынтымақтастық",
     "сотрудничестве в области защиты прав потребителей"),
)
# (partner, subject index, kind, status): 2 multilateral treaties come first, then these 28.
PLAN = (
    ("CN", 0, "intergovernmental", "in_force"), ("TR", 1, "intergovernmental", "in_force"),
    ("RU", 6, "intergovernmental", "in_force"), ("UZ", 0, "intergovernmental", "in_force"),
    ("DE", 1, "intergovernmental", "in_force"), ("KR", 0, "intergovernmental", "in_force"),
    ("AE", 1, "intergovernmental", "in_force"), ("FR", 3, "intergovernmental", "in_force"),
    ("JP", 0, "intergovernmental", "in_force"), ("KG", 2, "intergovernmental", "in_force"),
    ("CN", 2, "intergovernmental", "in_force"),
    ("UZ", 4, "intergovernmental", "signed"), ("TR", 5, "intergovernmental", "signed"),
    ("AE", 7, "intergovernmental", "signed"), ("KR", 4, "intergovernmental", "signed"),
    ("US", 0, "intergovernmental", "signed"), ("DE", 5, "intergovernmental", "signed"),
    ("KG", 6, "intergovernmental", "signed"),
    ("RU", 3, "intergovernmental", "terminated"), ("FR", 6, "intergovernmental", "terminated"),
    ("CN", 4, "interdepartmental", "in_force"), ("TR", 7, "interdepartmental", "in_force"),
    ("UZ", 7, "interdepartmental", "in_force"), ("KR", 3, "interdepartmental", "in_force"),
    ("JP", 5, "interdepartmental", "in_force"), ("RU", 8, "interdepartmental", "in_force"),
    ("AE", 3, "interdepartmental", "signed"), ("DE", 8, "interdepartmental", "terminated"),
)  # fmt: skip
MULTILATERAL = (
    TreatyData(
        title_kk="Еуразиялық экономикалық одақ туралы шарт", title_ru="Договор о Евразийском экономическом союзе",
        kind="interstate", status="in_force", signed_on=dt.date(2014, 5, 29), signed_at="Астана",
        consent_act_kind="ratification_law", consent_act_number="240-V", consent_act_date=dt.date(2014, 10, 14),
        in_force_on=dt.date(2015, 1, 1), duration="Мерзімсіз", responsible_body=RESPONSIBLE,
        co_executors="Қаржы министрлігі, Ұлттық экономика министрлігі",
        parties=(Party("country", "BY"), Party("country", "RU"), Party("country", "AM"), Party("country", "KG")),
    ),
    TreatyData(
        title_kk="Еркін сауда аймағы туралы шарт", title_ru="Договор о зоне свободной торговли",
        kind="interstate", status="in_force", signed_on=dt.date(2011, 10, 18), signed_at="Санкт-Петербург",
        consent_act_kind="ratification_law", consent_act_number="43-V", consent_act_date=dt.date(2012, 7, 3),
        in_force_on=dt.date(2012, 12, 8), duration="Мерзімсіз", responsible_body=RESPONSIBLE,
        parties=(Party("organisation", "CIS"),),
    ),
)
MEASURES = (
    ("Үкіметаралық комиссияның кезекті отырысы өткізілді", "Өзара сауда көлемін ұлғайту жөніндегі жол картасы келісілді"),
    ("Сауда-экономикалық ынтымақтастық жөніндегі жұмыс тобының отырысы өткізілді",
     "Экспорттық тауарлар тізбесі нақтыланды"),
    ("Бизнес-форум ұйымдастырылды", "Жалпы сомасы 120 млн АҚШ долларына 14 коммерциялық келісімге қол қойылды"),
    ("Кеден органдары арасында тауарлардың шығуы туралы алдын ала ақпарат алмасу іске қосылды",
     "Шекарадағы тексеру уақыты орта есеппен 30 пайызға қысқарды"),
    ("Сарапшылар деңгейінде бейнеконференция өткізілді", "Өзара ескертулер бойынша келісілген тәсіл әзірленді"),
)
PROBLEMS = (
    ("Серіктес тараптың тарифтік емес шектеулері экспортқа кедергі келтіруде",
     "Мәселені Үкіметаралық комиссияның келесі отырысының күн тәртібіне енгізу"),
    ("Сертификаттарды өзара тану рәсімі аяқталмаған", "Сәйкестікті бағалау жөніндегі хаттама жобасын әзірлеу"),
    ("Электрондық ілеспе құжаттар алмасу кешіктірілуде", "Ақпараттық жүйелерді біріктірудің бірлескен жоспарын бекіту"),
)
RECOMMENDATIONS = (
    ("WTO", "Дүниежүзілік сауда ұйымы хатшылығының сауда рәсімдерін жеңілдету жөніндегі ұсынымы",
     "Экспорттық-импорттық операциялардың «бір терезе» жүйесі кеңейтілді"),
    ("OECD", "ЭЫДҰ-ның инвестициялық саясатқа шолу ұсынымдары",
     "Инвесторлардың құқықтарын қорғау жөніндегі заң жобасына түзетулер енгізілді"),
)
STAGES = ("interagency_approval", "legal_expertise", "draft_act", "government", "parliament", "president",
          "notification")
REASONS = (
    "Мүдделі мемлекеттік органдардың бірінің қорытындысы әлі алынған жоқ",
    "Ғылыми-құқықтық сараптама ескертулері бойынша мәтінді нақтылау қажет",
    "Қаржы-экономикалық негіздеме қайта пысықталуда",
    "Уағдаласушы тарап мемлекетішілік рәсімдерді әлі аяқтаған жоқ",
    "Ратификациялау туралы заң жобасы Парламент Мәжілісінің қарауында",
)


class _Maker:
    def __init__(self, records: Sequence[EventRecord], today: dt.date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.events: dict[tuple[str, int], list[EventRecord]] = {}
        for record in records:
            codes = {record.data.country} | {party.code for party in record.data.parties if party.kind == "country"}
            for code in codes:
                self.events.setdefault((code, record.data.starts_at.year), []).append(record)

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange(max(1, (last - first).days)))

    def measures(self, partner: str, signed_on: dt.date, ended: dt.date | None) -> tuple[Measure, ...]:
        made: list[Measure] = []
        for year in (self.today.year - 1, self.today.year):
            if ended is not None and ended.year < year:
                continue
            linked = self.events.get((partner, year), [])
            for _number in range(self.rng.randint(1, 2)):
                description, result = self.rng.choice(MEASURES)
                event = self.rng.choice(linked) if linked else None
                taken_on = event.data.starts_at.date() if event else self.day(dt.date(year, 1, 10),
                                                                              dt.date(year, 12, 20))
                if taken_on > self.today or taken_on < signed_on:
                    continue
                made.append(Measure(year, "measure", description, taken_on, result,
                                    event_ids=(event.id,) if event else ()))
            if self.rng.random() < 0.35:
                problem, proposal = self.rng.choice(PROBLEMS)
                made.append(Measure(year, "problem", problem, result=proposal))
            if self.rng.random() < 0.2:
                organisation, recommendation, done = self.rng.choice(RECOMMENDATIONS)
                made.append(Measure(year, "recommendation", recommendation,
                                    self.day(dt.date(year, 2, 1), min(self.today, dt.date(year, 11, 30))), done,
                                    organisation))
        return tuple(made)

    def steps(self, signed_on: dt.date) -> tuple[ProcedureStep, ...]:
        done = self.rng.randint(1, 4)
        steps, day = [], signed_on
        for stage in STAGES[:done]:
            started = day + dt.timedelta(days=self.rng.randint(10, 40))
            day = min(started + dt.timedelta(days=self.rng.randint(20, 90)), self.today - dt.timedelta(days=30))
            if day <= started:
                break
            steps.append(ProcedureStep(stage, "", started, day))
        started = min(day + dt.timedelta(days=self.rng.randint(5, 30)), self.today)
        steps.append(ProcedureStep(STAGES[len(steps)], "", started, None, self.rng.choice(REASONS)))
        return tuple(steps)

    def treaty(self, partner: str, subject: int, kind: str, status: str) -> TreatyData:
        government_kk, government_ru, ministry_kk, ministry_ru = PARTNERS[partner]
        subject_kk, subject_ru = SUBJECTS[subject]
        if kind == "interdepartmental":
            title_kk = f"{OUR_MINISTRY_KK} мен {ministry_kk} арасындағы {subject_kk} туралы өзара түсіністік меморандумы"
            title_ru = f"Меморандум о взаимопонимании между {OUR_MINISTRY_RU} и {ministry_ru} о {subject_ru}"
        else:
            title_kk = f"{OUR_GOVERNMENT_KK} мен {government_kk} арасындағы {subject_kk} туралы келісім"
            title_ru = f"Соглашение между Правительством Республики Казахстан и {government_ru} о {subject_ru}"
        last_year = self.today.year - 1
        if status == "signed":
            signed_on = self.day(dt.date(last_year - 2, 1, 15), dt.date(last_year, 10, 1))
        else:
            signed_on = self.day(dt.date(2008, 1, 15), dt.date(last_year - 3, 12, 1))
        in_force_on = consent_date = terminated_on = None
        consent_kind = consent_number = ""
        if status != "signed":
            if kind == "interdepartmental":
                in_force_on, consent_kind = signed_on, "on_signature"
            else:
                consent_date = signed_on + dt.timedelta(days=self.rng.randint(90, 300))
                consent_kind, consent_number = "approval_resolution", str(self.rng.randint(100, 1200))
                in_force_on = consent_date + dt.timedelta(days=self.rng.randint(20, 120))
            if status == "terminated":
                terminated_on = self.day(in_force_on + dt.timedelta(days=400), dt.date(last_year, 6, 30))
        return TreatyData(
            title_kk=title_kk, title_ru=title_ru, kind=kind, status=status, signed_on=signed_on,
            signed_at=self.rng.choice(("Астана", "Астана", "Алматы")), consent_act_kind=consent_kind,
            consent_act_number=consent_number, consent_act_date=consent_date, in_force_on=in_force_on,
            duration=self.rng.choice(("5 жыл, автоматты түрде ұзартылады", "Мерзімсіз", "10 жыл")),
            terminated_on=terminated_on, responsible_body=RESPONSIBLE,
            parties=(Party("country", partner),),
            measures=() if status == "signed" else self.measures(partner, signed_on, terminated_on),
            steps=self.steps(signed_on) if status == "signed" else (),
        )


def demo_treaties(records: Sequence[EventRecord], today: dt.date) -> list[TreatyData]:
    """Thirty valid treaties; measures link the events in `records` that share the treaty's partner."""
    maker = _Maker(records, today)
    treaties = [*MULTILATERAL, *(maker.treaty(*planned) for planned in PLAN)]
    treaties[0] = dataclasses.replace(treaties[0], measures=maker.measures("RU", treaties[0].signed_on, None))
    for data in treaties:
        problems = validate(data)
        if problems:  # a slip in the tables above, never the officer's doing
            raise ValueError(f"demo treaty “{data.title_ru}” is invalid at {problems[0].field}")
    return treaties


def fill_demo_treaties(session: Session, records: Sequence[EventRecord], today: dt.date) -> list[UUID]:
    return add_treaties(session, demo_treaties(records, today))
