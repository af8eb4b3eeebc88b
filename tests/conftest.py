"""Fixtures shared by every test folder: one live server per folder served, one Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import (
    CHROMIUM_FLAGS,
    ROOT,
    WORKBOOKS,
    chromium_path,
    running_server,
)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live ``qikit serve`` over ``workbooks/``, shared by the browser tests."""
    with running_server(
        WORKBOOKS,
        tmp_path_factory.mktemp("workspace"),
        tmp_path_factory.mktemp("serve") / "serve.log",
    ) as url:
        yield url


@pytest.fixture(scope="session")
def exercises_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live ``qikit serve`` over ``exercises/``."""
    with running_server(
        ROOT / "exercises",
        tmp_path_factory.mktemp("workspace"),
        tmp_path_factory.mktemp("serve") / "serve-exercises.log",
    ) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()
