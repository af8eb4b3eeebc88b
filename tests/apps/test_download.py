"""The download button: one click saves a file, labelled with what it is, its kind and size."""

import pytest

from qikit.apps.download import DownloadButton, size_words


def sent_messages(button, monkeypatch):
    messages = []
    monkeypatch.setattr(
        button, "send", lambda content, buffers=None: messages.append((content, buffers))
    )
    return messages


def test_a_click_sends_the_bytes_under_the_file_name(monkeypatch):
    button = DownloadButton(
        "Download the chart", "spc_chart.png", lambda: b"\x89PNG" + b"0" * 86_012
    )
    assert button.text == "Download the chart (PNG)"  # size known once made
    messages = sent_messages(button, monkeypatch)
    data = button.click()
    assert data.startswith(b"\x89PNG") and len(data) == 86_016
    content, buffers = messages[0]
    assert content == {"event": "file", "filename": "spc_chart.png", "mime": "image/png"}
    assert buffers == [data]
    assert button.text == "Download the chart (PNG, 84 KB)"


def test_text_is_sent_as_utf8_and_kinds_come_from_the_extension():
    button = DownloadButton("Download the log", "pdsa_log.md", lambda: "Cycle 1 – ward £")
    assert button.click() == "Cycle 1 – ward £".encode()
    assert button.mime == "text/markdown"
    assert button.text == "Download the log (Markdown, 19 bytes)"
    assert DownloadButton("x", "t.csv", lambda: "").mime == "text/csv"
    assert DownloadButton("x", "s.svg", lambda: "").kind == "SVG"
    assert DownloadButton("x", "a.json", lambda: "").mime == "application/json"
    assert DownloadButton("x", "p.pdf", lambda: "", kind="PDF poster").kind == "PDF poster"


def test_an_offer_shows_the_size_at_once_and_can_be_withdrawn():
    button = DownloadButton("Download the plan", "plan.csv")
    assert not button.available  # nothing offered yet: no button to click
    assert button.click() is None and "nothing to download" in button.error
    button.offer("a,b\n1,2\n")
    assert button.available and button.error == ""
    assert button.text == "Download the plan (CSV, 8 bytes)"
    assert button.click() == b"a,b\n1,2\n"
    button.offer(b"x" * 2_000_000, filename="bigger.csv")
    assert button.filename == "bigger.csv" and button.text.endswith("(CSV, 1.9 MB)")
    button.withdraw()
    assert not button.available and button.text == "Download the plan (CSV)"


def test_an_error_while_making_is_shown_in_words_and_nothing_is_sent(monkeypatch):
    def broken():
        raise RuntimeError("internal detail")

    button = DownloadButton("Download the chart", "c.png", broken)
    messages = sent_messages(button, monkeypatch)
    assert button.click() is None
    assert messages == [({"event": "failed"}, None)]
    assert "not something you did wrong" in button.error
    assert "internal detail" not in button.error


def test_other_messages_are_ignored(monkeypatch):
    button = DownloadButton("Download", "a.csv", lambda: "x")
    messages = sent_messages(button, monkeypatch)
    button._received(button, {"event": "something else"}, [])
    assert messages == []


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (86_016, "84 KB"),
        (1_258_291, "1.2 MB"),
    ],
)
def test_size_words(size, words):
    assert size_words(size) == words
