"""The calendar of one exam year: which window is open, and what a candidate may do right now.

Deadlines are the sharpest edge of the whole process: an NV list not paid by 17:00 is not
considered, a place not confirmed by 17:00 is lost (DOMAIN.md §7, §8, §13.8). So the answer to "can
I still do this?" is computed from the rule set's windows, in Vietnam time, and always comes with
the moment the window opens or closed. Vietnam has no daylight-saving time, so a fixed UTC+7 offset
is exact and needs no time-zone database (DOMAIN.md §14).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

VN_TZ = timezone(timedelta(hours=7), "ICT")


class Phase(StrEnum):
    """A window of the yearly calendar, in the order of the year (DOMAIN.md §14)."""

    ACCOUNTS = "accounts"
    TRIAL_REGISTRATION = "trial_registration"
    EXAM_REGISTRATION = "exam_registration"
    TRANSCRIPT_REVIEW = "transcript_review"
    EXAM_PROCEDURES = "exam_procedures"
    EXAM = "exam"
    EXAM_RESERVE = "exam_reserve"
    PRACTICE_PREFERENCES = "practice_preferences"
    DIRECT_ADMISSION_DOSSIERS = "direct_admission_dossiers"
    DIRECT_ADMISSION_RESULTS = "direct_admission_results"
    SCORES = "scores"
    REMARKING = "remarking"
    FLOOR_SCORES = "floor_scores"
    PREFERENCES = "preferences"
    PAYMENT = "payment"
    FILTERING = "filtering"
    RESULTS = "results"
    CONFIRMATION = "confirmation"
    SUPPLEMENTARY = "supplementary"


PHASE_LABELS: Mapping[Phase, tuple[str, str]] = {
    Phase.ACCOUNTS: ("cấp tài khoản thí sinh", "candidate accounts"),
    Phase.TRIAL_REGISTRATION: ("đăng ký dự thi thử", "trial exam registration"),
    Phase.EXAM_REGISTRATION: ("đăng ký dự thi", "exam registration"),
    Phase.TRANSCRIPT_REVIEW: ("rà soát dữ liệu học bạ", "transcript data review"),
    Phase.EXAM_PROCEDURES: ("làm thủ tục dự thi", "exam procedures"),
    Phase.EXAM: ("thi tốt nghiệp THPT", "graduation exam"),
    Phase.EXAM_RESERVE: ("ngày thi dự phòng", "exam reserve day"),
    Phase.PRACTICE_PREFERENCES: ("đăng ký thử nguyện vọng", "practice preference registration"),
    Phase.DIRECT_ADMISSION_DOSSIERS: ("nộp hồ sơ xét tuyển thẳng", "direct-admission dossiers"),
    Phase.DIRECT_ADMISSION_RESULTS: ("công bố kết quả xét tuyển thẳng", "direct-admission results"),
    Phase.SCORES: ("xem điểm thi", "exam scores"),
    Phase.REMARKING: ("phúc khảo bài thi", "re-marking requests"),
    Phase.FLOOR_SCORES: ("công bố ngưỡng đảm bảo chất lượng", "floor scores"),
    Phase.PREFERENCES: ("đăng ký, điều chỉnh nguyện vọng", "preference registration and changes"),
    Phase.PAYMENT: ("nộp lệ phí xét tuyển", "admission fee payment"),
    Phase.FILTERING: ("lọc ảo", "virtual filtering"),
    Phase.RESULTS: ("xem kết quả xét tuyển", "admission results"),
    Phase.CONFIRMATION: ("xác nhận nhập học trực tuyến", "online enrolment confirmation"),
    Phase.SUPPLEMENTARY: ("xét tuyển bổ sung", "supplementary rounds"),
}


class Action(StrEnum):
    """Something a candidate asks to do; each is allowed only inside one window."""

    REGISTER_EXAM = "register_exam"
    PRACTICE_PREFERENCES = "practice_preferences"
    EDIT_PREFERENCES = "edit_preferences"
    PAY_FEES = "pay_fees"
    VIEW_SCORES = "view_scores"
    REQUEST_REMARKING = "request_remarking"
    VIEW_RESULTS = "view_results"
    CONFIRM_ENROLMENT = "confirm_enrolment"


ACTION_PHASE: Mapping[Action, Phase] = {
    Action.REGISTER_EXAM: Phase.EXAM_REGISTRATION,
    Action.PRACTICE_PREFERENCES: Phase.PRACTICE_PREFERENCES,
    Action.EDIT_PREFERENCES: Phase.PREFERENCES,
    Action.PAY_FEES: Phase.PAYMENT,
    Action.VIEW_SCORES: Phase.SCORES,
    Action.REQUEST_REMARKING: Phase.REMARKING,
    Action.VIEW_RESULTS: Phase.RESULTS,
    Action.CONFIRM_ENROLMENT: Phase.CONFIRMATION,
}


def vi_moment(moment: datetime) -> str:
    """'17:00 ngày 28/07/2025', always in Vietnam time whatever the machine's zone."""
    local = moment.astimezone(VN_TZ)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def en_moment(moment: datetime) -> str:
    local = moment.astimezone(VN_TZ)
    return f"{local:%H:%M} on {local:%d/%m/%Y} (UTC+7)"


