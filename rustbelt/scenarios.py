"""Scenario runner: one named scenario per student group, one report each, one comparison.

A scenario file (YAML) names scenarios, each a chapter and the parameters to change::

    title: Seminar 1
    scenarios:
      - name: group-1
        chapter: challenges
        question: What share of China's GDP ...?   # optional, printed on the report
        parameters: {provinces: [Liaoning], gdp_vintage: old}

:func:`load` checks the whole file before anything runs (unknown chapter, a chapter
not written yet, unknown parameter, value out of range, duplicate names), naming the
scenario in every message. :func:`run` executes each scenario's chapter with papermill
(in parallel where cores allow, with a per-cell timeout), writes ``<name>.ipynb`` and a
self-contained ``<name>.html`` report (charts as inline SVG, no scripts), then
``comparison.csv`` and ``comparison.html``. Existing outputs are never overwritten
unless ``force=True``.
"""
from __future__ import annotations

import datetime as _dt
import json
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .book.reports import render
from .i18n import page_text, t, tf
from .parameters import CHAPTERS, ParameterError, spec, validate
from .run import CHAPTER_DIR

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
RESERVED = {"comparison"}
SCENARIO_KEYS = {"name", "chapter", "parameters", "question"}
FILE_KEYS = {"title", "scenarios"}

#: The glued numbers each chapter reports, in the order the comparison shows them
#: (name: label with unit). A chapter not listed here reports every scalar it glues.
KEY_RESULTS: dict[str, dict[str, str]] = {
    "challenges": {
        "share_start_year": "first year",
        "ne_gdp_share_start_pct": "share of China's GDP, first year (%)",
        "share_end_year": "last year",
        "ne_gdp_share_end_pct": "share of China's GDP, last year (%)",
        "ne_census_pop_change_millions": "population change, 2010→2020 censuses (millions)",
    },
    "transitional_pain": {
        "layoffs_total_millions": "layoffs, all selected sectors (millions)",
        "layoffs_steel_millions": "layoffs in steel (millions)",
        "layoffs_coal_millions": "layoffs in coal (millions)",
        "layoffs_cement_millions": "layoffs in cement (millions)",
        "layoffs_northeast_millions": "layoffs in the Northeast (millions)",
        "layoffs_to_new_jobs_pct": "highest yearly layoffs / new urban jobs (%)",
        "fund_per_worker_rmb": "re-employment fund per laid-off worker (RMB)",
    },
    "feasibility": {
        "share_reemployed_end": "share re-employed at the horizon (0–1)",
        "share_reemployed_3y": "share re-employed 3 years after the first layoffs (0–1)",
        "years_to_majority": "years from the first layoffs until a majority is re-employed",
        "p_majority_within_3y": "share of Monte Carlo draws with a majority within 3 years (0–1)",
    },
    "ten_years_on": {
        "ne_mining_manufacturing_jobs_change_2015_2019_millions": "mining + manufacturing jobs in urban units, 2015→2019 (millions)",
        "ne_steel_output_share_2016_pct": "share of China's crude steel, 2016 (%)",
        "ne_own_revenue_share_of_spending_2019_pct": "own revenue ÷ general budget spending, 2019 (%)",
        "ne_aged_65_share_2020_pct": "aged 65+, 2020 census, population-weighted (%)",
    },
}


class ScenarioFileError(ValueError):
    """A scenario file that cannot run; ``problems`` lists every problem found."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: " + ("\n  ".join([f"{len(problems)} problem(s):"] + problems)))


@dataclass
class Scenario:
    name: str
    chapter: str
    parameters: dict[str, Any]  # as given in the file
    resolved: dict[str, Any]  # every parameter of the chapter, validated, defaults filled in
    question: str = ""


@dataclass
class ScenarioFile:
    path: Path
    title: str
    scenarios: list[Scenario] = field(default_factory=list)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (PyYAML silently keeps the last)."""


def _mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def written_chapters() -> list[str]:
    return sorted(p.stem for p in CHAPTER_DIR.glob("*.md"))


def chapter_title(chapter: str, lang: str = "en") -> str:
    text = (CHAPTER_DIR / f"{chapter}.md").read_text(encoding="utf-8")
    m = re.search(r"^# (.+)$", text, re.M)
    return page_text(f"chapters/{chapter}", m.group(1).strip(), lang) if m else chapter


