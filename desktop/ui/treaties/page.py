"""Treaties page (p.2): the register, searchable and filtered by status; a treaty opens in the editor; the
year's forms are rendered or recorded as sent from here.

The list comes from the store on a worker thread (with a busy bar), as on the Events and Reports pages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language, format_date
from hattama.rules.treaty_validation import TREATY_KINDS, TREATY_STATUSES
from hattama.services.treaties import delete_treaty, list_treaty_rows
from hattama.services.treaty_import import import_treaties
from hattama.ui.column_widths import TableLayout
from hattama.ui.loading import BackgroundLoad
from hattama.ui.retranslate import Retranslating
from hattama.ui.treaties.editor import TreatyEditor
from hattama.ui.treaties.forms_dialog import FormsSentDialog, RenderFormsDialog
from hattama.ui.treaties.table_model import (
    COLUMNS,
    SHORT_STATUSES,
    TreatiesProxy,
    TreatiesTableModel,
    TreatyTable,
    column_titles,
    treaty_table,
)
from hattama.ui.workers import ProgressReport, run_with_progress


def load_treaties(store: Store, language: str, sort_column: int, descending: bool,
                  report: ProgressReport) -> TreatyTable:
    """Runs on a worker thread: the rows, sorted, so the GUI thread only swaps them in."""
    report(0, 2)
    rows = list_treaty_rows(store)
    report(1, 2)
    table = treaty_table(rows, language, sort_column, descending)
    report(2, 2)
    return table


class TreatiesPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or clock.today()
        self.model = TreatiesTableModel(self)
        self.proxy = TreatiesProxy(self.model, self)
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Treaties"), message))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter = QComboBox()
        self.status_filter.addItem("", None)
        for code in TREATY_STATUSES:
            self.status_filter.addItem(code, code)
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_status(self.status_filter.currentData()))
        self.buttons = {name: QPushButton() for name in ("new", "edit", "delete", "import", "render", "sent")}
        for name, slot in (("new", self.new_treaty), ("edit", self.edit_current), ("delete", self.delete_current),
                           ("import", self.import_file), ("render", self.render_forms), ("sent", self.forms_sent)):
            self.buttons[name].clicked.connect(slot)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # On a narrow window the date of entry into force gives way, then the body, kind and status elide
        # (issue 19: at 1024 px the columns ran off-screen).
        self.layout_keeper = TableLayout(self.table, "treaties", COLUMNS, stretch="title",
                                         elidable=("body", "kind", "status"), droppable=("in_force",),
                                         keep=("kind", "status"), shortened=("status",))
        self.model.sort(*self.layout_keeper.remembered_sort(COLUMNS[0], descending=True))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit_current())

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter, 1)
        actions = QHBoxLayout()
        for name in ("new", "edit", "delete", "import"):
            actions.addWidget(self.buttons[name])
        actions.addStretch(1)
        actions.addWidget(self.buttons["render"])
        actions.addWidget(self.buttons["sent"])
        # What the last import or rendering did, without a box to click away.
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        busy = QHBoxLayout()
        busy.addWidget(self.notice, 1)
        busy.addWidget(self.loading)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addLayout(busy)
        self.retranslate_ui()
        self.reload()

    # ----------------------------------------------------------------------------------------------- loading

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def reload(self, select: uuid.UUID | None = None) -> None:
        store, language = self.store, current_language()
        sort_column, descending = self.model.sort_state()[0], self.model.descending()
        self._select_after_load = select
        self.loading.start(lambda report: load_treaties(store, language, sort_column, descending, report))

    def _loaded(self, table: TreatyTable) -> None:
        self.model.set_table(table)
        if self._select_after_load is not None:
            self.select(self._select_after_load)

    def select(self, treaty_id: uuid.UUID) -> None:
        source_row = self.model.row_of(treaty_id)
        if source_row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def current_id(self) -> uuid.UUID | None:
        index: QModelIndex = self.table.currentIndex()
        return self.proxy.row_at(index).id if index.isValid() else None

    # ----------------------------------------------------------------------------------------------- actions

    def open_editor(self, treaty_id: uuid.UUID | None) -> TreatyEditor:
        editor = TreatyEditor(self.store, treaty_id, self)
        editor.saved.connect(lambda saved_id: self.reload(select=saved_id))
        editor.open()
        return editor

    def new_treaty(self) -> TreatyEditor:
        return self.open_editor(None)

    def edit_current(self) -> TreatyEditor | None:
        treaty_id = self.current_id()
        return self.open_editor(treaty_id) if treaty_id is not None else None

    def delete_current(self) -> None:
        treaty_id = self.current_id()
        if treaty_id is None:
            return
        answer = QMessageBox.question(self, _("Delete treaty"), _(
            "Delete the treaty with its measures and procedure steps? This cannot be undone."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.store
        run_with_progress(self, lambda _report: delete_treaty(store, treaty_id), label=_("Deleting…"),
                          on_success=lambda _result: self.reload(),
                          on_failure=lambda message: QMessageBox.warning(self, _("Treaties"), message))

    def import_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Import treaties"), "",
                                                          _("Spreadsheets (*.xlsx *.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        store = self.store

        def done(summary) -> None:
            self.notice.setText(_("Imported {count} treaties from {path}.").format(count=summary.created,
                                                                                   path=summary.path))
            self.reload()

        run_with_progress(self, lambda _report: import_treaties(store, path), label=_("Importing treaties…"),
                          on_success=done,
                          on_failure=lambda message: QMessageBox.warning(self, _("Import treaties"), message))

    def render_forms(self) -> RenderFormsDialog:
        """The year's forms (p.2): by default last year, which the forms due on 10 January report on."""
        dialog = RenderFormsDialog(self.store, self.today.year - 1, self)
        dialog.rendered.connect(lambda path: self.notice.setText(_("The forms were saved to {path}.").format(
            path=path)))
        dialog.open()
        return dialog

    def forms_sent(self) -> FormsSentDialog:
        dialog = FormsSentDialog(self.store, self.today.year - 1, self.today, self)
        dialog.recorded.connect(lambda: self.notice.setText(_("The forms were recorded as sent.")))
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search treaties: title, party, body…"))
        self.status_filter.setItemText(0, _("Any status"))
        for index in range(1, self.status_filter.count()):
            self.status_filter.setItemText(index, _(TREATY_STATUSES[self.status_filter.itemData(index)]))
        for name, text in (("new", _("New treaty…")), ("edit", _("Open…")), ("delete", _("Delete")),
                           ("import", _("Import…")), ("render", _("Render forms…")),
                           ("sent", _("Forms sent…"))):
            self.buttons[name].setText(text)
        self.loading.label.setText(_("Loading treaties…"))
        self.model.retranslate()
        self.layout_keeper.fit(column_titles(), {
            "signed": [format_date(dt.date(2026, month, 28), "medium") for month in range(1, 13)],
            "in_force": [format_date(dt.date(2026, month, 28), "medium") for month in range(1, 13)],
            "kind": [_(text) for text in TREATY_KINDS.values()],
            "status": [_(SHORT_STATUSES.get(code, text)) for code, text in TREATY_STATUSES.items()],
            "body": [],  # its header's title at least; the bodies' names elide
        })
