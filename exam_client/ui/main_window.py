"""The staff main window. Sections grow with the staff workflow (candidates, import, sync)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget

from exam_client.services.auth import StaffSession
from exam_client.services.context import AppServices
from exam_client.ui.citizen_lookup import CitizenLookupPanel
from exam_client.ui.status import StatusBar
from exam_client.ui.tasks import TaskRunner


class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, services: AppServices, runner: TaskRunner, session: StaffSession) -> None:
        super().__init__()
        self._services = services
        school = session.school_name or "Cán bộ"
        self.setWindowTitle(f"Đăng ký dự thi THPT — {school}")
        self.resize(980, 640)

        self.tabs = QTabWidget()
        self.lookup_panel = CitizenLookupPanel(services, runner)
        self.tabs.addTab(self.lookup_panel, "Tra cứu công dân")
        self.setCentralWidget(self.tabs)

        self.status = StatusBar(services, runner)
        where = f" — {session.school_name}" if session.school_name else ""
        self.status.set_user(f"{session.display_name}{where}")
        self.setStatusBar(self.status)

        menu = self.menuBar().addMenu("&Tệp")
        sign_out = QAction("Đăng &xuất", self)
        sign_out.triggered.connect(self._sign_out)
        menu.addAction(sign_out)
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.lookup_panel.id_input.setFocus()

    def _sign_out(self) -> None:
        self._services.auth.sign_out()
        self.signed_out.emit()
        self.close()