def _check_scenario(index: int, raw: Any, names: dict[str, int], require_written: bool) -> tuple[Scenario | None, list[str]]:
    where = f"scenario #{index + 1}"
    if not isinstance(raw, dict):
        return None, [f"{where}: expected a mapping with name, chapter and parameters, got {raw!r}"]
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name) or name in RESERVED:
        return None, [f"{where}: name {name!r} is not allowed: expected letters, digits, '-', '_' or '.' "
                      f"(it names the report files), not {sorted(RESERVED)}"]
    where = f"scenario {name!r}"
    problems = []
    if name in names:
        problems.append(f"{where}: the name is used twice (scenarios #{names[name] + 1} and #{index + 1})")
    names.setdefault(name, index)
    unknown = sorted(set(raw) - SCENARIO_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {unknown}; allowed: {sorted(SCENARIO_KEYS)}")
    chapter = raw.get("chapter")
    if chapter not in CHAPTERS:
        problems.append(f"{where}: unknown chapter {chapter!r}; chapters with parameters: {sorted(CHAPTERS)}")
        return None, problems
    if require_written and not (CHAPTER_DIR / f"{chapter}.md").exists():
        problems.append(f"{where}: chapter {chapter!r} is planned but not written yet (no chapters/{chapter}.md); "
                        f"chapters that can run: {[c for c in written_chapters() if c in CHAPTERS]}")
    params = raw.get("parameters") or {}
    if not isinstance(params, dict):
        problems.append(f"{where}: parameters must be a mapping of name: value, got {params!r}")
        return None, problems
    question = raw.get("question", "")
    if not isinstance(question, str):
        problems.append(f"{where}: question must be text, got {question!r}")
    try:
        resolved = validate(chapter, **params)
    except ParameterError as err:
        problems.append(f"{where}: {err}")
        return None, problems
    return Scenario(name=name, chapter=chapter, parameters=dict(params), resolved=resolved,
                    question=question if isinstance(question, str) else ""), problems


def parse(text: str, path: Path | str = "<scenarios>", require_written: bool = True) -> ScenarioFile:
    """Check a scenario file's text; raise :class:`ScenarioFileError` listing every problem."""
    try:
        doc = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as err:
        raise ScenarioFileError(path, [f"not valid YAML: {err}"]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("scenarios"), list) or not doc["scenarios"]:
        raise ScenarioFileError(path, ["expected a mapping with a non-empty list under 'scenarios'"])
    problems = []
    unknown = sorted(set(doc) - FILE_KEYS)
    if unknown:
        problems.append(f"unknown top-level key(s) {unknown}; allowed: {sorted(FILE_KEYS)}")
    scenarios, names = [], {}
    for i, raw in enumerate(doc["scenarios"]):
        scenario, found = _check_scenario(i, raw, names, require_written)
        problems += found
        if scenario is not None:
            scenarios.append(scenario)
    if problems:
        raise ScenarioFileError(path, problems)
    return ScenarioFile(path=Path(path), title=str(doc.get("title") or Path(path).stem), scenarios=scenarios)


def load(path: Path | str, require_written: bool = True) -> ScenarioFile:
    path = Path(path)
    if not path.exists():
        raise ScenarioFileError(path, ["no such file"])
    return parse(path.read_text(encoding="utf-8"), path, require_written)


def outputs(sf: ScenarioFile, out_dir: Path) -> list[Path]:
    """Every file a run of ``sf`` writes into ``out_dir``."""
    files = []
    for s in sf.scenarios:
        files += [out_dir / f"{s.name}.ipynb", out_dir / f"{s.name}.html"]
    return files + [out_dir / "comparison.csv", out_dir / "comparison.html"]


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    chapter: str
    ok: bool
    seconds: float
    glued: dict[str, Any]
    error: str = ""


def _run_one(scenario: Scenario, out_dir: str, timeout: int, lang: str = "en") -> Result:
    """Execute one scenario (in a worker process) and write its notebook and report."""
    import nbformat
    import papermill as pm

    from .run import execute_chapter, glued

    out = Path(out_dir)
    nb_path = out / f"{scenario.name}.ipynb"
    t0 = time.perf_counter()
    error = ""
    try:
        nb = execute_chapter(scenario.chapter, {**scenario.parameters, "lang": lang}, output_path=nb_path,
                             timeout=timeout, chart_output="svg")
    except pm.PapermillExecutionError as err:
        error = f"{err.ename}: {err.evalue} (cell {err.exec_count})"
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as err:  # a kernel that died or timed out: report it, keep the other groups going
        error = f"{type(err).__name__}: {err}"
        nb = nbformat.read(nb_path, as_version=4) if nb_path.exists() else nbformat.v4.new_notebook()
    seconds = time.perf_counter() - t0
    values = glued(nb)
    result = Result(scenario.name, scenario.chapter, not error, seconds, values, error)
    (out / f"{scenario.name}.html").write_text(report_html(scenario, nb, result, lang), encoding="utf-8")
    return result


def run(sf: ScenarioFile, out_dir: Path | str, *, force: bool = False, jobs: int | None = None,
        timeout: int = 600, progress: bool = True, lang: str = "en") -> list[Result]:
    """Run every scenario of ``sf``; write the reports and the comparison into ``out_dir``.
    ``lang`` (the book-wide parameter, checked first) is the language the chapters run in."""
    from tqdm import tqdm

    from .parameters import validate_book

    lang = validate_book(lang=lang)["lang"]
    out = Path(out_dir)
    existing = [p for p in outputs(sf, out) if p.exists()]
    if existing and not force:
        raise FileExistsError(
            f"{len(existing)} report file(s) already exist in {out}/ and would be overwritten: "
            f"{[p.name for p in existing]}. Use --force to overwrite them, or choose another --out.")
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(len(sf.scenarios), jobs or os.cpu_count() or 1))
    results: dict[str, Result] = {}
    bar = tqdm(total=len(sf.scenarios), desc="scenarios", unit="scenario", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)
    try:
        if jobs == 1:
            for s in sf.scenarios:
                bar.set_postfix_str(s.name)
                results[s.name] = _run_one(s, str(out), timeout, lang)
                bar.update(1)
        else:
            # spawn, not fork: the parent holds threads (tqdm) and each worker starts kernels
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futures = {pool.submit(_run_one, s, str(out), timeout, lang): s for s in sf.scenarios}
                for fut in as_completed(futures):
                    s = futures[fut]
                    results[s.name] = fut.result()
                    bar.set_postfix_str(s.name)
                    bar.update(1)
    finally:
        bar.close()
    ordered = [results[s.name] for s in sf.scenarios]
    table = comparison(sf, ordered, lang)
    table.to_csv(out / "comparison.csv", index=False)
    (out / "comparison.html").write_text(comparison_html(sf, table, ordered, lang), encoding="utf-8")
    return ordered


