"""Typed errors of the local store, each with a message a person can act on.

Every error carries an English ``str()`` (for logs and developers) and a Vietnamese
``message_vi`` (for the screen). The messages never blame the user for a fault of the system: a
missing or locked keyring is not a "wrong password", and a file SQLCipher cannot decrypt is
described with all three causes SQLCipher cannot tell apart.

Raised on whichever thread opened the store or asked for the key (normally a background task at
start-up); the UI layer shows ``message_vi`` via the services layer.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of every error the local store raises on purpose."""

    def __init__(self, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi


class KeyringUnavailable(StoreError):
    """No secure OS keyring: the database key cannot be kept there (use a passphrase instead)."""

    def __init__(self, reason: str, reason_vi: str | None = None) -> None:
        self.reason = reason
        super().__init__(
            f"No secure system keyring is available on this computer ({reason}), so the key "
            "that protects the local data cannot be kept there. You can protect the local data "
            "with a passphrase instead.",
            "Máy tính này không có kho khoá bảo mật của hệ điều hành "
            f"({reason_vi or reason}), nên không thể cất khoá bảo vệ dữ liệu cục bộ ở đó. "
            "Bạn có thể bảo vệ dữ liệu cục bộ bằng một cụm mật khẩu (passphrase) thay thế.",
        )


class KeyringLocked(StoreError):
    """The keyring exists but is locked, or the person/system refused access to it."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        suffix = f" ({detail})" if detail else ""
        super().__init__(
            f"The system keyring is locked or refused access{suffix}, so the key for the local "
            "data could not be read. Unlock the keyring (or allow exam-client when the system "
            "asks) and try again. The local data was not changed.",
            f"Kho khoá của hệ điều hành đang bị khoá hoặc đã từ chối truy cập{suffix}, nên "
            "không đọc được khoá của dữ liệu cục bộ. Hãy mở khoá kho khoá (hoặc cho phép "
            "exam-client khi hệ thống hỏi) rồi thử lại. Dữ liệu cục bộ không bị thay đổi.",
        )


class KeyringFailed(StoreError):
    """The keyring backend failed for another reason (refused the entry, driver error...)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"The system keyring could not store or read the key for the local data ({detail}). "
            "Try again; if it keeps failing, protect the local data with a passphrase instead.",
            f"Kho khoá của hệ điều hành không lưu hoặc đọc được khoá của dữ liệu cục bộ "
            f"({detail}). Hãy thử lại; nếu vẫn lỗi, hãy bảo vệ dữ liệu cục bộ bằng một cụm "
            "mật khẩu (passphrase) thay thế.",
        )


class KeyNotFound(StoreError):
    """The key (keyring entry or passphrase salt file) for an existing database is gone."""

    def __init__(self, where: str, where_vi: str) -> None:
        self.where = where
        super().__init__(
            f"The key for the existing local data is missing ({where}), so that data cannot be "
            "opened. Restore it from a backup, or move the data file aside to start with an "
            "empty local cache (records not yet sent would stay in the moved file).",
            f"Không tìm thấy khoá của dữ liệu cục bộ hiện có ({where_vi}), nên không mở được dữ "
            "liệu đó. Hãy khôi phục từ bản sao lưu, hoặc chuyển tệp dữ liệu sang chỗ khác để bắt "
            "đầu với bộ nhớ đệm trống (hồ sơ chưa gửi vẫn nằm trong tệp đã chuyển).",
        )


class WrongPassphrase(StoreError):
    """The typed passphrase does not derive the key this database was made with."""

    def __init__(self) -> None:
        super().__init__(
            "The passphrase does not match the one this local data was protected with. Check "
            "Caps Lock, the keyboard layout and the Vietnamese input method (Unikey/Telex), "
            "then try again.",
            "Cụm mật khẩu không khớp với cụm đã dùng để bảo vệ dữ liệu cục bộ này. Hãy kiểm tra "
            "phím Caps Lock, kiểu bàn phím và bộ gõ tiếng Việt (Unikey/Telex) rồi thử lại.",
        )


class NotADatabase(StoreError):
    """SQLCipher could not read the file: damaged, not ours, or encrypted with another key.

    SQLCipher cannot tell these three apart (all end in ``SQLITE_NOTADB``), so the message
    names all of them instead of guessing.
    """

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"Cannot open {path}: the file is damaged, is not an exam-client database, or was "
            "made with another key. Nothing was changed. Move the file somewhere else (keep it: "
            "records not yet sent may be inside) and start the app again to create a new local "
            "cache; a backup next to it (…bak-…) may still open. If this keeps happening, "
            "contact technical support.",
            f"Không mở được tệp {path.name}: tệp bị hỏng, không phải cơ sở dữ liệu của "
            "exam-client, hoặc được tạo bằng một khoá khác. Chưa có gì bị thay đổi. Hãy chuyển "
            "tệp sang chỗ khác (giữ lại, vì có thể còn hồ sơ chưa gửi) rồi mở lại ứng dụng để "
            "tạo bộ nhớ đệm mới; bản sao lưu bên cạnh (…bak-…) có thể vẫn mở được. Nếu lỗi lặp "
            "lại, hãy liên hệ hỗ trợ kỹ thuật.",
        )


class StoreUnavailable(StoreError):
    """The file cannot be opened or created at all (missing folder, no permission, disk full)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"Cannot open or create the local data file {path} ({detail}). Check that the "
            "folder exists, that you may write to it and that the disk is not full.",
            f"Không mở hoặc tạo được tệp dữ liệu cục bộ {path.name} ({detail}). Hãy kiểm tra "
            "thư mục có tồn tại, có quyền ghi và ổ đĩa chưa đầy.",
        )


class DatabaseTooNew(StoreError):
    """The database was migrated by a newer app version; this version must not touch it."""

    def __init__(self, found_revision: str, supported: str) -> None:
        self.found_revision = found_revision
        self.supported = supported
        super().__init__(
            f"The local data was written by a newer version of exam-client (data format "
            f"{found_revision}; this version supports up to {supported}). Update the app to the "
            "latest version. The data file was not changed.",
            f"Dữ liệu cục bộ được tạo bởi phiên bản exam-client mới hơn (định dạng "
            f"{found_revision}; phiên bản này chỉ hỗ trợ đến {supported}). Hãy cập nhật ứng dụng "
            "lên phiên bản mới nhất. Tệp dữ liệu không bị thay đổi.",
        )


class MigrationFailed(StoreError):
    """An upgrade step failed; its transaction was rolled back, so the file is as before."""

    def __init__(self, from_revision: str | None, to_revision: str, backup: Path | None) -> None:
        self.from_revision = from_revision
        self.to_revision = to_revision
        self.backup = backup
        where = f" A backup is at {backup}." if backup else ""
        where_vi = f" Bản sao lưu: {backup}." if backup else ""
        super().__init__(
            f"Updating the local data format from {from_revision or 'empty'} to {to_revision} "
            f"failed and was undone; the data is as it was.{where} Contact technical support.",
            f"Cập nhật định dạng dữ liệu cục bộ từ {from_revision or 'trống'} lên {to_revision} "
            f"không thành công và đã được hoàn tác; dữ liệu vẫn như cũ.{where_vi} Hãy liên hệ "
            "hỗ trợ kỹ thuật.",
        )