def fold_province(name: str) -> str:
    """Compare province names the way people type them ("TP. Hồ Chí Minh", "tỉnh Sơn La")."""
    text = unicodedata.normalize("NFC", name).strip().casefold()
    for prefix in ("thành phố ", "tỉnh ", "tp. ", "tp."):
        text = text.removeprefix(prefix)
    return text.removeprefix("tp ").strip()


@dataclass(frozen=True, slots=True)
class Window:
    """``[start, end)`` in aware datetimes; a missing bound means the source gives none."""

    phase: Phase
    start: datetime | None
    end: datetime | None
    source: str = ""
    status: str = "verified"
    note: str | None = None

    def contains(self, moment: datetime) -> bool:
        after_start = self.start is None or self.start <= moment
        return after_start and (self.end is None or moment < self.end)


@dataclass(frozen=True, slots=True)
class PaymentGroup:
    """Provinces that pay in their own slot, to spread the load (DOMAIN.md §7, §13.2)."""

    name: str
    provinces: tuple[str, ...]
    window: Window

    def includes(self, province: str) -> bool:
        wanted = fold_province(province)
        return any(fold_province(p) == wanted for p in self.provinces)


@dataclass(frozen=True, slots=True)
class Allowed:
    action: Action
    closes_at: datetime | None
    note_vi: str | None = None
    note_en: str | None = None

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class NotAllowed:
    """Refusal with the reason in words and the moment that matters (opens or closed)."""

    action: Action
    reason_vi: str
    reason_en: str
    opens_at: datetime | None = None
    closed_at: datetime | None = None

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class PhaseStatus:
    """Where a moment falls: the windows open now, the last one closed, the next one to open."""

    moment: datetime
    open: tuple[Window, ...]
    previous: Window | None
    upcoming: Window | None

    @property
    def phase(self) -> Phase | None:
        return self.open[0].phase if self.open else None


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware (use VN_TZ for Vietnam time)")


class Timeline:
    """The windows of one year, as read from the rule set (``RuleSet.timeline``)."""

    def __init__(
        self,
        year: int,
        windows: Mapping[Phase, Window],
        payment_groups: Sequence[PaymentGroup] = (),
    ) -> None:
        self.year = year
        self.windows = dict(windows)
        self.payment_groups = tuple(payment_groups)

    def window(self, phase: Phase) -> Window | None:
        return self.windows.get(phase)

    def payment_group(self, province: str) -> PaymentGroup | None:
        return next((g for g in self.payment_groups if g.includes(province)), None)

    def phase_at(self, moment: datetime) -> PhaseStatus:
        """Open windows (latest start first; on a tie the later phase of the year wins)."""
        _require_aware(moment)
        order = list(Phase)
        bounded = [w for w in self.windows.values() if w.start and w.end and w.contains(moment)]
        bounded.sort(key=lambda w: (w.start, order.index(w.phase)), reverse=True)
        ended = [w for w in self.windows.values() if w.end is not None and w.end <= moment]
        coming = [w for w in self.windows.values() if w.start is not None and w.start > moment]
        return PhaseStatus(
            moment=moment,
            open=tuple(bounded),
            previous=max(ended, key=lambda w: w.end or moment, default=None),
            upcoming=min(coming, key=lambda w: w.start or moment, default=None),
        )

    def can(
        self, action: Action, moment: datetime, province: str | None = None
    ) -> Allowed | NotAllowed:
        """May a candidate do ``action`` at ``moment``? ``province`` picks a payment slot."""
        _require_aware(moment)
        label_vi, label_en = PHASE_LABELS[ACTION_PHASE[action]]
        window = self.window(ACTION_PHASE[action])
        if window is None:
            return NotAllowed(
                action,
                f"Chưa có lịch {label_vi} năm {self.year} trong bộ quy định. "
                "Hãy theo dõi thông báo của Bộ GD&ĐT.",
                f"The {self.year} rule set has no dates for {label_en}. "
                "Watch for the Ministry's announcement.",
            )
        note_vi = note_en = None
        if action is Action.PAY_FEES and self.payment_groups:
            group = self.payment_group(province) if province else None
            if group is not None:
                window = group.window
                label_vi = f"{label_vi} của nhóm tỉnh {group.name}"
                label_en = f"{label_en} for province group {group.name}"
            else:
                note_vi = (
                    "Mỗi nhóm tỉnh có khung giờ nộp lệ phí riêng; khung giờ của tỉnh bạn chưa có "
                    "trong dữ liệu. Nếu không thấy nút Thanh toán, hãy chờ đến khung giờ của tỉnh."
                )
                note_en = (
                    "Each province group has its own payment slot and yours is not in the data. "
                    "If the Pay button is missing, wait for your province's slot."
                )
        if window.start is not None and moment < window.start:
            return NotAllowed(
                action,
                f"Chưa đến thời gian {label_vi}: hệ thống mở từ {vi_moment(window.start)}.",
                f"{label_en.capitalize()} has not opened yet: it opens at "
                f"{en_moment(window.start)}.",
                opens_at=window.start,
            )
        if window.end is not None and moment >= window.end:
            return NotAllowed(
                action,
                f"Đã hết thời gian {label_vi} (đóng lúc {vi_moment(window.end)}).",
                f"{label_en.capitalize()} closed at {en_moment(window.end)}.",
                closed_at=window.end,
            )
        return Allowed(action, closes_at=window.end, note_vi=note_vi, note_en=note_en)
