"""Translations: Vietnamese is the source language of every string; English is a translation.

Conventions (checked by tests and ``make translations``):

* every user-visible string goes through ``self.tr("…")`` in a QObject subclass, or
  ``QCoreApplication.translate("Context", "…")`` elsewhere — a literal, never an f-string, so
  ``pyside6-lupdate`` can extract it; values go in with ``.replace("%1", value)`` or ``%n``;
* widgets that may be on screen during a language switch set their texts in a
  ``retranslate_ui()`` method, called from ``__init__`` and from ``changeEvent`` on
  ``QEvent.LanguageChange`` (see :class:`Retranslatable`);
* sources: ``resources/translations/exam_client_en.ts``; compiled ``.qm`` next to them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

from exam_client.domain.resources import resource_path

LANGUAGES = ("vi", "en")
_installed: QTranslator | None = None


def translations_dir() -> str:
    return str(resource_path("translations"))


def set_language(language: str) -> bool:
    """Switch the whole app (``vi`` or ``en``); returns False if the catalogue is missing.

    Installing or removing a translator makes Qt send ``LanguageChange`` to every widget.
    """
    global _installed  # noqa: PLW0603 - one translator per process
    app = QCoreApplication.instance()
    if app is None or language not in LANGUAGES:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        return True
    translator = QTranslator(app)
    if not translator.load(f"exam_client_{language}", translations_dir()):
        return False
    app.installTranslator(translator)
    _installed = translator
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return True


def current_language() -> str:
    return "en" if _installed is not None else "vi"


class Retranslatable:
    """Mixin for QWidgets: calls ``retranslate_ui()`` whenever the language changes."""

    def retranslate_ui(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)  # type: ignore[misc]
