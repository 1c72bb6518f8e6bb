"""Run-time language switching: widgets re-read their texts when Qt sends LanguageChange."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from hattama import i18n


class Retranslating:
    """Mixin for widgets: implement `retranslate_ui()`; it runs on creation and after every language switch.

    The widget's own words are set again by `retranslate_ui`; what it shows from the store was worded by the
    services in the language of the moment (titles in that language, places, statuses), so once per switch to
    another language `reread()` reads it again (issue 19.5: no view stays in the old language).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._worded_in = i18n.current_language()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            # Qt tells a switch twice (the old catalog removed, the new one installed): read once per language.
            if self._worded_in != i18n.current_language():
                self._worded_in = i18n.current_language()
                self.reread()
        super().changeEvent(event)  # type: ignore[misc]

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def reread(self) -> None:
        """Reads again, in the new language, what the widget shows from the store: a page's `reload()` where it
        has one; a widget showing something else worded by the services overrides this."""
        reload = getattr(self, "reload", None)
        if callable(reload):
            reload()


class LanguageSwitcher:
    """Switches our gettext catalogs and Qt's own (`qtbase_kk`, `qtbase_ru`) together.

    Installing a QTranslator makes Qt post LanguageChange to every widget, which is what retranslates them.
    """

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._qt_translator: QTranslator | None = None

    def apply(self, language: str) -> None:
        i18n.set_language(language)
        # Qt's locale by the language code itself: Babel's data is not needed before the window first paints.
        QLocale.setDefault(QLocale(i18n.current_language()))
        if self._qt_translator is not None:
            self._app.removeTranslator(self._qt_translator)
        translator = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != "en" and translator.load(f"qtbase_{language}", qt_dir):
            self._qt_translator = translator
        else:
            # English needs no Qt catalog; an empty translator still tells every widget the language changed.
            self._qt_translator = translator
        self._app.installTranslator(self._qt_translator)
