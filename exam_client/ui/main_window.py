"""The staff main window: candidates (home), citizen look-up, review; import, print and export.

The bulk actions work on the candidate table's selection (or, without one, on what the table
shows). The registration editor and the sync panel are built elsewhere and plug in here:
:meth:`MainWindow.open_editor` opens ``exam_client.ui.staff.editor.RegistrationEditorDialog``
when that module exists; the sync panel is added as a tab by :meth:`MainWindow.add_section`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from exam_client.services.auth import StaffSession
from exam_client.services.context import AppServices, OnlineServices
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.candidates_panel import CandidatesPanel, index_loader
from exam_client.ui.status import StatusBar
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:  # built on first use (see MainWindow.lookup_panel): not on the cold path
    from exam_client.ui.citizen_lookup import CitizenLookupPanel
    from exam_client.ui.staff.actions import StaffActions
    from exam_client.ui.staff.review_panel import ReviewPanel

log = logging.getLogger(__name__)
EXAM_YEAR = 2026  # the registration window this build serves (the rule set's year)


def _empty_index() -> Any:
    from exam_client.services.candidate_index import CandidateIndex

    return CandidateIndex([])


class MainWindow(Retranslatable, QMainWindow):
    signed_out = Signal()
    lock_requested = Signal()  # the shell covers the window (ui/session_lock.py)

    def __init__(
        self,
        services: AppServices | OnlineServices,
        runner: TaskRunner,
        session: StaffSession,
    ) -> None:
        """With :class:`OnlineServices` (a cold start whose local store is still opening) the
        window draws its frame at once and works on local data from :meth:`attach_services`;
        until then the candidate table says the data is opening and the actions on local data
        are off."""
        super().__init__()
        self._online = services.online if isinstance(services, AppServices) else services
        self._local: AppServices | None = None
        self._runner = runner
        self._session = session
        self.resize(1180, 720)
        self.editor: QWidget | None = None
        self.import_wizard: QWidget | None = None
        self.batch_dialog: QWidget | None = None

        self.tabs = QTabWidget()
        self.candidates_panel = CandidatesPanel(_empty_index, runner)
        self.tabs.addTab(self.candidates_panel, "")
        # The other built-in tabs are built (and their modules imported) when first opened:
        # the first frame after sign-in only needs the candidate table.
        self._lookup_panel: CitizenLookupPanel | None = None
        self._review_panel: ReviewPanel | None = None
        self._pending: dict[QWidget, Callable[[], QWidget]] = {}
        self._built: dict[QWidget, QWidget] = {}  # stand-in → the panel now in its place
        self._lookup_slot = self._lazy_tab(self._make_lookup_panel)
        self._review_slot = self._lazy_tab(self._make_review_panel)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._actions: StaffActions | None = None

        self.status = StatusBar(self._online, runner)
        where = f" — {session.school_name}" if session.school_name else ""
        self.status.set_user(f"{session.display_name}{where}")
        self.setStatusBar(self.status)

        self.sync_panel: QWidget | None = None
        self._make_actions()
        self.candidates_panel.open_requested.connect(self.open_editor)
        self.candidates_panel.selection_changed.connect(self._selection_changed)
        self.retranslate_ui()
        if isinstance(services, AppServices):
            self.attach_services(services)
        else:
            for act in self._local_actions:
                act.setEnabled(False)
            self.candidates_panel.show_notice(self.tr("Đang mở dữ liệu trên máy…"))
        self.candidates_panel.search.setFocus()

    @property
    def opening(self) -> bool:
        """The local store is still opening (no local data, its actions off)."""
        return self._local is None

    @property
    def _services(self) -> AppServices:
        """The whole services; only for what is off until :meth:`attach_services`."""
        if self._local is None:
            raise RuntimeError("the local data is still opening")
        return self._local

    def attach_services(self, services: AppServices) -> None:
        """The local store is open (GUI thread): load the candidates, add the sync panel and the
        status bar's sync summary, turn on the actions on local data."""
        if self._local is not None:
            return
        self._local = services
        regs = services.registrations
        self.candidates_panel.set_loader(index_loader(regs) if regs is not None else _empty_index)
        self.status.attach_local(services)
        if services.sync is not None and services.registrations is not None:
            from exam_client.ui.sync.panel import SyncPanel

            sync_panel = SyncPanel(
                services.sync, services.registrations, self._runner, services.connection
            )
            self.sync_panel = sync_panel
            self.add_section(sync_panel, self.tr("Đồng bộ"))
            sync_panel.reasons_changed.connect(self.candidates_panel.model.set_reasons)
            sync_panel.open_record_requested.connect(self.open_editor)
            sync_panel.resolved.connect(lambda _id: self.candidates_panel.reload())
            if self.status.sync_summary is not None:
                self.status.sync_summary.clicked.connect(self.show_sync_panel)
        for act in self._local_actions:
            act.setEnabled(True)
        self.candidates_panel.reload()
        self._tab_changed(self.tabs.currentIndex())  # a tab opened while the data was opening

    def local_failed(self, exc: BaseException) -> None:
        """The local store could not be opened after the window was shown (GUI thread): say
        so where the candidates would be, and in a message the person must acknowledge."""
        reason = str(getattr(exc, "message_vi", "") or type(exc).__name__)
        text = self.tr("Không mở được dữ liệu trên máy: %1").replace("%1", reason)
        self.candidates_panel.show_notice(text)
        self.status.local_failed()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Không mở được dữ liệu trên máy"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()

    def _make_actions(self) -> None:
        def action(shortcut: Any, slot: Any) -> QAction:
            act = QAction(self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            return act

        self.import_action = action("Ctrl+I", self.open_import)
        self.template_action = action(None, self.save_template)
        self.batch_action = action("Ctrl+L", self.open_batch_lookup)
        self.export_action = action("Ctrl+E", self.export_selection)
        self.print_forms_action = action(QKeySequence.StandardKey.Print, self.print_forms)
        self.print_class_action = action(None, self.print_class_list)
        self.new_action = action(QKeySequence.StandardKey.New, lambda: self.open_editor(None))
        self.reload_action = action(QKeySequence.StandardKey.Refresh, self.reload)
        self.sync_action = action("Ctrl+Shift+S", self.show_sync_panel)
        self.settings_action = action(QKeySequence.StandardKey.Preferences, self.open_settings)
        self.lock_action = action("Ctrl+Shift+L", self.lock_requested.emit)
        self.sign_out_action = action(None, self._sign_out)
        self.quit_action = action(QKeySequence.StandardKey.Quit, self.close)

        self.file_menu = self.menuBar().addMenu("")
        for act in (self.import_action, self.template_action, self.export_action):
            self.file_menu.addAction(act)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.print_forms_action)
        self.file_menu.addAction(self.print_class_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.sign_out_action)
        self.file_menu.addAction(self.quit_action)
        self.candidates_menu = self.menuBar().addMenu("")
        for act in (self.new_action, self.batch_action, self.reload_action, self.sync_action):
            self.candidates_menu.addAction(act)
        self.diagnostics_action = action(None, self.export_diagnostics)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.diagnostics_action)
        # Off while the local store is still opening (see attach_services).
        self._local_actions = (
            self.import_action,
            self.template_action,
            self.batch_action,
            self.export_action,
            self.print_forms_action,
            self.print_class_action,
            self.new_action,
            self.reload_action,
            self.sync_action,
            self.settings_action,
        )

        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        for act in (
            self.import_action,
            self.batch_action,
            self.print_forms_action,
            self.export_action,
        ):
            self.toolbar.addAction(act)
        self.addToolBar(self.toolbar)

    def retranslate_ui(self) -> None:
        school = self._session.school_name or self.tr("Cán bộ")
        self.setWindowTitle(self.tr("Đăng ký dự thi THPT — %1").replace("%1", school))
        self.tabs.setTabText(0, self.tr("Thí sinh"))
        self.tabs.setTabText(self._tab_index(self._lookup_slot), self.tr("Tra cứu công dân"))
        self.tabs.setTabText(self._tab_index(self._review_slot), self.tr("Duyệt hồ sơ"))
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.candidates_menu.setTitle(self.tr("Thí &sinh"))
        self.toolbar.setWindowTitle(self.tr("Thao tác"))
        texts = (
            (self.import_action, self.tr("&Nhập từ tệp…")),
            (self.template_action, self.tr("Tải &mẫu nhập liệu…")),
            (self.batch_action, self.tr("Tra cứu &hàng loạt…")),
            (self.export_action, self.tr("&Xuất danh sách .xlsx…")),
            (self.print_forms_action, self.tr("&In phiếu đăng ký")),
            (self.print_class_action, self.tr("In danh sách &lớp")),
            (self.new_action, self.tr("&Thêm thí sinh…")),
            (self.reload_action, self.tr("&Tải lại danh sách")),
            (self.sync_action, self.tr("Bảng &đồng bộ")),
            (self.settings_action, self.tr("&Cài đặt…")),
            (self.lock_action, self.tr("&Khoá màn hình")),
            (self.sign_out_action, self.tr("Đăng &xuất")),
            (self.quit_action, self.tr("&Thoát")),
        )
        for act, text in texts:
            act.setText(text)
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.diagnostics_action.setText(self.tr("Xuất gói &chẩn đoán…"))
        self.diagnostics_action.setStatusTip(
            self.tr("Tạo tệp ZIP cho bộ phận kỹ thuật (không có dữ liệu thí sinh)")
        )
        self.print_forms_action.setToolTip(
            self.tr("In phiếu của các thí sinh đã chọn; không chọn ai thì in cả lớp đang lọc")
        )
        if self.sync_panel is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.sync_panel), self.tr("Đồng bộ"))
        self._selection_changed(self.candidates_panel.selected_ids())

    def show_sync_panel(self) -> None:
        if self.sync_panel is not None:
            self.tabs.setCurrentWidget(self.sync_panel)
            self.sync_panel.setFocus()

    def export_diagnostics(self) -> None:
        from exam_client.ui.crash_dialog import DiagnosticsExportDialog, diagnostics_exporter

        dialog = DiagnosticsExportDialog(
            diagnostics_exporter(self._online.settings, lambda: self._local), self._runner, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_settings(self) -> None:
        from exam_client.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._services, self._runner, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- sections ----------------------------------------------------------------------------
    def add_section(self, widget: QWidget, title: str) -> int:
        """Add a tab (e.g. the sync panel) after the built-in ones."""
        return self.tabs.addTab(widget, title)

    def save_template(self) -> None:
        self.actions_.save_template()

    @property
    def actions_(self) -> StaffActions:
        """Print, export and template actions; built (and imported) at first use."""
        if self._actions is None:
            from exam_client.ui.staff.actions import StaffActions

            self._actions = StaffActions(self._services, self._runner, self)
        return self._actions

    @property
    def lookup_panel(self) -> CitizenLookupPanel:
        """The citizen look-up tab (built on first use: opening the tab, or asking for it)."""
        if self._lookup_panel is None:
            self._build_tab(self._lookup_slot)
        assert self._lookup_panel is not None
        return self._lookup_panel

    @property
    def review_panel(self) -> ReviewPanel:
        """The review tab (built on first use, like :attr:`lookup_panel`)."""
        if self._review_panel is None:
            self._build_tab(self._review_slot)
        assert self._review_panel is not None
        return self._review_panel

    def _make_lookup_panel(self) -> QWidget:
        from exam_client.ui.citizen_lookup import CitizenLookupPanel

        self._lookup_panel = CitizenLookupPanel(self._services, self._runner)
        return self._lookup_panel

    def _make_review_panel(self) -> QWidget:
        from exam_client.ui.staff.review_panel import ReviewPanel

        panel = ReviewPanel(self._services.review, self._runner)
        panel.decided.connect(lambda *_: self.candidates_panel.reload())
        self._review_panel = panel
        return panel

    def _lazy_tab(self, build: Callable[[], QWidget]) -> QWidget:
        """An empty page standing in for a tab until it is first opened."""
        slot = QWidget()
        self._pending[slot] = build
        self.tabs.addTab(slot, "")
        return slot

    def _tab_index(self, slot: QWidget) -> int:
        """The tab of a lazy section, whether it is still the stand-in or already built."""
        return self.tabs.indexOf(self._built.get(slot, slot))

    def _build_tab(self, slot: QWidget) -> None:
        """Put the real panel in place of its stand-in, keeping the tab's text and the current
        tab (and so the keyboard focus) where they were."""
        build = self._pending.pop(slot, None)
        if build is None:
            return
        panel = build()
        self._built[slot] = panel
        index = self.tabs.indexOf(slot)
        was_current = self.tabs.currentIndex()
        text = self.tabs.tabText(index)
        blocked = self.tabs.blockSignals(True)  # no currentChanged for the swap itself
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, panel, text)
        self.tabs.setCurrentIndex(was_current)
        self.tabs.blockSignals(blocked)
        slot.hide()  # kept (a key of _built), never shown again

    def reload(self) -> None:
        if self._local is None:
            return  # attach_services loads the candidates
        self.candidates_panel.reload()
        if self._review_panel is not None:  # an unopened review tab loads when opened
            self._review_panel.refresh()

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if self._local is None:
            return  # built once the local data is open (attach_services)
        if page in self._pending:
            self._build_tab(page)
            page = self.tabs.widget(index)
        if page is not None and page is self._review_panel:
            self._review_panel.refresh()

    def _selection_changed(self, ids: list[str]) -> None:
        count = len(ids)
        label = (
            self.tr("&In phiếu đăng ký (%1 đã chọn)").replace("%1", str(count))
            if count
            else self.tr("&In phiếu đăng ký (cả lớp đang lọc)")
        )
        self.print_forms_action.setText(label)

    # -- bulk actions: the selection, else what the table shows -------------------------------
    def target_ids(self) -> list[str]:
        ids = self.candidates_panel.selected_ids()
        return ids or [r.record_id for r in self.candidates_panel.visible_rows()]

    def export_selection(self) -> None:
        ids = self.candidates_panel.selected_ids()
        self.actions_.export_xlsx(ids or None)

    def print_forms(self) -> None:
        class_name = self.candidates_panel.current_class()
        suggested = f"phieu_dang_ky_{class_name}.pdf" if class_name else "phieu_dang_ky.pdf"
        self.actions_.print_forms(self.target_ids(), suggested)

    def print_class_list(self) -> None:
        self.actions_.print_class_list(self.candidates_panel.current_class())

    def open_import(self) -> None:
        from exam_client.ui.staff.import_wizard import ImportWizard

        wizard = ImportWizard(self._services, self._runner, self._session.school_code or "", self)
        wizard.finished.connect(lambda _r: self.candidates_panel.reload())
        self.import_wizard = wizard
        wizard.open()

    def open_batch_lookup(self) -> None:
        from exam_client.ui.staff.batch_lookup_dialog import BatchLookupDialog, items_from_rows

        rows = self.candidates_panel.selected_rows()
        dialog = BatchLookupDialog(self._services, self._runner, items_from_rows(rows), self)
        self.batch_dialog = dialog
        dialog.open()

    # -- hook: the registration editor (another module; optional until it exists) -----------
    def open_editor(self, record_id: str | None) -> QWidget | None:
        """Open the registration editor for ``record_id`` (``None``: a new registration).

        Wiring: ``RegistrationEditorDialog(services, runner, EXAM_YEAR, record_id=UUID | None,
        parent=self)``, opened window-modal and non-blocking; when it closes (saved, submitted
        or not) the candidate table reloads. Without the module this says so instead.
        """
        try:
            from exam_client.ui.staff.editor import RegistrationEditorDialog
        except ImportError:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Sửa hồ sơ"),
                self.tr("Màn hình sửa phiếu đăng ký chưa có trong phiên bản này."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.editor = box
            box.open()
            return None
        dialog = RegistrationEditorDialog(
            self._services,
            self._runner,
            EXAM_YEAR,
            record_id=UUID(record_id) if record_id else None,
            parent=self,
        )
        dialog.finished.connect(lambda _result: self.candidates_panel.reload())
        self.editor = dialog
        dialog.open()
        return dialog

    def _sign_out(self) -> None:
        self._online.auth.sign_out()
        self.signed_out.emit()
        self.close()
