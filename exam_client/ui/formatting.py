"""How dates, times and ages are written on screen (Vietnamese conventions)."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def format_date(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def format_moment(moment: datetime) -> str:
    """Local time of this machine, e.g. ``14:05 ngày 23/11/2026``."""
    local = moment.astimezone()
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def format_age(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return "vừa xong"
    if seconds < 3600:
        return f"{seconds // 60} phút trước"
    if seconds < 86400:
        return f"{seconds // 3600} giờ trước"
    return f"{seconds // 86400} ngày trước"
