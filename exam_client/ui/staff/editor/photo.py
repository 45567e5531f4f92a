"""The portrait photo: pick a file, see it, and have it checked before it is taken.

The size and shape rule is the rules engine's (``RuleSet.photo``, DOMAIN.md §2.2: ≥ 400×600,
portrait), run on the picked image at once, so a photo that would be refused is refused here with
the engine's own words, and the photo already on the form is kept. The file is read on a worker
thread (a phone photo can be tens of megabytes).

The wire document carries the photo's size only; the image itself stays on this machine while the
form is open (see the report on the missing photo upload).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.problems import Problem
from exam_client.domain.registration import Category, Photo, Registration, validate
from exam_client.domain.ruleset import RuleSet
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.fields import FieldSlot, error_line
from exam_client.ui.staff.editor.problems import message

PREVIEW_W, PREVIEW_H = 132, 198
Submit = Callable[
    [Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None] | None], None
]


def photo_problems(photo: Photo, ruleset: RuleSet, today: date) -> list[Problem]:
    """The engine's photo rule alone (the rest of the probe record is ignored)."""
    probe = Registration(
        cccd="",
        full_name="",
        date_of_birth=date(2000, 1, 1),
        gender="male",
        category=Category.A,
        photo=photo,
    )
    return [p for p in validate(probe, ruleset, today) if p.field == "photo"]


def read_image(path: str) -> QImage:
    """Worker thread: QImage (unlike QPixmap) may be made off the GUI thread."""
    return QImage(path)


class PhotoSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, submit: Submit, parent: QWidget | None = None) -> None:
        """``submit(fn, on_success, on_failure)`` runs ``fn`` on a worker (the editor's tasks)."""
        super().__init__(parent)
        self._rs = ruleset
        self._submit = submit
        self.photo: Photo | None = None
        self.path: str | None = None
        self.preview = QLabel()
        self.preview.setObjectName("photoPreview")
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.choose = QPushButton()
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self.pick_file)
        self.info = QLabel()
        self.info.setObjectName("subtitle")
        self.info.setWordWrap(True)
        self.rejected = error_line()
        self.error = error_line()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.choose)
        layout.addWidget(self.info)
        layout.addWidget(self.rejected)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setMaximumWidth(220)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Ảnh chân dung"))
        self.choose.setText(self.tr("Chọn &ảnh…"))
        self.choose.setAccessibleName(self.tr("Chọn tệp ảnh chân dung"))
        self.preview.setAccessibleName(self.tr("Ảnh chân dung"))
        rule = self._rs.photo
        self.info.setText(
            self.tr("Ảnh thẻ chụp trong 6 tháng, tối thiểu %1×%2 điểm ảnh, ảnh dọc.")
            .replace("%1", str(rule.min_width_px))
            .replace("%2", str(rule.min_height_px))
        )
        self._show()

    def slots(self) -> list[FieldSlot]:
        return [FieldSlot("photo", self.choose, self.error, self.title)]

    def inputs(self) -> list[QWidget]:
        return [self.choose]

    def pick_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn ảnh chân dung"), "", self.tr("Ảnh (*.jpg *.jpeg *.png)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        """Read ``path`` off the GUI thread, then take it or refuse it with the reason."""
        self.choose.setEnabled(False)
        self._submit(
            lambda: read_image(path),
            lambda image: self._loaded(path, image),
            lambda _exc: self._loaded(path, QImage()),
        )

    def _loaded(self, path: str, image: QImage) -> None:
        self.choose.setEnabled(True)
        name = Path(path).name
        if image.isNull():
            self._refuse(
                self.tr("Không đọc được tệp %1 như một ảnh. Hãy chọn tệp JPG hoặc PNG.").replace(
                    "%1", name
                )
            )
            return
        photo = Photo(image.width(), image.height())
        errors = [p for p in photo_problems(photo, self._rs, date.today()) if p.is_error]
        if errors:
            text = self.tr("Không nhận ảnh %1: %2 Ảnh cũ (nếu có) được giữ nguyên.")
            self._refuse(
                text.replace("%1", name).replace("%2", " ".join(message(p) for p in errors))
            )
            return
        self.rejected.hide()
        self.photo, self.path = photo, path
        pixmap = QPixmap.fromImage(image).scaled(
            PREVIEW_W,
            PREVIEW_H,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)
        self._show()
        self.changed.emit()

    def _refuse(self, text: str) -> None:
        self.rejected.setText(text)
        self.rejected.show()
        self.choose.setAccessibleDescription(text)

    def _show(self) -> None:
        if self.photo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Chưa có ảnh\n4×6"))
        elif self.path is None:
            self.preview.setText(
                self.tr("Ảnh %1×%2 đã khai\n(ảnh gốc không lưu trong phiếu)")
                .replace("%1", str(self.photo.width_px))
                .replace("%2", str(self.photo.height_px))
            )

    # -- values -------------------------------------------------------------------------------
    def collect(self, values: dict[str, Any]) -> None:
        p = self.photo
        values["photo"] = {"width_px": p.width_px, "height_px": p.height_px} if p else None

    def fill(self, doc: Any) -> None:
        self.path = None
        self.preview.setPixmap(QPixmap())
        self.photo = Photo(doc.photo.width_px, doc.photo.height_px) if doc.photo else None
        self.rejected.hide()
        self._show()