# ---------------------------------------------------------------------------
# The comparison table
# ---------------------------------------------------------------------------

def key_results(chapter: str, values: dict[str, Any], lang: str = "en") -> dict[str, str]:
    """name -> label (in ``lang``) of the numbers a chapter's scenarios are compared on."""
    if chapter in KEY_RESULTS:
        return {key: t(label, lang) for key, label in KEY_RESULTS[chapter].items()}
    return {k: k for k, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def _param_text(value: Any, lang: str = "en") -> str:
    if value is None:
        return t("(default)", lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def comparison(sf: ScenarioFile, results: list[Result], lang: str = "en"):
    """One row per scenario: its parameters (defaults filled in) and its key glued numbers.
    The column names are the same in every language (``comparison.csv`` is read by code); the
    status and the "(default)" marker are in ``lang``."""
    import pandas as pd

    rows = []
    for s, r in zip(sf.scenarios, results):
        row: dict[str, Any] = {"scenario": s.name, "chapter": s.chapter, "status": t("ok", lang) if r.ok else tf("failed: {error}", lang, error=r.error)}
        for p, v in s.resolved.items():
            row[f"parameter: {p}"] = _param_text(v, lang)
        for key in key_results(s.chapter, r.glued):
            row[key] = r.glued.get(key)
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_html(sf: ScenarioFile, table, results: list[Result], lang: str = "en") -> str:
    rows = [list(zip(table.columns, row)) for row in table.itertuples(index=False)]
    return render("comparison.html.j2", lang, title=sf.title, n_results=len(results), file_name=sf.path.name,
                  stamp=_stamp(lang), total_seconds=sum(r.seconds for r in results),
                  labels=[_label(c, lang) for c in table.columns], rows=rows)


def _label(column: str, lang: str = "en") -> str:
    for labels in KEY_RESULTS.values():
        if column in labels:
            return f"{t(labels[column], lang)} [{column}]"
    return column


def _stamp(lang: str = "en") -> str:
    return tf("made {time} with rustbelt {version}", lang,
              time=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"), version=__version__)


# ---------------------------------------------------------------------------
# The report of one scenario
# ---------------------------------------------------------------------------

def _figures(nb, chapter: str = "", lang: str = "en") -> list[tuple[str, str]]:
    """(caption, svg) of every figure the executed chapter drew, in order; the caption in
    ``lang`` (from the chapter's catalogue, as the Chinese edition prints it)."""
    figures = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if "remove-output" in tags or "remove-cell" in tags:
            continue
        caption = ((cell.metadata.get("mystnb") or {}).get("figure") or {}).get("caption", "")
        for output in cell.get("outputs", []):
            svg = output.get("data", {}).get("image/svg+xml")
            if svg:
                figures.append((page_text(f"chapters/{chapter}", " ".join(caption.split()), lang),
                                svg if isinstance(svg, str) else "".join(svg)))
    return figures


def report_html(scenario: Scenario, nb, result: Result, lang: str = "en") -> str:
    """The report of one scenario, its words in ``lang`` (its numbers the same in every language)."""
    params = spec(scenario.chapter)
    rows = [{"name": name, "value": _param_text(value, lang), "changed": name in scenario.parameters,
             "default": "None" if params[name].default is None else _param_text(params[name].default, lang),
             "meaning": t(params[name].meaning, lang), "unit": t(params[name].unit, lang) if params[name].unit else ""}
            for name, value in scenario.resolved.items()]
    keys = key_results(scenario.chapter, result.glued, lang)
    others = {k: v for k, v in result.glued.items() if k not in keys and not isinstance(v, (dict, list))}
    return render("report.html.j2", lang, title=f"{scenario.name}: {chapter_title(scenario.chapter, lang)}",
                  scenario=scenario, result=result, stamp=_stamp(lang), parameters=rows, keys=keys, others=others,
                  figures=_figures(nb, scenario.chapter, lang))


def describe(sf: ScenarioFile) -> str:
    lines = [f"{sf.path}: {len(sf.scenarios)} scenario(s), all valid"]
    for s in sf.scenarios:
        changed = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in s.parameters.items()) or "defaults"
        lines.append(f"  {s.name}: {s.chapter} ({changed})")
    return "\n".join(lines)
