"""Demo data: a plausible ministry's international events of last year and this one, with post-event reports.

Deterministic for a seed. Written through the same bulk functions as an import, so 100,000 events take seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from uuid import UUID, uuid4

from sqlalchemy import func, insert, select

from hattama import clock
from hattama.db.models import Event, ObligationMark
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.document_language import participant_form
from hattama.rules.exemptions import ExemptionArea
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.demo_treaties import fill_demo_treaties
from hattama.services.errors import ServiceError
from hattama.services.event_storage import EventRecord, insert_event_records
from hattama.services.events import EventData, Participant, Party
from hattama.services.gazetteer import find_city
from hattama.services.interchange.report_records import (
    InterchangeReport,
    InterchangeReportText,
    insert_report_records,
)
from hattama.services.obligations import compute_obligations
from hattama.services.settings import load_settings, update_settings

UNIT_SETTINGS = {
    "body_name_kk": "Қазақстан Республикасының Сауда және интеграция министрлігі",
    "body_name_ru": "Министерство торговли и интеграции Республики Казахстан",
    "body_name_en": "Ministry of Trade and Integration of the Republic of Kazakhstan",
    "unit_name_kk": "Халықаралық ынтымақтастық департаменті",
    "unit_name_ru": "Департамент международного сотрудничества",
    "unit_name_en": "International Cooperation Department",
    "officer_name": "Ә. С. Жұмабаева",
    "officer_position_kk": "Халықаралық ынтымақтастық департаментінің бас сарапшысы",
    "officer_position_ru": "Главный эксперт Департамента международного сотрудничества",
    "officer_position_en": "Chief Expert, International Cooperation Department",
    # The local register's numbers (issue 16.4), so a demo bundle's covering letter is registered without ESEDO.
    "registration_pattern": "12-1/{seq}",
}


@dataclass(frozen=True)
class Country:
    """Name forms the titles need: kk attributive ("Қытай делегациясы") and dative, ru genitive and accusative."""

    code: str
    kk: str
    kk_dative: str
    ru_genitive: str
    ru_accusative: str
    cities: tuple[str, ...]  # Kazakh names the gazetteer knows (hattama.services.gazetteer), which gives the Russian
    counterpart: tuple[str, str]  # kk, ru
    people: tuple[str, ...]


COUNTRIES = (
    Country("CN", "Қытай", "Қытайға", "Китая", "Китай", ("Бейжің", "Шанхай"),
            ("ҚХР Коммерция министрлігі", "Министерство коммерции КНР"), ("Ван Лэй", "Чжан Минь", "Ли Цзюнь")),
    Country("TR", "Түркия", "Түркияға", "Турции", "Турцию", ("Анкара", "Ыстамбұл"),
            ("Түркия Сауда министрлігі", "Министерство торговли Турции"), ("Мехмет Йылмаз", "Айше Демир", "Эмре Кая")),
    Country("RU", "Ресей", "Ресейге", "России", "Россию", ("Мәскеу", "Санкт-Петербург"),
            ("Ресей Экономикалық даму министрлігі", "Министерство экономического развития России"),
            ("Сергей Иванов", "Ольга Смирнова", "Андрей Волков")),
    Country("UZ", "Өзбекстан", "Өзбекстанға", "Узбекистана", "Узбекистан", ("Ташкент", "Самарқанд"),
            ("Өзбекстан Инвестициялар, өнеркәсіп және сауда министрлігі",
             "Министерство инвестиций, промышленности и торговли Узбекистана"),
            ("Шерзод Каримов", "Дилноза Юсупова", "Бахтиёр Рахимов")),
    Country("DE", "Германия", "Германияға", "Германии", "Германию", ("Берлин", "Франкфурт-на-Майне"),
            ("Германия Федералдық экономика министрлігі", "Федеральное министерство экономики Германии"),
            ("Томас Мюллер", "Анна Шмидт", "Клаус Вебер")),
    Country("KR", "Корея Республикасының", "Корея Республикасына", "Республики Корея", "Республику Корея", ("Сеул",),
            ("Корея Республикасының Сауда, өнеркәсіп және энергетика министрлігі",
             "Министерство торговли, промышленности и энергетики Республики Корея"), ("Ким Мин Су", "Пак Чжи Ын")),
    Country("AE", "Біріккен Араб Әмірліктерінің", "Біріккен Араб Әмірліктеріне", "Объединённых Арабских Эмиратов",
            "Объединённые Арабские Эмираты", ("Әбу-Даби", "Дубай"),
            ("БАӘ Экономика министрлігі", "Министерство экономики ОАЭ"), ("Мухаммед аль-Мансури", "Фатима аль-Хашими")),
    Country("US", "Америка Құрама Штаттарының", "Америка Құрама Штаттарына", "Соединённых Штатов Америки",
            "Соединённые Штаты Америки", ("Вашингтон", "Нью-Йорк"),
            ("АҚШ Сауда министрлігі", "Министерство торговли США"), ("Джон Смит", "Эмили Джонсон")),
    Country("FR", "Франция", "Францияға", "Франции", "Францию", ("Париж",),
            ("Франция Экономика министрлігі", "Министерство экономики Франции"), ("Пьер Дюбуа", "Мари Лефевр")),
    Country("JP", "Жапония", "Жапонияға", "Японии", "Японию", ("Токио",),
            ("Жапонияның Экономика, сауда және өнеркәсіп министрлігі",
             "Министерство экономики, торговли и промышленности Японии"), ("Хироси Танака", "Юки Сато")),
    Country("KG", "Қырғызстан", "Қырғызстанға", "Кыргызстана", "Кыргызстан", ("Бішкек",),
            ("Қырғызстан Экономика және коммерция министрлігі", "Министерство экономики и коммерции Кыргызстана"),
            ("Алмазбек Исаков", "Жылдыз Абдыкадырова")),
)

# Issue 19.2: positions, organisations and venues in Kazakh and in Russian, so demo documents are in one language.
OUR_PEOPLE = (
    ("Ерлан Сапаров", ("Сауда және интеграция вице-министрі", "Вице-министр торговли и интеграции")),
    ("Айгүл Жұмабаева", ("Халықаралық ынтымақтастық департаментінің директоры",
                         "Директор Департамента международного сотрудничества")),
    ("Даурен Қасымов", ("Сыртқы сауда саясаты департаментінің басқарма басшысы",
                        "Руководитель управления Департамента внешнеторговой политики")),
    ("Гүлнар Әбенова", ("Халықаралық ынтымақтастық департаментінің бас сарапшысы",
                        "Главный эксперт Департамента международного сотрудничества")),
    ("Нұрлан Өтебаев", ("Сауда және интеграция министрі", "Министр торговли и интеграции")),
    ("Салтанат Иманғалиева", ("Экспорттық бақылау департаментінің директоры",
                              "Директор Департамента экспортного контроля")),
    ("Бауыржан Тоқтаров", ("Еуразиялық интеграция департаментінің директоры",
                           "Директор Департамента евразийской интеграции")),
    ("Әсел Мұқанова", ("Инвестициялық саясат басқармасының бас сарапшысы",
                       "Главный эксперт Управления инвестиционной политики")),
)
FOREIGN_POSITIONS = (("Министрдің орынбасары", "Заместитель министра"), ("Департамент директоры", "Директор департамента"),
                     ("Кеңесші-уәкіл", "Советник-посланник"), ("Сауда өкілі", "Торговый представитель"),
                     ("Бөлім бастығы", "Начальник отдела"))
KAZAKH_VENUES = {
    "Астана": (("Министрліктің мәжіліс залы", "Зал заседаний министерства"), ("Тәуелсіздік сарайы", "Дворец Независимости"),
               ("«Астана» халықаралық қаржы орталығы", "Международный финансовый центр «Астана»")),
    "Алматы": (("«Рахат Палас» қонақүйі", "Гостиница «Рахат Палас»"),
               ("Министрліктің Алматыдағы өкілдігі", "Представительство министерства в Алматы")),
}
OUR_ORGANISATION = ("Сауда және интеграция министрлігі", "Министерство торговли и интеграции")
DELEGATIONS_PER_PARTNER = 12


@dataclass(frozen=True)
class Scene:
    """One kind of event the ministry holds: titles in kk and ru, where it happens and what it implies. Without
    `places` the event is in Kazakhstan, or, when `abroad`, in the partner country."""

    kind: str
    abroad: bool
    title_kk: str
    title_ru: str
    organisations: tuple[str, ...] = ()
    exemption_area: str | None = None
    places: tuple[tuple[str, str], ...] = ()

    @property
    def with_country(self) -> bool:
        return not self.organisations


TRADE = ExemptionArea.TRADE_ECONOMIC_IN_ORGANISATIONS.value
INVESTMENT = ExemptionArea.INVESTMENT.value
EAEU_CAPITALS = (("KZ", "Астана"), ("RU", "Мәскеу"), ("KG", "Бішкек"), ("BY", "Минск"), ("AM", "Ереван"))
SCENES = (
    Scene("talks", False, "{kk} делегациясымен келіссөздер", "Переговоры с делегацией {ru_gen}"),
    Scene("delegation_reception", False, "{kk} делегациясын қабылдау", "Приём делегации {ru_gen}"),
    Scene("official_visit", True, "Министрдің {kk_dat} ресми сапары", "Официальный визит министра в {ru_acc}"),
    Scene("working_meeting", True, "Вице-министрдің {kk_dat} жұмыс сапары", "Рабочая поездка вице-министра в {ru_acc}"),
    Scene("videoconference", False, "{kk} тарапымен бейнеконференция",
          "Видеоконференция с представителями {ru_gen}"),
    Scene("talks", False, "{kk} инвесторларымен инвестициялық жобалар бойынша келіссөздер",
          "Переговоры с инвесторами {ru_gen} по инвестиционным проектам", exemption_area=INVESTMENT),
    Scene("conference_forum", True, "Еуразиялық үкіметаралық кеңестің отырысы",
          "Заседание Евразийского межправительственного совета", ("EAEU", "EEC"), TRADE, EAEU_CAPITALS),
    Scene("conference_forum", True, "ДСҰ министрлер конференциясына дайындық жөніндегі консультациялар",
          "Консультации по подготовке к Министерской конференции ВТО", ("WTO",), TRADE, (("CH", "Женева"),)),
    Scene("conference_forum", True, "ШЫҰ мүше мемлекеттері сауда министрлерінің кеңесі",
          "Совещание министров торговли государств — членов ШОС", ("SCO",),
          places=(("CN", "Бейжің"), ("RU", "Мәскеу"), ("UZ", "Ташкент"), ("KG", "Бішкек"), ("KZ", "Астана"))),
    Scene("conference_forum", True, "Түркі мемлекеттері ұйымы экономика министрлері кеңесінің отырысы",
          "Заседание Совета министров экономики Организации тюркских государств", ("OTS",),
          places=(("TR", "Ыстамбұл"), ("AZ", "Баку"), ("UZ", "Самарқанд"), ("KZ", "Алматы"))),
    Scene("working_meeting", False, "БҰҰДБ өкілдерімен жұмыс кездесуі", "Рабочая встреча с представителями ПРООН",
          ("UNDP",)),
    Scene("conference_forum", False, "Астана халықаралық форумы", "Астанинский международный форум",
          ("UN", "OSCE", "CICA")),
    Scene("working_meeting", False, "ЭЫДҰ-мен инвестициялық саясатқа шолу жөніндегі кездесу",
          "Встреча с ОЭСР по обзору инвестиционной политики", ("OECD",), INVESTMENT),
    Scene("conference_forum", True, "ТМД Экономикалық кеңесінің отырысы", "Заседание Экономического совета СНГ",
          ("CIS",), places=(("RU", "Мәскеу"), ("BY", "Минск"), ("TJ", "Душанбе"), ("KZ", "Астана"))),
)
SERIES_TITLE = ("{kk} делегациясымен кездесу", "Встреча с делегацией {ru_gen}")

ISSUES = (
    ("Тараптар екіжақты тауар айналымын ұлғайту және логистикалық байланыстарды кеңейту мәселелерін талқылады.",
     "Стороны обсудили увеличение взаимного товарооборота и расширение логистических связей."),
    ("Тараптар сауда кедергілерін жою және фитосанитариялық талаптарды үйлестіру мәселелерін қарады.",
     "Стороны рассмотрели устранение торговых барьеров и согласование фитосанитарных требований."),
    ("Тараптар өңірлік интеграция аясындағы ынтымақтастықтың өзекті мәселелері бойынша пікір алмасты.",
     "Стороны обменялись мнениями по актуальным вопросам сотрудничества в рамках региональной интеграции."),
)
AGREEMENTS = (
    ("Тараптар келесі жартыжылдықта сауда-экономикалық ынтымақтастық жөніндегі жұмыс тобының отырысын өткізуге "
     "уағдаласты. Қазақстан тарапы өзара сауданы әртараптандыру қажеттігі туралы ұстанымын білдірді.",
     "Стороны договорились провести заседание рабочей группы по торгово-экономическому сотрудничеству в следующем "
     "полугодии. Казахстанская сторона изложила позицию о необходимости диверсификации взаимной торговли."),
    ("Тараптар экспорттық жеткізілімдер бойынша ақпарат алмасу тетігін құру туралы келісті. Қазақстан тарапы "
     "отандық өнімге нарыққа қол жеткізуді кеңейту жөніндегі ұстанымын растады.",
     "Стороны согласились создать механизм обмена информацией об экспортных поставках. Казахстанская сторона "
     "подтвердила позицию о расширении доступа отечественной продукции на рынок."),
)
PROPOSALS = (
    ("Сыртқы істер министрлігімен бірлесіп келесі кездесудің жол картасын әзірлеу ұсынылады.",
     "Предлагается совместно с МИД разработать дорожную карту следующей встречи."),
    ("Уағдаластықтардың орындалуын мүдделі мемлекеттік органдармен бірлесіп пысықтау ұсынылады.",
     "Предлагается проработать исполнение договорённостей совместно с заинтересованными государственными органами."),
)


# Next year's plan (p.46): who takes part, who proposed it, who pays, the programme it serves; each in Kazakh
# and in Russian (issue 19.2, migration 0018).
PARTICIPATION_LEVELS = (("Министр", "Министр"), ("Вице-министр", "Вице-министр"),
                        ("Департамент директоры", "Директор департамента"), ("Сарапшылар деңгейі", "Уровень экспертов"))
INITIATORS = (("Министрлік", "Министерство"), ("Шетелдік тарап", "Иностранная сторона"),
              ("Халықаралық ұйым", "Международная организация"),
              ("Сыртқы істер министрлігі", "Министерство иностранных дел"))
FUNDING_SOURCES = (("Республикалық бюджет", "Республиканский бюджет"),
                   ("Қабылдаушы тарап есебінен", "За счёт принимающей стороны"),
                   ("Халықаралық ұйымның қаражаты", "Средства международной организации"))
PROGRAMME = ("Экспортты дамытудың 2025–2029 жылдарға арналған ұлттық жобасы",
             "Национальный проект по развитию экспорта на 2025–2029 годы")


@dataclass(frozen=True)
class DemoSummary:
    events: int
    reports: int
    series: int
    abroad: int
    exempt: int
    with_mfa: int


def fill_demo(store: Store, events: int = 120, seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty store (refused otherwise, so no unit's data is ever mixed with invented events); the unit's
    settings are filled only if the body has no name yet. One transaction: a fill that fails or is killed
    leaves the store as it was, so the demo can simply be run again."""
    generator = _Generator(random.Random(seed), today or clock.today())
    records = generator.events(events)
    reports = generator.reports(records)
    with store.single_transaction() as filling:
        with filling.session() as session:
            existing = session.scalar(select(func.count()).select_from(Event))
        if existing:
            raise ServiceError(N_("The demo fills only an empty store, and this one holds {count} events."),
                               count=existing)
        if not load_settings(filling).body_name_kk:
            update_settings(filling, **UNIT_SETTINGS)
        with filling.session() as session:
            insert_event_records(session, records)
            insert_report_records(session, reports)
            fill_demo_treaties(session, records, generator.today)
        _mark_most_past_obligations_done(filling, generator.rng, generator.today)
    return DemoSummary(
        events=len(records),
        reports=len(reports),
        series=len({r.data.series_id for r in records if r.data.series_id}),
        abroad=sum(r.data.abroad for r in records),
        exempt=sum(r.data.exemption_area is not None for r in records),
        with_mfa=sum(r.data.mfa_participated for r in records),
    )


