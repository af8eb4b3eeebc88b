"""save(): PNG, SVG, PDF and self-contained HTML, with no internet."""

from __future__ import annotations

import re
import struct

import pytest

from qikit.errors import DataError
from qikit.plot import plot, save


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _svg_size(text: str) -> tuple[float, float]:
    head = re.search(r"<svg[^>]*>", text).group(0)
    return float(re.search(r'width="([\d.]+)"', head).group(1)), float(
        re.search(r'height="([\d.]+)"', head).group(1)
    )


@pytest.fixture(scope="module")
def chart():
    from plot_fixtures import qicharts2_result

    result = qicharts2_result("i_part30_qicharts2_i.csv", "i_part30_input.csv", "i")
    return plot(result, annotations=[("2024-03-04", "PDSA 1")], width=500, height=250)


def test_svg_and_png_are_images_of_the_same_size(chart, tmp_path):
    svg = save(chart, tmp_path / "chart.svg").read_text()
    width, height = _svg_size(svg)
    assert width > 500 and height > 250  # the plot plus axes, title and legend
    assert "PDSA 1" in svg and "trial limits" in svg and "phase 2" in svg
    head = re.search(r"<svg[^>]*>", svg).group(0)
    assert 'role="img"' in head and 'aria-label="I chart (individual values)"' in head
    assert "<desc>I chart (individual values). I chart (individual values) of" in svg
    png = save(chart, tmp_path / "chart.png", scale=2).read_bytes()
    assert _png_size(png) == (round(width * 2), round(height * 2))
    png1 = save(chart, tmp_path / "chart1.png", scale=1).read_bytes()
    assert _png_size(png1) == (round(width), round(height))


def test_pdf(chart, tmp_path):
    pdf = save(chart, tmp_path / "chart.PDF").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000


def test_html_is_self_contained(chart, tmp_path):
    page = save(chart, tmp_path / "chart.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(r"<(script|link)[^>]+(src|href)\s*=", page) is None
    assert re.search(r"""(src|href)\s*=\s*["']?https?://""", page) is None
    assert "vegaEmbed" in page and len(page) > 500_000  # the Vega libraries are inline
    assert 'aria-label="I chart (individual values)' in page


def test_unknown_ending_says_what_to_choose(chart, tmp_path):
    with pytest.raises(DataError, match=r"path: expected a file name ending in \.png, \.svg"):
        save(chart, tmp_path / "chart.jpg")
    with pytest.raises(DataError, match="expected an Altair chart"):
        save("not a chart", tmp_path / "chart.png")
