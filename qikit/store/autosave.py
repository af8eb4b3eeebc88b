"""Saving as people type: wait for a short quiet spell, then save once.

Widgets call :meth:`AutoSaver.touch` on every change; the save runs after ``delay_ms`` with no
further change, so a burst of typing costs one database write. :meth:`AutoSaver.flush` saves at
once (for a "Save" button, or before closing). ``on_pending`` is told when a change starts
waiting, ``on_saved`` only after the store has written it, ``on_error`` when it could not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("qikit.store")


class AutoSaver:
    """Debounced saving: ``save()`` runs after ``delay_ms`` of quiet, or when flushed."""

    def __init__(
        self,
        save: Callable[[], Any],
        delay_ms: int = 800,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_saved: Callable[[Any], None] | None = None,
        on_pending: Callable[[], None] | None = None,
    ) -> None:
        if delay_ms < 0:
            from qikit.errors import DataError

            raise DataError(f"'delay_ms' should be 0 or more; found {delay_ms}.")
        self._save = save
        self.delay_ms = delay_ms
        self._on_error = on_error
        self._on_saved = on_saved
        self._on_pending = on_pending
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._changes = 0  # bumped on every touch
        self._saved_changes = 0
        self.saves = 0

    @property
    def pending(self) -> bool:
        """True when there are changes not yet saved."""
        with self._lock:
            return self._changes != self._saved_changes

    def touch(self) -> None:
        """Something changed: (re)start the quiet timer."""
        with self._lock:
            self._changes += 1
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay_ms / 1000, self._run)
            self._timer.daemon = True
            self._timer.start()
        if self._on_pending is not None:
            self._on_pending()

    def _run(self) -> None:
        self.flush()

    def flush(self) -> bool:
        """Save now if anything changed since the last save; return True if a save ran."""
        with self._save_lock:
            with self._lock:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
                target = self._changes
                if target == self._saved_changes:
                    return False
            try:
                result = self._save()
            except Exception as error:  # noqa: BLE001 - reported to the page, changes stay pending
                log.exception("Saving to the workspace failed")
                if self._on_error is not None:
                    self._on_error(error)
                return False
            with self._lock:
                self._saved_changes = target
                self.saves += 1
            if self._on_saved is not None:
                self._on_saved(result)
            return True

    def cancel(self) -> None:
        """Stop a waiting save without saving (the changes stay pending)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def close(self) -> None:
        """Save anything pending and stop."""
        self.flush()


class SavedItem:
    """One model object kept in a workspace, saved after each quiet spell.

    ``get_item`` returns the object as it is now (built from the widgets); the first save gives
    it an id, later saves replace it.
    """

    def __init__(
        self,
        workspace: Any,
        project_id: str,
        get_item: Callable[[], Any],
        item_id: str | None = None,
        delay_ms: int = 800,
        on_error: Callable[[BaseException], None] | None = None,
        on_saved: Callable[[Any], None] | None = None,
        on_pending: Callable[[], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.project_id = project_id
        self.item_id = item_id
        self._get_item = get_item
        self.saver = AutoSaver(
            self._save, delay_ms, on_error=on_error, on_saved=on_saved, on_pending=on_pending
        )

    def _save(self) -> str:
        self.item_id = self.workspace.save(self.project_id, self._get_item(), self.item_id)
        return self.item_id

    def changed(self) -> None:
        self.saver.touch()

    def flush(self) -> bool:
        return self.saver.flush()
