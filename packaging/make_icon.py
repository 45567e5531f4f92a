"""Draw the placeholder app icon and write it as a multi-size Windows ``.ico``.

A placeholder until a designer's icon lands in ``resources/icons/``: the app's accent blue, a
white form sheet and a tick ("registration done"), drawn with QPainter (shapes only, so no
``QGuiApplication`` and no fonts are needed) at each size Windows asks for. The ``.ico`` holds
32-bit BMP images up to 48 px (every consumer reads those, NSIS included) and PNG for the larger
ones (Windows Vista and later). Usage::

    python packaging/make_icon.py build/packaging/exam-client.ico
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

SIZES = (16, 24, 32, 48, 64, 128, 256)
BMP_MAX = 48
ACCENT = QColor("#0b5cad")
TICK = QColor("#1b7f3b")


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, premultiplied ARGB."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACCENT)
        painter.drawRoundedRect(QRectF(0, 0, s, s), s * 0.18, s * 0.18)
        sheet = QPainterPath()
        sheet.addRoundedRect(QRectF(s * 0.24, s * 0.14, s * 0.52, s * 0.72), s * 0.05, s * 0.05)
        painter.setBrush(QColor("white"))
        painter.drawPath(sheet)
        if size >= 32:  # form lines; at 16-24 px they would only blur the tick
            painter.setPen(QPen(QColor("#9fb7d6"), max(1.0, s * 0.035)))
            for row in (0.28, 0.38, 0.48):
                painter.drawLine(QPointF(s * 0.32, s * row), QPointF(s * 0.68, s * row))
        tick = QPainterPath(QPointF(s * 0.34, s * 0.64))
        tick.lineTo(QPointF(s * 0.46, s * 0.75))
        tick.lineTo(QPointF(s * 0.68, s * 0.52))
        pen = QPen(TICK, max(1.5, s * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    finally:
        painter.end()
    return image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs: bytes; runtime: str
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def _bmp(image: QImage) -> bytes:
    """An ICO-style DIB: BITMAPINFOHEADER (double height), BGRA rows bottom-up, AND mask."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory
    size = argb.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    stride = size * 4
    raw = bytes(argb.constBits())[: argb.sizeInBytes()]
    line = argb.bytesPerLine()
    rows = b"".join(raw[y * line : y * line + stride] for y in reversed(range(size)))
    mask_stride = ((size + 31) // 32) * 4  # all zero: the alpha channel decides
    return header + rows + bytes(mask_stride * size)


def ico_bytes(sizes: tuple[int, ...] = SIZES) -> bytes:
    """A complete ``.ico`` file with one image per size."""
    images = [(size, _bmp(draw(size)) if size <= BMP_MAX else _png(draw(size))) for size in sizes]
    offset = 6 + 16 * len(images)
    directory = b""
    payload = b""
    for size, blob in images:
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        payload += blob
    return struct.pack("<HHH", 0, 1, len(images)) + directory + payload


def write(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(ico_bytes())
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_icon.py OUTPUT.ico", file=sys.stderr)
        return 2
    print(write(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
