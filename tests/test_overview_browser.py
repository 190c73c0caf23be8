"""report.html in a real browser: headless Chromium (Debian's package, installed by .ci/run) loads the page
of an ingested batch; every chart drew, the console has no error, no request left the machine, the
tables sort and a link into a closed details block opens it.  The screenshot goes to tests/artifacts/.

The batch: the project's sample reports, a later year of one of them (so that a unit has two years),
and a few texts of ../shared/corpus (problems, findings) when present.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser import Chromium, find_browser

from extract.cli import main

pytest.importorskip("websocket")
pytestmark = pytest.mark.skipif(find_browser() is None, reason="no chromium (.ci/run installs Debian's chromium)")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SHARED_TEXTS = ["dept-007.txt", "dept-010.txt", "proj-004.txt", "proj-018.txt", "proj-031.txt"]
CHARTS = ["ranking", "grades", "execution", "sections", "findings", "yearly"]


@pytest.fixture(scope="module")
def page_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    inputs = folder / "in"
    inputs.mkdir()
    for sample in (ROOT / "corpus").iterdir():
        if sample.suffix != ".json":
            shutil.copy(sample, inputs / sample.name)
    later = (ROOT / "corpus" / "archives_2023.txt").read_text(encoding="utf-8")
    later = later.replace("2023", "2024").replace("自评得分 95 分", "自评得分 91 分")
    (inputs / "archives_2024.txt").write_text(later, encoding="utf-8")
    shared = ROOT.parent / "shared" / "corpus"
    for name in SHARED_TEXTS:
        if (shared / name).is_file():
            shutil.copy(shared / name, inputs / name)
    out = folder / "out"
    assert main(["ingest", str(inputs), "--out", str(out)]) in (0, 1)
    assert main(["report", str(out)]) == 0
    return out / "report.html"


@pytest.fixture(scope="module")
def browser(page_path: Path, tmp_path_factory):
    with Chromium(tmp_path_factory.mktemp("profile")) as chromium:
        chromium.open(page_path.as_uri())
        yield chromium


def charts_drawn(browser) -> dict[str, int]:
    found = browser.evaluate("JSON.stringify(Array.from(document.querySelectorAll('figure.chart'))"
                             ".map(f => [f.id, f.getAttribute('data-drawn')]))")
    return {name.removeprefix("chart-"): int(drawn or 0) for name, drawn in json.loads(found)}


def test_every_chart_drew(browser):
    drawn = charts_drawn(browser)
    assert sorted(drawn) == sorted(CHARTS)
    assert all(n > 0 for n in drawn.values()), drawn


def test_no_request_left_the_machine(browser):
    assert browser.requests, "the page load itself is a request"
    assert all(url.startswith(("file://", "data:", "about:")) for url in browser.requests), browser.requests


def test_console_has_no_error(browser):
    errors = [m for m in browser.console if m["level"] in ("error", "assert")]
    assert not errors, errors


def test_reports_table_sorts_by_score(browser):
    values = browser.evaluate("""(() => {
        const table = document.getElementById('table-reports');
        const column = Array.from(table.tHead.rows[0].cells).findIndex(th => th.textContent === '自评得分');
        table.tHead.rows[0].cells[column].click();
        return Array.from(table.tBodies[0].rows).map(r => r.cells[column].getAttribute('data-sort'));
    })()""")
    numbers = [float(v) for v in values if v]
    assert len(numbers) >= 5 and numbers == sorted(numbers)


def test_a_chart_link_opens_its_report_details(browser):
    opened = browser.evaluate("""new Promise(resolve => {
        const link = document.querySelector('#chart-findings a');
        const id = link.getAttribute('href').slice(1);
        location.hash = '#' + id;
        setTimeout(() => resolve([id, document.getElementById(id).closest('details').open]), 200);
    })""")
    assert opened[0].endswith("-findings") and opened[1] is True


def test_screenshot_into_the_artefacts(browser):
    browser.evaluate("window.scrollTo(0, 0)")
    shot = browser.screenshot(ARTIFACTS / "report.png")
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
