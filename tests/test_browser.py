"""The HTML book in a real browser: headless Chromium (the system's, e.g. Debian's ``chromium``
package, found by tools/setup_browser.sh), driven by Playwright's Python package.

The book is built once, executing every chapter, and served on 127.0.0.1. Requests to any other
host are answered with an empty response and recorded, so the test runs the same offline and
online, and shows what a page would fetch from elsewhere: nothing (MathJax is served with the
book). For every page: no uncaught JavaScript error and no console error; every image loaded; the
maths typeset without TeX errors. For every chapter: figures are there, and the Colab
button opens that chapter's notebook. On the page with the D* panel: the static panel's numbers
(the forces on the samples included) agree with ganlib.widgets.panel_state, and dragging a slider
changes the figure and the readout. On the pages with replays of training runs: the slider moves
the frame, play advances it, each frame's readout equals the numbers the chapter computed for that
snapshot (embedded by ``Replay.check``), the pictures change between frames, and each frame redraws
in under 16 ms; a replay whose frame never changes fails the same check.

Screenshots of every page go to ``$GANBOOK_SCREENSHOTS`` (default: ``_build/screenshots``).
``GANBOOK_HTML=<dir>`` tests an already built ``_build/html`` instead of building (quicker while
working on the tests; CI always builds).
"""

from __future__ import annotations

import functools
import http.server
import json
import math
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest

from ganlib.widgets import PARAMS, panel_state, replay_1d, static_panel_html
from ganlib.widgets.replay_view import readout_text

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import bookconfig  # noqa: E402
import i18n  # noqa: E402

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb"))
PAGES = sorted(p.stem for p in (ROOT / "book").glob("*.md"))
PANEL_PAGES = {"06_optimal_discriminator"}  # chapters that display ganlib.widgets.dstar_panel()
REPLAY_PAGES = {"08_training_1d": 2, "09_mode_collapse": 2, "09b_remedies": 1, "11_wgan": 1}  # chapter: replays on its page
FRAME_MS = 16.0  # the longest a replay frame may take to redraw
ALLOWED_OFFSITE = ()  # nothing: MathJax is served with the book (sphinx-mathjax-offline)
REPO = bookconfig.load()["repository"]["url"].split("github.com/")[1]  # owner/name
SHOTS = pathlib.Path(os.environ.get("GANBOOK_SCREENSHOTS", ROOT / "_build" / "screenshots"))

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by tools/setup.sh")


def chromium_path() -> str:
    path = os.environ.get("GANBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("no Chromium: `make test` installs Debian's chromium package (tools/setup_browser.sh); "
                    "elsewhere install Chromium or set GANBOOK_CHROMIUM to its binary", pytrace=False)
    return path


# -- the built book, served on 127.0.0.1 ------------------------------------------------------
@pytest.fixture(scope="session")
def html_dir(tmp_path_factory, request) -> pathlib.Path:
    """The built book. When nbval executed every chapter earlier in this session (``make test``),
    the book is built from those executed notebooks with execution off, so each chapter runs once;
    otherwise (this file alone) the build executes every chapter itself."""
    if os.environ.get("GANBOOK_HTML"):
        return pathlib.Path(os.environ["GANBOOK_HTML"])
    out = tmp_path_factory.mktemp("book")
    source, execute = ROOT, "force"
    try:
        from conftest import executed_chapters
        executed = executed_chapters(request.config)
    except ImportError:
        executed = {}
    if {pathlib.Path(p).stem for p in executed} >= set(CHAPTERS):
        import nbformat

        source, execute = out / "source", "off"
        shutil.copytree(ROOT / "book", source / "book")
        shutil.copy(ROOT / "_toc.yml", source / "_toc.yml")
        for path, nb in executed.items():
            nbformat.write(nb, source / "book" / pathlib.Path(path).name)
    cfg = bookconfig.write(bookconfig.load(execute_notebooks=execute), out / "_config.yml")
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(source), "--config", str(cfg), "--path-output", str(out),
                          "--keep-going"], cwd=source, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    # the Korean edition beside it, with the same outputs (its code is the English code)
    html = out / "_build" / "html"
    i18n.build(out / "_build" / "jupyter_execute", html / "ko",
               executed={pathlib.Path(p).stem: dict(nb) for p, nb in executed.items()})
    return html


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(html_dir):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


