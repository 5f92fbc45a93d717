"""The HTML batch sheet printed to PDF by a real headless browser, on Letter and on A4.

Skipped where no Chromium-family browser is on PATH (on Debian or Ubuntu: `apt-get install chromium`).
Where poppler's `pdftotext` is installed (`apt-get install poppler-utils`), every word of the body must lie
inside the 15 mm margins: a table cut off at the right edge would leave words outside them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from synth.cli.app import main

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((path for path in map(shutil.which, BROWSERS) if path), None)
MARGIN = 15 / 25.4 * 72  # pt: the sheet's @page margin
PAPER = {"Letter": (612.0, 792.0), "A4": (595.28, 841.89)}  # pt

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser on PATH (chromium, google-chrome); "
                                                        "install one with `apt-get install chromium`")


@pytest.mark.parametrize("paper", list(PAPER))
def test_html_sheet_prints_to_pdf_inside_the_margins(capsys, tmp_path, paper):
    html = tmp_path / "sheet.html"
    with pytest.raises(SystemExit) as done:
        main(["sheet", "ampsi", "--basis", "AMPSi@C=1 kg", "--format", "html", "--date", "2025-01-31",
              "-o", str(html)])
    assert done.value.code == 0, capsys.readouterr().err
    # the sheet leaves the size to the printer; choose one here as a print dialog would
    html.write_text(html.read_text(encoding="utf-8").replace("<style>", f"<style>@page {{ size: {paper}; }}", 1),
                    encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=180, check=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) > 1
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data).groups())
    assert (width, height) == pytest.approx(PAPER[paper], abs=1.0)
    if shutil.which("pdftotext"):
        words = _words(pdf, tmp_path)
        body = [w for w in words if w[3] < height - MARGIN]  # above the footer line
        assert body and all(MARGIN - 1 <= x0 and x1 <= width - MARGIN + 1 for x0, _, x1, _, _ in body)
        printed = {w[4] for w in words}
        assert {"7440-21-3", "7439-95-4", "7727-37-9", "7647-01-0", "62-31-7", "77-86-1"} <= printed


def _words(pdf, folder) -> list[tuple[float, float, float, float, str]]:
    """Every word with its box (x0, y0, x1, y1 in pt from the top left), from `pdftotext -bbox`."""
    out = folder / "words.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True, timeout=60)
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(*map(float, m[:4]), m[4]) for m in re.findall(pattern, out.read_text(encoding="utf-8"))]
