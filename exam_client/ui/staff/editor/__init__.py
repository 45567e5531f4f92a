"""The registration editor (phiếu đăng ký dự thi): a core widget and the staff dialog around it."""

from exam_client.ui.staff.editor.dialog import (
    RegistrationEditorDialog,
    render_editor_for_screenshot,
)
from exam_client.ui.staff.editor.editor import RegistrationEditor

__all__ = ["RegistrationEditor", "RegistrationEditorDialog", "render_editor_for_screenshot"]
