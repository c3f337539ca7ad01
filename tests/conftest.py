"""Shared fixtures: the built book (built once, by `make book`), a local server for it,
and headless Chromium (Debian's package) driven by Playwright."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rustbelt.book import browser as chromium

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


# fixtures that need the built book (or an edition, the PDF, the archive) and the browser
BOOK_FIXTURES = {"book_html", "zh_html", "book_url", "watch", "browser", "student_html", "pdf_full", "pdf_student",
                 "dist_full", "dist_student"}
BROWSER_FIXTURES = {"browser", "watch"}


def pytest_collection_modifyitems(config, items):
    """Mark each test by what it needs, from the fixtures it uses (see `make unit`)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BOOK_FIXTURES:
            item.add_marker(pytest.mark.book)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The built web book. `make test` builds it first (strictly); building here is the fallback."""
    if not (HTML / "index.html").exists():
        from filelock import FileLock

        with FileLock(str(ROOT / "_build.lock")):
            if not (HTML / "index.html").exists():
                subprocess.run(["make", "book"], cwd=ROOT, check=True)
    return HTML


@pytest.fixture(scope="session")
def zh_html(book_html) -> Path:
    """The Chinese edition, inside the English site (`make book` builds both)."""
    return book_html / "zh"


def chapter_pages(html: Path) -> list[Path]:
    return sorted((html / "chapters").glob("*.html"))


def all_pages(html: Path) -> list[Path]:
    # genindex/search are Sphinx's generated pages; index.html only redirects to intro.html
    # zh/ is the Chinese edition inside the English site: its pages are the Chinese tests' (test_i18n.py)
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p for p in html.rglob("*.html") if p.name not in skip
                  and not p.relative_to(html).parts[0].startswith("_") and p.relative_to(html).parts[0] != "zh")


def both_editions(html: Path) -> list[str]:
    """Every page of the English book and of the Chinese edition (``zh/``), relative to ``html``."""
    pages = [p.relative_to(html).as_posix() for p in all_pages(html)]
    return pages + [f"zh/{p.relative_to(html / 'zh').as_posix()}" for p in all_pages(html / "zh")]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a browser that leaves a page closes its connections mid-response (the next test's
        # navigation): not an error of the book; anything else is still printed
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def book_url(book_html):
    server = serve(book_html)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    try:
        chromium.require_chromium()
    except chromium.ChromiumMissing as e:
        pytest.fail(str(e))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = chromium.launch(p)
        yield b
        b.close()


class PageWatch:
    """A page with every non-local request blocked and every problem recorded."""

    def __init__(self, browser, base_url: str, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.blocked: list[str] = []
        self.base_url = base_url.rstrip("/")
        prefix = self.base_url + "/"

        chromium.keep_inside(self.page, (prefix, "file:"), self.blocked.append)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

    def reset(self):
        self.errors.clear()
        self.failed.clear()
        self.blocked.clear()

    def goto(self, url: str):
        self.reset()
        chromium.open_settled(self.page, url)
        return self.page

    def wait_for_charts(self, timeout: float = 15000):
        chromium.wait_for_charts(self.page, timeout)

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser, book_url):
    pw = PageWatch(browser, book_url)
    yield pw
    pw.close()


# ---------------------------------------------------------------------------
# The other things the book builds: the student edition, the PDFs, the offline archives.
# Each is built once per test run, by the same command a teacher uses, whichever xdist
# worker asks first: a file lock and a stamp holding the run's id make the other worker
# wait and reuse it. (xdist_group marks cannot do this here: with pytest 9.2 and
# pytest-xdist 3.8 the group never reaches the scheduler, which reads node ids that
# xdist can no longer rename.)
# ---------------------------------------------------------------------------

STUDENT_HTML = ROOT / "_build" / "student" / "html"
STUDENT_BUILD = ROOT / "_build" / "student"


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")


def _once_per_run(name: str, cmd: list[str]) -> None:
    """Run ``cmd`` once in this test run, across xdist workers."""
    from filelock import FileLock

    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    (ROOT / "_build").mkdir(exist_ok=True)
    stamp = ROOT / "_build" / f".test-{name}.built"
    with FileLock(str(ROOT / "_build" / f".test-{name}.lock")):
        if stamp.exists() and stamp.read_text() == run_id:
            return
        stamp.unlink(missing_ok=True)
        _run(cmd)
        stamp.write_text(run_id)


@pytest.fixture(scope="session")
def student_html() -> Path:
    """The student edition, freshly built with `make book-student`."""
    _once_per_run("book-student", ["make", "book-student"])
    return STUDENT_HTML


@pytest.fixture(scope="session")
def pdf_full(book_html) -> Path:
    """The whole book as a PDF, freshly printed with `make pdf`."""
    _once_per_run("pdf", ["make", "pdf"])
    return ROOT / "_build" / "pdf" / "chinas-rustbelt.pdf"


@pytest.fixture(scope="session")
def pdf_student(student_html) -> Path:
    _once_per_run("pdf-student", ["make", "pdf-student"])
    return ROOT / "_build" / "pdf" / "chinas-rustbelt-student.pdf"


def _dist(edition: str) -> Path:
    # `make dist` = `make book pdf` + this script; the book and PDF fixtures did the first part
    _once_per_run(f"dist-{edition}", [str(ROOT / ".venv" / "bin" / "python"), "-m", "rustbelt.book.dist", "--edition", edition])
    return ROOT / "_build" / "dist" / ("chinas-rustbelt-offline.zip" if edition == "full"
                                       else "chinas-rustbelt-student-offline.zip")


@pytest.fixture(scope="session")
def dist_full(book_html, pdf_full) -> Path:
    return _dist("full")


@pytest.fixture(scope="session")
def dist_student(student_html, pdf_student) -> Path:
    return _dist("student")


def pdf_text(path: Path) -> str:
    """The text of a PDF, extracted by poppler's pdftotext (Debian: poppler-utils)."""
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install -y poppler-utils)")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def toc_files() -> list[Path]:
    """Every page source the table of contents lists, in order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                found.append(e["file"])
            walk(e.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [ROOT / f"{f}.md" for f in found]


def chapter_sources() -> list[Path]:
    return [p for p in toc_files() if p.parent.name == "chapters"]


@pytest.fixture
def chapter_figures(monkeypatch):
    """``run(chapter, lang, extract)``: a chapter's code cells executed in this process in ``lang``
    (charts as static SVG, no live widgets), and ``extract(figure)`` of every Figure they make,
    taken while the language is set (a Figure's spec is translated when it is asked for)."""
    import contextlib
    import io

    import jupytext

    from rustbelt import charts, i18n

    def run(chapter: str, lang: str, extract=lambda figure: figure) -> list:
        monkeypatch.setenv(i18n.ENV_VAR, lang)
        monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "svg")
        monkeypatch.setenv("RUSTBELT_LIVE_WIDGETS", "off")
        made: list[charts.Figure] = []
        init = charts.Figure.__init__

        def record(self, *args, **kwargs):
            init(self, *args, **kwargs)
            made.append(self)

        monkeypatch.setattr(charts.Figure, "__init__", record)
        monkeypatch.chdir(ROOT)
        namespace = {"__name__": "__main__"}
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                for cell in jupytext.read(ROOT / "chapters" / f"{chapter}.md").cells:
                    if cell.cell_type == "code":
                        source = "\n".join(line for line in cell.source.splitlines()
                                           if not line.lstrip().startswith(("%", "!")))
                        exec(compile(source, f"{chapter}.md", "exec"), namespace)  # noqa: S102 - the book's own code
                return [extract(f) for f in made]
        finally:
            monkeypatch.setattr(charts.Figure, "__init__", init)

    return run
