"""A large on-screen numeric keypad for the CCCD field (GUI thread only).

It types into a target :class:`QLineEdit` exactly as the physical keyboard would (through the
field's validator and max length), so both input paths share one validation. The keys take no
keyboard focus: Tab moves between the form fields, never through twelve keypad buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from exam_client.ui.i18n import Retranslatable


class NumericKeypad(Retranslatable, QWidget):
    """Digits 1–9, 0, backspace and clear. ``pressed`` reports every key (for tests, sounds)."""

    pressed = Signal(str)

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self.digit_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._digit(digit), i // 3, i % 3)
        self.clear_button = self._action(self._clear)
        self.backspace_button = self._action(self._backspace)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        grid.addWidget(self.backspace_button, 3, 2)
        self.retranslate_ui()

    def _digit(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setObjectName("kioskKey")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(digit)
        button.clicked.connect(lambda: self.press(digit))
        self.digit_buttons[digit] = button
        return button

    def _action(self, slot: object) -> QPushButton:
        button = QPushButton()
        button.setObjectName("kioskKeyAction")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def retranslate_ui(self) -> None:
        self.clear_button.setText(self.tr("Xoá hết"))
        self.clear_button.setAccessibleName(self.tr("Xoá hết số đã nhập"))
        self.backspace_button.setText("⌫")
        self.backspace_button.setAccessibleName(self.tr("Xoá một số"))
        self.backspace_button.setToolTip(self.tr("Xoá một số"))

    def press(self, key: str) -> None:
        """Type one digit at the cursor (respects the validator and max length)."""
        self._target.setFocus()
        self._target.insert(key)
        self.pressed.emit(key)

    def _backspace(self) -> None:
        self._target.setFocus()
        self._target.backspace()
        self.pressed.emit("backspace")

    def _clear(self) -> None:
        self._target.setFocus()
        self._target.clear()
        self.pressed.emit("clear")
