"""The event editor's form: its fields and lists in two columns, what they hold as EventData, and the problems
shown beside each field as the officer types (issue 20.5: the dialog is editor.py, saving and drafts
editor_save.py)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language
from hattama.rules.document_language import missing_translations
from hattama.rules.event_validation import (
    ATTENDANCE_LABELS,
    CONSULTATION_FORMS,
    EVENT_KINDS,
    KAZAKHSTAN,
    FieldProblem,
)
from hattama.rules.exemptions import ExemptionArea
from hattama.services.events import EventData, series_choices, validate
from hattama.services.treaties import list_treaty_rows
from hattama.ui.date_edit import DateEdit, DateTimeEdit, to_qdate
from hattama.ui.events.parts import (
    AttachmentsEditor,
    CityForms,
    CountryComboBox,
    ParticipantsEditor,
    PartiesEditor,
    ProblemLabel,
    compact_combo,
    problem_text,
)
from hattama.ui.events.plan_fields import PlanFieldsEditor, plan_field_labels
from hattama.ui.letters.event_documents import EventDocumentsPanel
from hattama.ui.letters.position_panel import MfaPositionPanel
from hattama.ui.retranslate import Retranslating
from hattama.ui.wrapping import WrappingCheckBox

SCALAR_FIELDS = ("title_kk", "title_ru", "kind", "attendance", "starts_at", "ends_at", "country", "city", "city_ru",
                 "venue", "venue_ru", "departs_on", "consultation_on", "consultation_form", "consultation_official",
                 "consultation_ref", "exemption_area", "series_id", "notes")
LIST_FIELDS = ("parties", "participants")
DEFAULT_START = QTime(10, 0)
DEFAULT_HOURS = 2


def field_labels() -> dict[str, str]:
    return {
        "title_kk": _("Title in Kazakh"),
        "title_ru": _("Title in Russian"),
        "kind": _("Kind"),
        "starts_at": _("Starts"),
        "ends_at": _("Ends"),
        "role": _("Role"),
        "country": _("Country"),
        "city": _("City in Kazakh"),
        "city_ru": _("City in Russian"),
        "venue": _("Venue in Kazakh"),
        "venue_ru": _("Venue in Russian"),
        "abroad": _("Abroad"),
        "departs_on": _("Departure (p.48)"),
        "attendance": _("Taking part"),
        "consultation_on": _("Held on"),
        "consultation_form": _("Form"),
        "consultation_official": _("MFA official"),
        "consultation_ref": _("Reference"),
        "exemption_area": _("Exemption area (p.50)"),
        "series_id": _("Series of meetings (p.49)"),
        **plan_field_labels(),
    }


def top_field(field: str) -> str:
    """"participants" for "participants[0].full_name"; scalar fields are their own."""
    return field.split("[", 1)[0].split(".", 1)[0]


def to_minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _layout_of(box: QGroupBox) -> QLayout:
    """The layout a group box was made with (`_form_group`, `_list_group`)."""
    layout = box.layout()
    assert layout is not None, "a group box made here has its layout"
    return layout


def _form_of(box: QGroupBox) -> QFormLayout:
    """The form of a box made by `_form_group`."""
    form = _layout_of(box)
    assert isinstance(form, QFormLayout), "made by _form_group"
    return form


class EventForm(Retranslating, QDialog):
    """The form part of the event editor (EventEditor derives from it through EventSaving): the fields of the
    event in `store` with id `event_id` (None: a new one) and, on every edit, `_changed`."""

    store: Store
    event_id: uuid.UUID | None
    _stored_status: str | None  # p.46: the status machine starts from the stored status
    _new_series_id: str
    save_button: QPushButton

    def _changed(self) -> None:
        self.revalidate()

    def _build_form(self) -> QWidget:
        """The fields and lists, in two columns; the dialog puts them in a scroll area."""
        self.labels: dict[str, QLabel] = {}
        self.problem_labels: dict[str, ProblemLabel] = {}
        self.title_kk, self.title_ru, self.venue, self.venue_ru = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        # Issue 19.2: the city in each document language, completed from the gazetteer.
        self.city_forms = CityForms()
        self.city, self.city_ru = self.city_forms.kk, self.city_forms.ru
        self.kind = compact_combo()
        for code in EVENT_KINDS:
            self.kind.addItem("", code)
        self.starts_at, self.ends_at = DateTimeEdit(), DateTimeEdit()
        self.held_by_body, self.attended = QRadioButton(), QRadioButton()
        self.role_group = QButtonGroup(self)
        self.role_group.addButton(self.held_by_body)
        self.role_group.addButton(self.attended)
        self.mfa_participated = WrappingCheckBox()
        self.country = CountryComboBox()
        self.abroad = QLabel()
        # Issue 19.2: what a document in each language would still lack (saving does not need it).
        self.translations = QLabel()
        self.translations.setWordWrap(True)
        self.translations.setStyleSheet("color: #8a5300;")
        self.departs = QCheckBox()
        self.departs_on = DateEdit()
        self.exemption_area = compact_combo()
        self.exemption_area.addItem("", "")
        for area in ExemptionArea:
            self.exemption_area.addItem("", area.value)
        # Some p.50 areas run to a line; the whole name shows on hover.
        self.exemption_area.currentTextChanged.connect(self.exemption_area.setToolTip)
        self.series = compact_combo()
        self.attendance = compact_combo()
        for code in ATTENDANCE_LABELS:
            self.attendance.addItem("", code)
        self.diplomatic_service = WrappingCheckBox()
        self.commission_party = WrappingCheckBox()
        # p.48: the consultations held before departure.
        self.consulted = QCheckBox()
        self.consultation_on = DateEdit()
        self.consultation_form = compact_combo()
        for code in CONSULTATION_FORMS:
            self.consultation_form.addItem("", code)
        self.consultation_official, self.consultation_ref = QLineEdit(), QLineEdit()
        self.mfa_position = MfaPositionPanel(self.store, self.event_id)  # p.47, beside the p.48 consultation
        # p.48, p.49: the documents Hattama drafts for this (saved) event; logging one closes its obligation.
        self.documents = EventDocumentsPanel(self.store, self.event_id, lambda: " / ".join(
            title for title in (self.title_kk.text().strip(), self.title_ru.text().strip()) if title))
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(64)  # and the rest of the left column's height, when the right one is taller
        self.parties = PartiesEditor()
        self.participants = ParticipantsEditor()
        self.attachments = AttachmentsEditor(self.store)
        self.plan_fields = PlanFieldsEditor([(row.id, row.title_kk, row.title_ru)
                                             for row in list_treaty_rows(self.store)])

        role = QWidget()
        role_layout = QVBoxLayout(role)
        role_layout.setContentsMargins(0, 0, 0, 0)
        role_layout.addWidget(self.held_by_body)
        role_layout.addWidget(self.attended)
        departure = QWidget()
        departure_layout = QHBoxLayout(departure)
        departure_layout.setContentsMargins(0, 0, 0, 0)
        departure_layout.addWidget(self.departs)
        departure_layout.addWidget(self.departs_on, 1)

        consulted = QWidget()
        consulted_layout = QHBoxLayout(consulted)
        consulted_layout.setContentsMargins(0, 0, 0, 0)
        consulted_layout.addWidget(self.consulted)
        consulted_layout.addWidget(self.consultation_on, 1)

        self.event_box = self._form_group((
            ("title_kk", self.title_kk), ("title_ru", self.title_ru), ("kind", self.kind),
            ("attendance", self.attendance), ("starts_at", self.starts_at), ("ends_at", self.ends_at),
            ("role", role),
        ))
        _form_of(self.event_box).addRow(self.mfa_participated)
        _form_of(self.event_box).addRow(self.diplomatic_service)
        self.place_box = self._form_group((
            ("country", self.country), ("city", self.city), ("city_ru", self.city_ru), ("venue", self.venue),
            ("venue_ru", self.venue_ru), ("abroad", self.abroad),
            ("departs_on", departure),
        ))
        self.decree_box = self._form_group((("exemption_area", self.exemption_area), ("series_id", self.series)))
        _form_of(self.decree_box).addRow(self.commission_party)
        self.consultation_box = self._form_group((
            ("consultation_on", consulted), ("consultation_form", self.consultation_form),
            ("consultation_official", self.consultation_official), ("consultation_ref", self.consultation_ref),
        ))
        _form_of(self.consultation_box).addRow(self.mfa_position)
        self.parties_box = self._list_group(self.parties)
        self.participants_box = self._list_group(self.participants)
        self.attachments_box = self._list_group(self.attachments)
        self.notes_box = self._list_group(self.notes)
        self.plan_box = self._list_group(self.plan_fields)
        self.problem_labels["notes"] = ProblemLabel()
        _layout_of(self.notes_box).addWidget(self.problem_labels["notes"])

        left = QVBoxLayout()
        for box in (self.event_box, self.place_box, self.consultation_box, self.decree_box):
            left.addWidget(box)
        left.addWidget(self.notes_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.parties_box)
        right.addWidget(self.attachments_box)
        right.addWidget(self.documents)
        right.addWidget(self.plan_box)
        right.addStretch(1)
        columns = QWidget()
        # Side by side when both columns fit, else one below the other (issue 19: at 1024 px the right column
        # scrolled sideways); the editor turns it as it is resized. The participants' six columns take the
        # whole width below them.
        self.columns_layout = QHBoxLayout()
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        self.columns_layout.addLayout(left, 1)
        self.columns_layout.addLayout(right, 1)
        self.column_layouts = (left, right)
        whole = QVBoxLayout(columns)
        whole.addLayout(self.columns_layout)
        whole.addWidget(self.participants_box, 1)
        whole.addWidget(self.translations)
        return columns

    def _form_group(self, rows: tuple[tuple[str, QWidget], ...]) -> QGroupBox:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow column: labels above fields
        for name, widget in rows:
            label = QLabel()
            self.labels[name] = label
            field = QWidget()
            field_layout = QVBoxLayout(field)
            field_layout.setContentsMargins(0, 0, 0, 0)
            field_layout.setSpacing(2)
            field_layout.addWidget(widget)
            if name in SCALAR_FIELDS:
                self.problem_labels[name] = ProblemLabel()
                field_layout.addWidget(self.problem_labels[name])
            form.addRow(label, field)
        return box

    def _list_group(self, widget: QWidget) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        return box

    def _connect_changes(self) -> None:
        for edit in (self.title_kk, self.title_ru, self.venue, self.venue_ru, self.consultation_official,
                     self.consultation_ref):
            edit.textChanged.connect(self._changed)
        self.city_forms.changed.connect(self._changed)
        for combo in (self.kind, self.exemption_area, self.series, self.attendance, self.consultation_form):
            combo.currentIndexChanged.connect(self._changed)
        for signal in (self.starts_at.dateTimeChanged, self.ends_at.dateTimeChanged, self.departs_on.dateChanged,
                       self.held_by_body.toggled, self.mfa_participated.toggled, self.departs.toggled,
                       self.notes.textChanged, self.country.code_changed, self.parties.changed,
                       self.participants.changed, self.attachments.changed, self.diplomatic_service.toggled,
                       self.commission_party.toggled, self.consulted.toggled, self.consultation_on.dateChanged,
                       self.plan_fields.changed):
            signal.connect(self._changed)

    # ------------------------------------------------------------------------------------------- form data

    def form_data(self) -> EventData:
        abroad = self.country.code() != KAZAKHSTAN
        consulted = abroad and self.consulted.isChecked()
        series_id = self.series.currentData()
        return self.plan_fields.apply(EventData(
            title_kk=self.title_kk.text().strip(),
            title_ru=self.title_ru.text().strip(),
            kind=self.kind.currentData(),
            starts_at=to_minute(self.starts_at.value()),
            ends_at=to_minute(self.ends_at.value()),
            country=self.country.code(),
            city=self.city.text().strip(),
            city_ru=self.city_ru.text().strip(),
            venue=self.venue.text().strip(),
            venue_ru=self.venue_ru.text().strip(),
            held_by_body=self.held_by_body.isChecked(),
            mfa_participated=self.mfa_participated.isChecked(),
            exemption_area=self.exemption_area.currentData() or None,
            series_id=uuid.UUID(series_id) if series_id else None,
            # The departure row is switched off at home; whatever it still shows does not count.
            departs_on=self.departs_on.value() if abroad and self.departs.isChecked() else None,
            attendance=self.attendance.currentData(),
            diplomatic_service_participated=self.diplomatic_service.isChecked(),
            commission_party=self.commission_party.isChecked(),
            # Like the departure, the consultations count only abroad, and only once marked as held.
            consultation_on=self.consultation_on.value() if consulted else None,
            consultation_form=self.consultation_form.currentData() if consulted else "",
            consultation_official=self.consultation_official.text().strip() if consulted else "",
            consultation_ref=self.consultation_ref.text().strip() if consulted else "",
            notes=self.notes.toPlainText().strip(),
            parties=self.parties.parties(),
            participants=self.participants.participants(),
        ))

    def _show_defaults(self) -> None:
        start = QDateTime(to_qdate(clock.today()), DEFAULT_START)
        self.starts_at.setDateTime(start)
        self.ends_at.setDateTime(start.addSecs(DEFAULT_HOURS * 3600))
        self.departs_on.set_value(clock.today())
        self.consultation_on.set_value(clock.today())
        self.held_by_body.setChecked(True)
        self.country.set_code(KAZAKHSTAN)
        self._fill_series(None)
        self.plan_fields.set_data(None, None)

    def _show_data(self, data: EventData) -> None:
        self.title_kk.setText(data.title_kk)
        self.title_ru.setText(data.title_ru)
        self.kind.setCurrentIndex(max(self.kind.findData(data.kind), 0))
        self.starts_at.set_value(data.starts_at)
        self.ends_at.set_value(data.ends_at)
        self.country.set_code(data.country)
        self.city_forms.set_forms(data.city, data.city_ru)
        self.venue.setText(data.venue)
        self.venue_ru.setText(data.venue_ru)
        (self.held_by_body if data.held_by_body else self.attended).setChecked(True)
        self.mfa_participated.setChecked(data.mfa_participated)
        self.exemption_area.setCurrentIndex(max(self.exemption_area.findData(data.exemption_area or ""), 0))
        self._fill_series(str(data.series_id) if data.series_id else None)
        self.departs.setChecked(data.departs_on is not None)
        self.departs_on.set_value(data.departs_on or data.starts_at.date())
        self.attendance.setCurrentIndex(max(self.attendance.findData(data.attendance), 0))
        self.diplomatic_service.setChecked(data.diplomatic_service_participated)
        self.commission_party.setChecked(data.commission_party)
        self.consulted.setChecked(data.consultation_on is not None)
        self.consultation_on.set_value(data.consultation_on or data.departs_on or data.starts_at.date())
        self.consultation_form.setCurrentIndex(max(self.consultation_form.findData(data.consultation_form), 0))
        self.consultation_official.setText(data.consultation_official)
        self.consultation_ref.setText(data.consultation_ref)
        self.notes.setPlainText(data.notes)
        self.parties.set_parties(data.parties)
        self.participants.set_participants(data.participants)
        self.plan_fields.set_data(data, self._stored_status)

    def _fill_series(self, selected: str | None) -> None:
        """No series, a new one, or one of the existing series; a draft's new series keeps its id."""
        known = series_choices(self.store, current_language())
        if selected and selected not in {str(series_id) for series_id, _label in known}:
            self._new_series_id = selected
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(_("Not part of a series"), "")
        self.series.addItem(_("Start a new series"), self._new_series_id)
        for series_id, label in known:
            self.series.addItem(label, str(series_id))
        self.series.setCurrentIndex(max(self.series.findData(selected or ""), 0))
        self.series.blockSignals(False)

    # ------------------------------------------------------------------------------------------ validation

    def revalidate(self) -> list[FieldProblem]:
        data = self.form_data()
        problems = validate(data)
        by_field: dict[str, list[FieldProblem]] = {}
        for problem in problems:
            by_field.setdefault(top_field(problem.field), []).append(problem)
        for name, label in self.problem_labels.items():
            label.show_problems([problem_text(problem) for problem in by_field.get(name, ())])
        self.parties.show_problems(by_field.get("parties", []))
        self.participants.show_problems(by_field.get("participants", []))
        self.plan_fields.show_problems(by_field)
        self.save_button.setEnabled(not problems)
        self._show_place(data)
        self._show_translations(data)
        return problems

    def _show_translations(self, data: EventData) -> None:
        lines = [
            text.format(problems=" ".join(problem_text(problem) for problem in missing))
            for text, missing in ((_("Before a document in Kazakh: {problems}"), missing_translations(data, "kk", plan=True)),
                                  (_("Before a document in Russian: {problems}"),
                                   missing_translations(data, "ru", plan=True)))
            if missing
        ]
        self.translations.setText("\n".join(lines))
        self.translations.setVisible(bool(lines))

    def _show_place(self, data: EventData) -> None:
        self.abroad.setText(_("Yes — a trip abroad (p.48 applies)") if data.abroad else _("No — in Kazakhstan"))
        self.departs.setEnabled(data.abroad)
        self.departs_on.setEnabled(data.abroad and self.departs.isChecked())
        self.consulted.setEnabled(data.abroad)
        self.mfa_position.setVisible(data.abroad)
        for widget in (self.consultation_on, self.consultation_form, self.consultation_official, self.consultation_ref):
            widget.setEnabled(data.abroad and self.consulted.isChecked())

    def retranslate_form(self) -> None:
        for name, text in field_labels().items():
            if name in self.labels:  # the p.46 fields' labels are the plan part's
                self.labels[name].setText(text)
        for position, code in enumerate(EVENT_KINDS):
            self.kind.setItemText(position, _(EVENT_KINDS[code]))
        self.exemption_area.setItemText(0, _("None — p.46 applies in full"))
        for position, area in enumerate(ExemptionArea, start=1):
            self.exemption_area.setItemText(position, _(area.label))
        self._fill_series(self.series.currentData() or None)
        self.series.setToolTip(_("Several meetings of one foreign delegation in Kazakhstan (p.49)."))
        self.held_by_body.setText(_("Held by the body"))
        self.attended.setText(_("Attended (held by others)"))
        self.mfa_participated.setText(_("MFA or diplomatic-service representatives took part"))
        self.departs.setText(_("Departs on"))
        for position, code in enumerate(ATTENDANCE_LABELS):
            self.attendance.setItemText(position, _(ATTENDANCE_LABELS[code]))
        for position, code in enumerate(CONSULTATION_FORMS):
            self.consultation_form.setItemText(position, _(CONSULTATION_FORMS[code]))
        self.diplomatic_service.setText(_("An embassy or another diplomatic-service body took part (p.46)"))
        self.commission_party.setText(_("A dealing with the Eurasian Economic Commission (p.42, p.44: outside the "
                                        "MFA's coordination)"))
        self.consulted.setText(_("Consultations held"))
        # Not "Event": that msgid is the event-title column elsewhere, translated as such.
        self.event_box.setTitle(_("About the event"))
        self.place_box.setTitle(_("Place"))
        self.decree_box.setTitle(_("Decree No. 1037"))
        self.consultation_box.setTitle(_("Consultations with the MFA before departure (p.48)"))
        self.parties_box.setTitle(_("Foreign parties"))
        self.participants_box.setTitle(_("Participants"))
        self.attachments_box.setTitle(_("Attachments"))
        self.notes_box.setTitle(_("Notes"))
        self.plan_box.setTitle(_("Plan and diplomatic service (p.46)"))
