"""The proof desk in a real headless Chromium (Debian's `chromium`; skipped where it is not
installed): the pages appear, a saved paragraph reaches the page image within a second,
clicking a finding or a block outlines it and shows its YAML line, a broken YAML shows its
error over the last good pages, and paths outside the desk are refused.

With DESK_SCREENSHOT=path.png the screenshot of a clicked finding is also written there
(the README's)."""

from __future__ import annotations

import io
import json
import os
import shutil
import time

import pytest
from browser import Browser, find_chromium
from serve_helpers import edit, sample_project, wait_for

from bulletin_pdf.commands.serve import shutdown, start

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")

PAGES_SHOWN = "document.querySelectorAll('.page img[data-version]').length"


def within_a_second() -> float:
    """One second where every running process has a core; on a machine shared beyond its
    cores the bound grows with the run queue (see test_serve_http)."""
    return 1.0 * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


@pytest.fixture(scope="module")
def browser():
    b = Browser(CHROMIUM)
    yield b
    b.close()


@pytest.fixture
def desk(tmp_path, browser):
    def open_desk(prepare=None):
        folder = sample_project(tmp_path)
        if prepare:
            prepare(folder)
        server, _ = start(folder, port=0, out=io.StringIO())
        wait_for(lambda: server.session.snapshot.generation >= 1)
        opened.append(server)
        browser.go(server.url)
        # the page of the previous test shows pages too until the navigation commits
        pages = len(server.session.snapshot.pages)
        browser.wait(f"location.href === '{server.url}' && {PAGES_SHOWN} === {pages}")
        return server, folder

    opened = []
    yield open_desk
    for server in opened:
        shutdown(server)


def version(browser, page: int) -> int:
    return int(
        browser.js(f"document.querySelector('.page[data-page=\"{page}\"] img').dataset.version")
    )


def test_the_pages_appear_and_a_saved_paragraph_updates_them_within_a_second(
    desk, browser, tmp_path
):
    _, folder = desk()
    assert browser.js("document.getElementById('title').textContent") == "天平 第1期 2020-01-20"
    loaded = browser.js(
        "[...document.querySelectorAll('.page img')].map(i => [i.complete, i.naturalWidth])"
    )
    assert all(done and width > 500 for done, width in loaded)
    shot = browser.screenshot()
    from PIL import Image

    with Image.open(io.BytesIO(shot)) as im:
        assert im.size == (1400, 1000)
        assert im.convert("L").getextrema()[0] < 40  # text on the pages, not a blank window

    one, two = version(browser, 1), version(browser, 2)
    t0 = time.perf_counter()
    edit(folder, "顺利召开。", "顺利召开，历时一天。")
    browser.wait(
        f"document.querySelector('.page[data-page=\"1\"] img').dataset.version !== '{one}'",
        step=0.01,
    )
    seconds = time.perf_counter() - t0
    assert version(browser, 2) == two  # the other page was not drawn again
    assert seconds < within_a_second(), f"the page image took {seconds:.2f} s"