def _mark_most_past_obligations_done(store: Store, rng: random.Random, today: dt.date) -> None:
    """A unit keeps up with its duties: nine in ten obligations due over two weeks ago are marked done, so the
    Dashboard shows a plausible handful of overdue items rather than every one since last year."""
    cutoff = today - dt.timedelta(days=14)
    marks = []
    for view in compute_obligations(store, today):
        obligation = view.obligation
        if (obligation.kind is ObligationKind.POST_EVENT_REPORT or obligation.state is not ObligationState.OVERDUE
                or obligation.planned_due >= cutoff or rng.random() >= 0.9):
            continue
        done_on = obligation.planned_due - dt.timedelta(days=rng.randint(0, 3))
        marks.append({"id": uuid4(), "kind": obligation.kind.value, "subject_id": obligation.subject_id,
                      "done_on": done_on, "note": "", "marked_by": UNIT_SETTINGS["officer_name"],
                      "created_at": utc_now(), "updated_at": utc_now()})
    if marks:
        with store.session() as session:
            session.execute(insert(ObligationMark), marks)


class _Generator:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.first_day = dt.date(today.year - 1, 1, 1)
        self.days = (dt.date(today.year, 12, 31) - self.first_day).days + 1
        self.now = utc_now()
        self.start_of_today = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
        self.delegations: dict[str | None, list[tuple[Participant, ...]]] = {}

    def _uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def _working_day(self) -> dt.date:
        day = self.first_day + dt.timedelta(days=self.rng.randrange(self.days))
        return day - dt.timedelta(days=max(0, day.weekday() - 4))  # weekends move back to Friday

    def _start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.rng.randint(9, 16), self.rng.choice((0, 30))))

    def events(self, count: int) -> list[EventRecord]:
        """A tenth of them (from 20 on) is next year's plan (p.46); those after today are confirmed, a few past
        ones foreign-economic."""
        planned = count // 10 if count >= 20 else 0
        records: list[EventRecord] = []
        while len(records) < count - planned:
            make: Callable[[int], list[EventRecord]] = self._series if self.rng.random() < 0.08 else self._single
            records += make(count - planned - len(records))
        records = [self._with_plan_fields(record) for record in records]
        return records + [self._planned() for _ in range(planned)]

    def _with_plan_fields(self, record: EventRecord) -> EventRecord:
        data = record.data
        future = data.starts_at.date() > self.today
        return replace(record, data=replace(
            data, status="confirmed" if future else "held",
            foreign_economic=data.kind in ("conference_forum", "talks") and self.rng.random() < 0.3))

    def _planned(self) -> EventRecord:
        """An event of next year's plan: dates known (confirmed or planned) or only its month or quarter."""
        rng = self.rng
        record = self._single(1)[0]
        data = record.data
        year = self.today.year + 1
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        period = rng.choice(("", "", "month", "quarter"))
        if period == "month":
            tentative = f"{year}-{day.month:02d}"
            day = day.replace(day=1)
        elif period == "quarter":
            quarter = (day.month - 1) // 3 + 1
            tentative, day = f"{year}-Q{quarter}", dt.date(year, 3 * quarter - 2, 1)
        else:
            tentative = ""
        starts_at = dt.datetime.combine(day, dt.time(10))
        status = rng.choice(("planned", "confirmed")) if not tentative else "planned"  # the draws in this order
        level, initiator, funding = (rng.choice(PARTICIPATION_LEVELS), rng.choice(INITIATORS),
                                     rng.choice(FUNDING_SOURCES))
        programme = rng.choice((("", ""), PROGRAMME))
        return replace(record, data=replace(
            data, starts_at=starts_at, ends_at=starts_at + (data.ends_at - data.starts_at) if not tentative
            else starts_at.replace(hour=18), departs_on=None, status=status, tentative_period=tentative,
            participation_level=level[0], participation_level_ru=level[1], initiator=initiator[0],
            initiator_ru=initiator[1], funding_source=funding[0], funding_source_ru=funding[1],
            programme=programme[0], programme_ru=programme[1],
            foreign_economic=data.kind in ("conference_forum", "talks") and rng.random() < 0.4))

    def _record(self, data: EventData) -> EventRecord:
        return EventRecord(self._uuid(), data, (), self.now, self.now, None)

    def _participants(self, country: Country | None) -> tuple[Participant, ...]:
        """One of a few delegations per partner, made once: events repeat their casts, and it keeps 100,000 fast."""
        key = country.code if country else None
        if key not in self.delegations:
            self.delegations[key] = [self._delegation(country) for _ in range(DELEGATIONS_PER_PARTNER)]
        return self.rng.choice(self.delegations[key])

    def _delegation(self, country: Country | None) -> tuple[Participant, ...]:
        ours = [_participant("ours", name, position, OUR_ORGANISATION)
                for name, position in self.rng.sample(OUR_PEOPLE, self.rng.randint(1, 3))]
        if country is None:
            return tuple(ours)
        foreign = [_participant("foreign", name, self.rng.choice(FOREIGN_POSITIONS), country.counterpart)
                   for name in self.rng.sample(country.people, self.rng.randint(1, len(country.people)))]
        return (*ours, *foreign)

    def _place(self, scene: Scene, partner: Country) -> tuple[str, str]:
        if scene.places:
            return self.rng.choice(scene.places)
        if scene.abroad:
            return partner.code, self.rng.choice(partner.cities)
        return "KZ", self.rng.choice(("Астана", "Астана", "Алматы"))

    def _single(self, _room: int) -> list[EventRecord]:
        rng = self.rng
        scene = rng.choice(SCENES)
        partner = rng.choice(COUNTRIES)
        country, city = self._place(scene, partner)
        day = self._working_day()
        starts_at = self._start(day)
        hours = rng.choice((6, 30, 54)) if scene.kind == "conference_forum" else rng.choice((1, 2, 3))
        at_home = country == "KZ"
        parties = (Party("country", partner.code),) if scene.with_country else tuple(
            Party("organisation", code) for code in scene.organisations)
        venue = rng.choice(KAZAKH_VENUES[city]) if at_home else ("", "")
        data = EventData(
            title_kk=_fill(scene.title_kk, partner), title_ru=_fill(scene.title_ru, partner), kind=scene.kind,
            starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours), country=country, city=city,
            city_ru=_city_ru(city), venue=venue[0], venue_ru=venue[1],
            held_by_body=rng.random() < 0.85, mfa_participated=rng.random() < 0.3,
            exemption_area=scene.exemption_area,
            departs_on=None if at_home or rng.random() < 0.4 else day - dt.timedelta(days=rng.choice((0, 1))),
            notes=rng.choice(("", "", "Іс-шара Сыртқы істер министрлігімен келісілген.")),
            parties=parties,
            participants=self._participants(partner if scene.with_country else None),
        )
        return [self._record(data)]

    def _series(self, room: int) -> list[EventRecord]:
        """A foreign delegation's several meetings in Kazakhstan (p.49): same or consecutive days, one series."""
        rng = self.rng
        partner = rng.choice(COUNTRIES)
        series_id = self._uuid()
        day = self._working_day()
        start = self._start(day)
        meetings = []
        for number in range(min(rng.randint(2, 4), room)):
            kind = rng.choice(("talks", "working_meeting"))
            venue = rng.choice(KAZAKH_VENUES["Астана"])
            data = EventData(
                title_kk=_fill(SERIES_TITLE[0], partner), title_ru=_fill(SERIES_TITLE[1], partner),
                kind=kind, starts_at=start,
                ends_at=start + dt.timedelta(hours=1), country="KZ", city="Астана", city_ru=_city_ru("Астана"),
                venue=venue[0], venue_ru=venue[1], held_by_body=number == 0 or rng.random() < 0.5,
                mfa_participated=rng.random() < 0.3, series_id=series_id,
                parties=(Party("country", partner.code),), participants=self._participants(partner),
            )
            meetings.append(self._record(data))
            start += dt.timedelta(hours=rng.choice((2, 3, 24)))
        return meetings

    def reports(self, records: list[EventRecord]) -> list[InterchangeReport]:
        """Reports for about half the past events the body held, at every stage of their way to the MFA."""
        due = [r for r in records if r.data.held_by_body and r.data.ends_at.date() < self.today]
        return [self._report(record) for record in due if self.rng.random() < 0.5]

    def _report(self, record: EventRecord) -> InterchangeReport:
        rng = self.rng
        status = rng.choices(("draft", "ready", "sent", "acknowledged"), weights=(3, 2, 3, 2))[0]
        ended = record.data.ends_at
        ready_at = min((ended + dt.timedelta(days=rng.randint(1, 6))).replace(tzinfo=dt.UTC), self.start_of_today)
        sent = status in ("sent", "acknowledged")
        requested = ended.date() + dt.timedelta(days=rng.randint(0, 2)) if rng.random() < 0.7 else None
        texts = tuple(self._text(language, record, ready_at) for language in ("kk", "ru"))
        return InterchangeReport(
            id=self._uuid(), event_id=record.id, status=status, mfa_request_date=requested,
            mfa_request_ref=f"№ 12-1/{rng.randint(1000, 9999)}" if requested else "",
            ready_at=ready_at if status != "draft" else None, exported_at=ready_at if sent else None,
            sent_on=ready_at.date() if sent else None,
            acknowledged_on=min(ready_at.date() + dt.timedelta(days=rng.randint(1, 5)), self.today)
            if status == "acknowledged" else None,
            bundle_sha256=f"{rng.getrandbits(256):064x}" if sent else "",
            created_at=self.now, updated_at=self.now, texts=texts,
        )

    def _text(self, language: str, record: EventRecord, updated_at: dt.datetime) -> InterchangeReportText:
        column = 0 if language == "kk" else 1
        people = _composition(record.data.participants, language)
        return InterchangeReportText(
            language=language, participants=people, issues=self.rng.choice(ISSUES)[column],
            agreements=self.rng.choice(AGREEMENTS)[column], proposals=self.rng.choice(PROPOSALS)[column],
            updated_at=updated_at,
        )


@functools.cache
def _composition(participants: tuple[Participant, ...], language: str) -> str:
    return "; ".join(f"{p.full_name} — {participant_form(p, 'job_title', language)}" for p in participants)


def _participant(side: str, name: str, position: tuple[str, str], organisation: tuple[str, str]) -> Participant:
    return Participant(side, name, position[0], organisation[0], position[1], organisation[1])


@functools.cache
def _city_ru(name: str) -> str:
    """The Russian name of a demo city, from the bundled gazetteer (every demo city is in it)."""
    city = find_city(name)
    if city is None:
        raise LookupError(f"the demo city {name!r} is not in the gazetteer")
    return city.ru


def _fill(template: str, country: Country) -> str:
    return template.format(kk=country.kk, kk_dat=country.kk_dative, ru_gen=country.ru_genitive,
                           ru_acc=country.ru_accusative)
