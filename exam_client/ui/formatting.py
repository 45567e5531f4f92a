"""How dates, times and ages are written on screen (Vietnamese conventions, translated).

Module-level functions, so the texts go through ``QCoreApplication.translate("Formatting", …)``
at call time: the current language is whatever translator is installed when a screen asks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication


def format_date(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def format_moment(moment: datetime) -> str:
    """Local time of this machine, e.g. ``14:05 ngày 23/11/2026``."""
    local = moment.astimezone()
    return (
        QCoreApplication.translate("Formatting", "%1 ngày %2")
        .replace("%1", f"{local:%H:%M}")
        .replace("%2", f"{local:%d/%m/%Y}")
    )


def format_age(age: timedelta) -> str:
    """How long ago, e.g. "5 phút trước". English needs a singular, hence the ``== 1`` branches
    (pyside6-lupdate only makes ``%n`` plural messages of ``self.tr`` calls, not of these)."""
    seconds = max(0, int(age.total_seconds()))
    translate = QCoreApplication.translate
    if seconds < 60:
        return translate("Formatting", "vừa xong")
    if seconds < 3600:
        minutes = seconds // 60
        if minutes == 1:
            return translate("Formatting", "1 phút trước")
        return translate("Formatting", "%1 phút trước").replace("%1", str(minutes))
    if seconds < 86400:
        hours = seconds // 3600
        if hours == 1:
            return translate("Formatting", "1 giờ trước")
        return translate("Formatting", "%1 giờ trước").replace("%1", str(hours))
    days = seconds // 86400
    if days == 1:
        return translate("Formatting", "1 ngày trước")
    return translate("Formatting", "%1 ngày trước").replace("%1", str(days))
