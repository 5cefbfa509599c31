"""Key bindings with ids, so `[keys]` in config.toml can rebind any action by its name."""

from __future__ import annotations

from textual.binding import Binding


def bind(keys: str, action: str, description: str = "", *, show: bool = True) -> Binding:
    """A binding whose id is its action's name (`app.quit` → `quit`), the name config.toml uses."""
    return Binding(keys, action, description, show=show, id=action.rpartition(".")[2])