def test_a_finding_click_outlines_its_block_and_shows_its_yaml_line(desk, browser, tmp_path):
    long = "1月1日,区长方世忠" + "到社区走访慰问困难群众，了解居民生活情况。" * 90

    def overset_briefs(folder):
        edit(folder, "1月1日,区长方世忠", long)

    server, folder = desk(overset_briefs)
    state = server.session.snapshot
    finding = next(f for f in state.findings if f["kind"] == "overset")
    block = finding["block"]
    line = state.blocks[block]["line"]
    assert block == "p1.b2" and finding["file"] == "issue.yaml"
    yaml_lines = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()
    assert yaml_lines[line - 1].strip().startswith("- type: briefs")
    index = state.findings.index(finding)
    browser.js(f"document.querySelector('#findings li[data-index=\"{index}\"]').scrollIntoView()")
    x, y = browser.js(
        f"(() => {{ const r = document.querySelector('#findings li[data-index=\"{index}\"]')"
        ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    browser.click(x, y)
    browser.wait(f"!!document.querySelector('.outline[data-block=\"{block}\"]')")
    assert browser.js("document.querySelector('#selection .yaml-line').textContent") == (
        f"issue.yaml:{finding['line']}"
    )
    # the outline stands on the block's rectangle, on page 1
    assert browser.js("document.querySelector('.outline').closest('.page').dataset.page") == "1"
    outline = browser.js(
        "(() => { const o = document.querySelector('.outline');"
        " return ['x', 'y', 'width', 'height'].map(k => Number(o.getAttribute(k))); })()"
    )
    box = next(b for b in state.page(1).boxes if b.block == block)
    assert outline == pytest.approx([box.x - 2, box.y - 2, box.width + 4, box.height + 4])
    (tmp_path / "desk.png").write_bytes(browser.screenshot())
    if os.environ.get("DESK_SCREENSHOT"):
        shutil.copyfile(tmp_path / "desk.png", os.environ["DESK_SCREENSHOT"])


def test_a_block_click_outlines_it_and_shows_its_yaml_line(desk, browser):
    server, _ = desk()
    state = server.session.snapshot
    box = next(b for b in state.page(2).boxes if b.block == "p2.b1")  # the greeting
    x, y = browser.js(
        "(() => { const svg = document.querySelector('.page[data-page=\"2\"] svg');"
        f" const p = svg.createSVGPoint(); p.x = {box.x + box.width / 2}; p.y = {box.y + box.height / 2};"
        " const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; })()"
    )
    browser.js(f"window.scrollTo(0, {y} - 400)")
    x, y = browser.js(
        "(() => { const svg = document.querySelector('.page[data-page=\"2\"] svg');"
        f" const p = svg.createSVGPoint(); p.x = {box.x + box.width / 2}; p.y = {box.y + box.height / 2};"
        " const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; })()"
    )
    browser.click(x, y)
    browser.wait("!!document.querySelector('.outline[data-block=\"p2.b1\"]')")
    line = state.blocks["p2.b1"]["line"]
    assert (
        browser.js("document.querySelector('#selection .yaml-line').textContent")
        == f"issue.yaml:{line}"
    )
    assert "新春贺词" in browser.js("document.querySelector('#selection .block').textContent")
    # the grid toggle: every column and every baseline of the layout, on every page
    grid = state.grid
    assert browser.js("document.querySelectorAll('.grid-line').length") == 0
    browser.js("document.getElementById('grid').click()")
    counts = browser.js(
        "[...document.querySelectorAll('.page svg')].map(s => "
        "[s.querySelectorAll('.grid-col').length, s.querySelectorAll('.grid-line').length])"
    )
    assert counts == [[len(grid["columns"]), len(grid["baselines"])]] * 2


def test_a_broken_yaml_shows_its_error_and_keeps_the_last_good_pages(desk, browser, tmp_path):
    _, folder = desk()
    before = [version(browser, 1), version(browser, 2)]
    yaml_file = folder / "issue.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(
        text.replace("  - section: 党建·社区", "  - section: [党建·社区", 1), encoding="utf-8"
    )
    message = browser.wait(
        "!document.getElementById('error').hidden && document.getElementById('error').textContent"
    )
    assert "issue.yaml:" in message
    assert [version(browser, 1), version(browser, 2)] == before
    assert browser.js(
        "[...document.querySelectorAll('.page img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    (tmp_path / "broken.png").write_bytes(browser.screenshot())
    yaml_file.write_text(text, encoding="utf-8")  # saved whole again: the error goes
    browser.wait("document.getElementById('error').hidden")


def test_paths_outside_the_desk_are_refused_to_the_page(desk, browser):
    desk()
    statuses = browser.js(
        "Promise.all(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/issue.yaml',"
        " '/images/p1-gao-speech.jpg', '/page/..%2f..%2fissue.yaml']"
        ".map(p => fetch(p).then(r => r.status)))"
    )
    assert statuses == [404] * 5
    assert json.loads(browser.js("fetch('/state').then(r => r.text())"))["generation"] >= 1