class Visit:
    """A page opened in a fresh browser context, with what went wrong on it recorded."""

    def __init__(self, browser, url: str, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.route("**/*", self._route)
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:  # nothing leaves the machine: answer empty, and remember it
            self.offsite.append(url)
            route.fulfill(status=200, body="", content_type="application/javascript")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def open_(path: str, **kw) -> Visit:
        v = Visit(browser, f"{server}/{path}", **kw)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


def _screenshot(v: Visit, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _check_loaded_cleanly(v: Visit):
    # the maths is typeset, with no TeX errors (MathJax shows those as <mjx-merror>)
    if v.page.evaluate("() => !!document.querySelector('.math')"):
        v.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        v.page.evaluate("() => MathJax.startup.promise.then(() => true)")
        assert v.page.locator("mjx-container").count() > 0, "MathJax typeset nothing"
        bad = v.page.locator("mjx-merror").evaluate_all("es => es.map(e => e.getAttribute('data-mjx-error') || e.textContent)")
        assert not bad, f"TeX errors in the page: {bad[:5]}"
    assert not v.errors, "JavaScript errors:\n" + "\n".join(v.errors)
    unexpected = [u for u in v.offsite if not u.startswith(ALLOWED_OFFSITE)]
    assert not unexpected, f"the page loads from other sites: {unexpected}"
    broken = v.page.eval_on_selector_all("img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
                                                ".map(i => i.getAttribute('src'))")
    assert not broken, f"images that did not load: {broken}"


# -- every page, in both editions -----------------------------------------------------------------
LANGS = {"en": "", "ko": "ko/"}  # edition: where its pages are, under the English book's root
HANGUL = re.compile("[\uac00-\ud7a3]")


def korean_fonts() -> set[str]:
    """The font families that fontconfig has for Korean (tools/setup_browser.sh installs one)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def _check_language(v: Visit, lang: str, path: str):
    """The page's language, its link to the same page in the other edition (which must load), and
    for a Korean page: Korean text, drawn in a Korean font (not in boxes)."""
    page = v.page
    assert page.evaluate("() => document.documentElement.lang").startswith(lang)
    link = page.locator("p.ganbook-language a")
    assert link.count() == 1, "no link to the other language's page"
    other = page.evaluate("a => a.href", link.element_handle())
    twin = (path[len("ko/"):] if lang == "ko" else "ko/" + path)
    assert other.endswith("/" + twin), (other, twin)
    assert v.context.request.get(other).status == 200, f"the other edition's page {other} does not load"
    if lang != "ko":
        return
    text = page.inner_text("article")
    prose = page.evaluate("""() => [...document.querySelectorAll('article p, article li, article h1, article h2')]
        .filter(e => !e.closest('.bibliography, .citation, .cell_output, pre, .ganbook-language'))
        .map(e => e.innerText).join(' ')""")
    assert len(HANGUL.findall(prose)) > 0.5 * len(re.findall(r"[A-Za-z]", prose)), "the page's prose is not Korean"
    fonts = korean_fonts()
    assert fonts, "no Korean font is installed: tools/setup_browser.sh installs fonts-nanum"
    cdp = v.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
    assert HANGUL.search(page.inner_text("article h1")) or HANGUL.search(text)
    drawn = {f["familyName"] for f in used if f["glyphCount"] > 0}
    assert drawn & fonts, f"the title is drawn in {drawn}, none of them a Korean font ({sorted(fonts)[:4]})"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page(visit, chapter, lang):
    path = f"{LANGS[lang]}book/{chapter}.html"
    v = visit(path)
    _check_loaded_cleanly(v)
    page = v.page
    assert chapter_title(page), "the page has no title"
    # figures: images the chapter's code drew (matplotlib PNGs in cell outputs), all loaded
    figures = page.eval_on_selector_all(".cell_output img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    assert figures, "no figures in the cell outputs"
    assert all(w > 50 and h > 50 for w, h in figures), f"suspiciously small figures: {figures}"
    # the launch button opens this chapter's notebook (the Korean one on a Korean page) in Colab
    links = page.eval_on_selector_all("a[href*='colab.research.google.com']", "as => as.map(a => a.href)")
    assert links == [f"https://colab.research.google.com/github/{REPO}/blob/main/{LANGS[lang]}book/{chapter}.ipynb"], links
    # no raw MyST left in the page (a directive the build did not understand shows as literal text)
    text = page.inner_text("article")
    leftovers = re.findall(r"```\{|\{(?:prf:ref|doc|cite|ref|numref|term)\}`", text)
    assert not leftovers, f"raw MyST markup in the page: {leftovers[:5]}"
    _check_language(v, lang, path)
    _screenshot(v, LANGS[lang].replace("/", "_") + chapter)


def chapter_title(page) -> str:
    return page.inner_text("article h1").strip()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [f"book/{p}" for p in PAGES])
def test_other_page(visit, name, lang):
    path = f"{LANGS[lang]}{name}.html"
    v = visit(path)
    _check_loaded_cleanly(v)
    assert chapter_title(v.page)
    _check_language(v, lang, path)
    _screenshot(v, path[:-len(".html")].replace("/", "_"))


# -- the static D* panel -------------------------------------------------------------------------
def _page_params(panel) -> dict:
    return {name: float(v) for name, v in
            panel.locator("input[type=range]").evaluate_all("xs => xs.map(x => [x.name, x.value])")}


def _expected_readout(state: dict) -> dict:
    """The readout's numbers as ganlib.widgets shows them (4 decimals, no '-0.0000')."""
    return {"jsd": f"{round(state['jsd'], 4) + 0.0:.4f}", "criterion": f"{round(state['criterion'], 4) + 0.0:.4f}",
            "fraction": f"{state['jsd_fraction']:.1%}"}


def _readout(panel) -> dict:
    r = panel.locator(".ganlib-dstar-readout")
    return {"jsd": r.locator(".ganlib-jsd").inner_text(), "criterion": r.locator(".ganlib-criterion").inner_text(),
            "fraction": r.locator(".ganlib-jsd-fraction").inner_text(),
            "jsd_value": float(r.get_attribute("data-jsd")), "criterion_value": float(r.get_attribute("data-criterion"))}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 + 1e-9 * abs(b)


def check_static_panel(page):
    """Everything the static panel must do, as a reader would see it: raises AssertionError if not."""
    panel = page.locator(".ganlib-dstar-panel").first
    assert panel.count() == 1, "no static D* panel on the page"
    panel.scroll_into_view_if_needed()
    params = _page_params(panel)
    assert set(params) == set(PARAMS)
    before = _readout(panel)
    want = panel_state(params)
    assert _close(before["jsd_value"], want["jsd"]) and _close(before["criterion_value"], want["criterion"]), \
        (before, want["jsd"], want["criterion"])
    assert {k: before[k] for k in ("jsd", "criterion", "fraction")} == _expected_readout(want)
    line_before = panel.locator("polyline.ganlib-p_g").get_attribute("points")

    # drag p_g's first mean with the mouse, as a reader would
    slider = panel.locator("input[name=g_mean1]")
    box = slider.bounding_box()
    spec = PARAMS["g_mean1"]
    frac = (params["g_mean1"] - spec.lo) / (spec.hi - spec.lo)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8 + frac * (box["width"] - 16), y)
    page.mouse.down()
    page.mouse.move(box["x"] + 8 + 0.2 * (box["width"] - 16), y, steps=8)
    page.mouse.up()
    dragged = _page_params(panel)
    assert dragged["g_mean1"] < params["g_mean1"] - 0.5, f"the drag did not move the slider: {dragged['g_mean1']}"
    after = _readout(panel)
    want = panel_state(dragged)
    assert after["jsd_value"] != before["jsd_value"], "dragging the slider did not change the readout"
    assert _close(after["jsd_value"], want["jsd"]) and _close(after["criterion_value"], want["criterion"]), \
        (after, want["jsd"], want["criterion"])
    assert {k: after[k] for k in ("jsd", "criterion", "fraction")} == _expected_readout(want)
    assert panel.locator("polyline.ganlib-p_g").get_attribute("points") != line_before, "p_g was not redrawn"
    # the slider's own readout follows
    assert panel.locator("input[name=g_mean1] + output").inner_text() == f"{dragged['g_mean1']:.1f}"

    # the forces: drawn, and the readout's mean forces are panel_state's
    r = panel.locator(".ganlib-dstar-readout")
    for loss in ("minimax", "nonsaturating"):
        assert panel.locator(f"path.ganlib-force_{loss}").get_attribute("d"), f"no {loss} force drawn"
        assert _close(float(r.get_attribute(f"data-push-{loss}")), want[f"push_{loss}"]), loss
        assert r.locator(f".ganlib-push-{loss}").inner_text() == f"{round(want[f'push_{loss}'], 3) + 0.0:.3f}"

    # set p_g's sliders to p_data's values (as typed input events): JSD 0, C(G) = -log 4
    for name in ("g_mean1", "g_mean2", "g_std", "g_weight"):
        panel.locator(f"input[name={name}]").fill(str(params[name.replace("g_", "data_")]))
    same = _readout(panel)
    assert abs(same["jsd_value"]) < 1e-12 and abs(same["criterion_value"] + math.log(4)) < 1e-12, same
    assert same["jsd"] == "0.0000" and same["criterion"] == "-1.3863"


@pytest.mark.parametrize("chapter", sorted(PANEL_PAGES))
def test_static_panel_on_the_page(visit, chapter):
    v = visit(f"book/{chapter}.html")
    check_static_panel(v.page)
    _check_loaded_cleanly(v)
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.locator(".ganlib-dstar-panel").first.screenshot(path=str(SHOTS / f"{chapter}-panel.png"))


@pytest.mark.parametrize("chapter", sorted(PANEL_PAGES))
def test_static_panel_numbers_agree_with_ganlib(visit, chapter):
    """window.ganlibDStar.state against panel_state on random settings, whole curves included."""
    v = visit(f"book/{chapter}.html")
    rng = random.Random(0)
    settings = []
    for _ in range(40):
        p = {n: round(rng.uniform(s.lo, s.hi) / s.step) * s.step for n, s in PARAMS.items()}
        for n in ("data_std", "g_std"):
            p[n] = max(p[n], PARAMS[n].lo)
        settings.append(p)
    settings.append({**{n: s.default for n, s in PARAMS.items()}, "data_std": 0.1, "g_std": 0.1,
                     "data_mean1": -5.0, "data_mean2": -5.0, "g_mean1": 5.0, "g_mean2": 5.0})  # disjoint
    got = v.page.evaluate("""ps => ps.map(p => {
        const grid = JSON.parse(document.querySelector(".ganlib-dstar-panel").getAttribute("data-grid"));
        const s = window.ganlibDStar.state(p, grid);
        const nan = a => Array.from(a, v => Number.isNaN(v) ? null : v);  // JSON has no NaN
        return {jsd: s.jsd, criterion: s.criterion, x: Array.from(s.x), p_data: Array.from(s.p_data),
                p_g: Array.from(s.p_g), d_star: Array.from(s.d_star), force_minimax: nan(s.force_minimax),
                force_nonsaturating: nan(s.force_nonsaturating),
                push_minimax: Number.isNaN(s.push_minimax) ? null : s.push_minimax,
                push_nonsaturating: Number.isNaN(s.push_nonsaturating) ? null : s.push_nonsaturating}; })""", settings)
    for p, js in zip(settings, got):
        want = panel_state(p)
        assert _close(js["jsd"], want["jsd"]) and _close(js["criterion"], want["criterion"]), (p, js["jsd"], want["jsd"])
        for key in ("x", "p_data", "p_g", "d_star"):
            np.testing.assert_allclose(js[key], want[key], rtol=1e-12, atol=1e-300, err_msg=f"{key} for {p}")
        for loss in ("minimax", "nonsaturating"):  # the forces: NaN in the same places, equal elsewhere
            f_js = np.array([np.nan if v is None else v for v in js[f"force_{loss}"]])
            f_py = want[f"force_{loss}"]
            np.testing.assert_array_equal(np.isnan(f_js), np.isnan(f_py), err_msg=f"force_{loss} for {p}")
            scale = np.nanmax(np.abs(f_py), initial=0.0)
            np.testing.assert_allclose(f_js, f_py, rtol=1e-9, atol=1e-9 * scale, err_msg=f"force_{loss} for {p}")
            push = js[f"push_{loss}"]
            assert (push is None) == math.isnan(want[f"push_{loss}"]), (p, loss)
            if push is not None:
                assert abs(push - want[f"push_{loss}"]) <= 1e-9 * (1 + abs(want[f"push_{loss}"])), (p, loss)


def test_a_broken_static_panel_is_caught(browser, tmp_path):
    """The panel check fails when the panel's script no longer recomputes on input (so the book's
    browser test would catch a broken slider), and passes on the intact panel."""
    good = static_panel_html()
    hook = "          input.addEventListener(\"input\", function () {"
    assert hook in good
    broken = good.replace(hook, hook + " return;")
    for html, should_pass in ((good, True), (broken, False)):
        path = tmp_path / f"panel-{should_pass}.html"
        path.write_text(f"<!doctype html><html><body>{html}</body></html>")
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        page = context.new_page()
        page.goto(path.as_uri())
        try:
            if should_pass:
                check_static_panel(page)
            else:
                with pytest.raises(AssertionError):
                    check_static_panel(page)
        finally:
            context.close()


def test_static_panel_html_is_self_contained():
    html = static_panel_html(g_mean1=-1.0)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the panel loads something from elsewhere"
    assert html.count("<script>") == 1 and html.count("</script>") == 1  # nothing inside closes the script early
    params = json.loads(re.search(r'data-params="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert params["g_mean1"] == -1.0 and set(params) == set(PARAMS)
    with pytest.raises(ValueError, match="outside its slider's range"):
        static_panel_html(g_std=10.0)


# -- the replays of training runs ------------------------------------------------------------------
def check_replay(page, root, play: bool = True) -> dict:
    """Everything a replay must do, as a reader would see it: raises AssertionError if not. Returns the
    redraw times (ms) of every frame."""
    root.scroll_into_view_if_needed()
    data = root.evaluate("r => r.ganlibReplay.data")
    steps, n_modes = data["steps"], len(data.get("modes", []))
    check = data.get("check") or {}
    assert any(any(row is not None for row in rows) for rows in check.values()), "the replay embeds no chapter numbers"
    slider = root.locator("input.ganlib-replay-slider")
    pictures = []
    for i, step in enumerate(steps):
        slider.fill(str(i))  # an input event, as a reader's drag makes
        assert root.get_attribute("data-frame") == str(i), f"the slider did not move the replay to frame {i}"
        assert root.locator(".ganlib-replay-step").inner_text().startswith(f"step {step} ")
        for key, rows in check.items():
            if rows[i] is None:
                continue
            shown = root.locator(f".ganlib-replay-{key}").evaluate_all("es => es.map(e => [e.textContent, e.dataset.value])")
            assert len(shown) == len(rows[i]) == len(data["copies"])
            for (txt, value), want in zip(shown, rows[i]):
                assert txt == readout_text(key, want, n_modes), (key, step, txt, want)
                assert abs(float(value) - want) <= 1e-12 + 1e-9 * abs(want), (key, step, value, want)
        pictures.append(root.evaluate("""r => Array.from(r.querySelectorAll("polyline.ganlib-replay-p_g, canvas"))
                                         .map(e => e.tagName === "CANVAS" ? e.toDataURL() : e.getAttribute("points")).join("|")"""))
    assert len(set(pictures)) == len(pictures), "some frames draw the same picture"
    # redraw times: the fastest of three redraws of each frame, in the page (performance.now())
    times = root.evaluate("""r => r.ganlibReplay.data.steps.map((_, i) => {
        let best = Infinity;
        for (let k = 0; k < 3; k++) { r.ganlibReplay.show(i); best = Math.min(best, r.ganlibReplay.lastDrawMs); }
        return best; })""")
    assert max(times) < FRAME_MS, f"frames redraw in {times} ms"
    if play:  # play from the start: the frame advances by itself
        slider.fill("0")
        root.locator("button.ganlib-replay-play").click()
        page.wait_for_function("r => r.ganlibReplay.frame() >= 2", arg=root.element_handle(), timeout=10_000)
        root.locator("button.ganlib-replay-play").click()  # pause
        assert not root.evaluate("r => r.ganlibReplay.playing()")
    return {"ms": times}


@pytest.mark.parametrize("chapter", sorted(REPLAY_PAGES))
def test_replays_on_the_page(visit, chapter):
    v = visit(f"book/{chapter}.html")
    roots = v.page.locator(".ganlib-replay")
    assert roots.count() == REPLAY_PAGES[chapter], f"{roots.count()} replays on the page"
    for k in range(roots.count()):
        times = check_replay(v.page, roots.nth(k))["ms"]
        print(f"{chapter} replay {k}: slowest frame {max(times):.2f} ms, median {sorted(times)[len(times) // 2]:.2f} ms")
    _check_loaded_cleanly(v)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (400, 1400):
        v.page.set_viewport_size({"width": width, "height": 900})
        for k in range(roots.count()):
            roots.nth(k).screenshot(path=str(SHOTS / f"{chapter}-replay{k}-{width}px.png"))


def test_a_broken_replay_is_caught(browser, tmp_path):
    """The replay check fails when the frame never changes (the slider moves but the pictures and the
    readout stay on the first frame), and passes on the intact replay."""
    import ganlib

    target = ganlib.bimodal()
    run = ganlib.train(target, steps=30, seeds=[0, 1], latent_dim=1, width=16, snapshot_steps=[0, 10, 20],
                       progress=False)
    rep = replay_1d(run, target, [0, 10, 20, 30], n=500)
    rep.check(jsd={s: rep.value("jsd", s) for s in rep.steps})
    good = rep.static_html()
    hooks = ["          d(frame);", "var v = data.values[key][frame][c];"]
    assert all(h in good for h in hooks)
    broken = good.replace(hooks[0], "          d(0);").replace(hooks[1], "var v = data.values[key][0][c];")
    for page_html, should_pass in ((good, True), (broken, False)):
        path = tmp_path / f"replay-{should_pass}.html"
        path.write_text(f"<!doctype html><html><body>{page_html}</body></html>")
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        try:
            root = page.locator(".ganlib-replay").first
            if should_pass:
                check_replay(page, root)
                assert not errors, errors
            else:
                with pytest.raises(AssertionError):
                    check_replay(page, root, play=False)
        finally:
            context.close()
