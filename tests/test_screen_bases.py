"""Every screen in reader/tui derives from BylineScreen and every modal from BylineModal, so each
shows its workers' errors and can write in the background."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import ModalScreen, Screen

import reader.tui
from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.base import BylineModal, BylineScreen
from reader.tui.screens.help import HelpScreen
from tests.conftest import SIZE, record_notifications, settle


def tui_screens() -> list[type[Screen]]:
    """Every Screen subclass defined in a module of reader.tui."""
    found = []
    for module in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, Screen):
                found.append(cls)
    return found


def test_every_screen_and_modal_derives_from_byline_s_bases() -> None:
    screens = tui_screens()
    names = {cls.__name__ for cls in screens}
    assert {"MainScreen", "SearchScreen", "PersonScreen", "RulesScreen", "Prompt", "HelpScreen"} <= names
    for cls in screens:
        if cls in (BylineScreen, BylineModal):
            continue
        base = BylineModal if issubclass(cls, ModalScreen) else BylineScreen
        assert issubclass(cls, base), f"{cls.__module__}.{cls.__name__} does not derive from {base.__name__}"


async def test_a_failing_worker_on_a_modal_says_so(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise OSError("the disk is full")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        said = record_notifications(app, monkeypatch)
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        app.screen.run_worker(fail, name="save_help", thread=True, exit_on_error=False)
        await settle(pilot)
        assert "save help failed: the disk is full" in said
