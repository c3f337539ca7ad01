"""The scenario runner: the whole file is checked before anything runs, each scenario gets a
notebook and a self-contained report, the comparison holds the chapter's glued numbers, and
existing reports are kept unless --force."""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, toc_files

from rustbelt import scenarios
from rustbelt.parameters import CHAPTERS
from rustbelt.run import execute_chapter, glued

TIMEOUT = 180


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "rustbelt", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=900)


# ---------------------------------------------------------------------------
# Validation: every problem named with its scenario, nothing run
# ---------------------------------------------------------------------------

def _problems(text: str, **kw) -> list[str]:
    with pytest.raises(scenarios.ScenarioFileError) as err:
        scenarios.parse(text, "t.yml", **kw)
    return err.value.problems


def test_every_problem_in_a_file_is_reported_with_its_scenario_name():
    text = """
scenarios:
  - name: ok-group
    chapter: challenges
    parameters: {provinces: [Jilin]}
  - name: bad-chapter
    chapter: northwest
  - name: bad-parameter
    chapter: challenges
    parameters: {province: [Jilin]}
  - name: out-of-range
    chapter: challenges
    parameters: {gdp_vintage: old, end_year: 2020}
  - name: bad-province
    chapter: challenges
    parameters: {provinces: [Liaoning, Shandong]}
"""
    problems = _problems(text)
    assert len(problems) == 4, problems
    assert re.search(r"scenario 'bad-chapter': unknown chapter 'northwest'", problems[0])
    assert re.search(r"scenario 'bad-parameter': unknown parameter\(s\) \['province'\]", problems[1])
    assert re.search(r"scenario 'out-of-range': parameter 'end_year' = 2020 is not allowed: "
                     r"expected an integer from 1993 to 2017", problems[2])
    assert re.search(r"scenario 'bad-province': parameter 'provinces' = \['Liaoning', 'Shandong'\]", problems[3])


@pytest.mark.parametrize("text, message", [
    ("scenarios: []", "non-empty list under 'scenarios'"),
    ("scenarios:\n  - {name: a, chapter: challenges}\n  - {name: a, chapter: challenges}", "scenario 'a': the name is used twice"),
    ("scenarios:\n  - {name: 'bad name/..', chapter: challenges}", "name 'bad name/..' is not allowed"),
    ("scenarios:\n  - {name: comparison, chapter: challenges}", "name 'comparison' is not allowed"),
    ("scenarios:\n  - {name: a, chapter: challenges, paramters: {}}", "scenario 'a': unknown key(s) ['paramters']"),
    ("scenarios:\n  - name: a\n    chapter: challenges\n    parameters: {gdp_vintage: old, gdp_vintage: v4}",
     "duplicate key 'gdp_vintage'"),
    ("scenarios:\n  - {name: a, chapter: challenges, parameters: [1, 2]}", "scenario 'a': parameters must be a mapping"),
    ("title: x\nscenario:\n  - {name: a}", "non-empty list under 'scenarios'"),
    ("scenarios: [", "not valid YAML"),
])
def test_malformed_files_are_refused_clearly(text, message):
    assert any(message in p for p in _problems(text)), _problems(text)


def test_a_planned_chapter_that_is_not_written_yet_is_refused_by_name(tmp_path, monkeypatch):
    planned = [c for c in CHAPTERS if not (ROOT / "chapters" / f"{c}.md").exists()]
    if not planned:  # every declared chapter is written: simulate one that is not
        monkeypatch.setattr(scenarios, "CHAPTER_DIR", tmp_path)
        planned = [next(iter(CHAPTERS))]
    chapter = planned[0]
    problems = _problems(f"scenarios:\n  - {{name: g1, chapter: {chapter}}}")
    assert problems == [p for p in problems if f"scenario 'g1': chapter '{chapter}' is planned but not written yet" in p]
    # the same file is valid as far as the parameters go
    assert scenarios.parse(f"scenarios:\n  - {{name: g1, chapter: {chapter}}}", require_written=False)


def test_the_cli_rejects_a_malformed_file_before_running_anything(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("scenarios:\n  - {name: fine, chapter: challenges}\n"
                   "  - {name: group-7, chapter: challenges, parameters: {gdp_vintage: '2019'}}\n")
    out = tmp_path / "reports"
    proc = _cli("scenarios", "run", str(bad), "--out", str(out))
    assert proc.returncode == 2
    assert "scenario 'group-7': parameter 'gdp_vintage' = '2019' is not allowed" in proc.stderr
    assert "Nothing was run" in proc.stderr
    assert not out.exists()  # not even the folder: no group's report was started


def test_shipped_scenario_files_are_valid():
    files = sorted((ROOT / "scenarios").glob("*.yml"))
    assert files, "the book ships an example scenario file"
    for f in files:
        sf = scenarios.load(f)
        assert len(sf.scenarios) >= 2
        assert all(s.question for s in sf.scenarios), f"{f.name}: every group needs its question"


def test_scenario_files_in_the_teaching_guide_match_the_parameter_table():
    """The guide shows scenario files for chapters not written yet: their parameters must still be right."""
    blocks = []
    for page in toc_files():
        if page.parent.name == "teaching":
            blocks += re.findall(r"^```yaml\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    docs = [yaml.safe_load(b) for b in blocks]
    docs = [d for d in docs if isinstance(d, dict) and "scenarios" in d]
    assert {s["chapter"] for d in docs for s in d["scenarios"]} >= set(CHAPTERS) - {"challenges"}
    for b in blocks:
        scenarios.parse(b, "teaching guide", require_written=False)


# ---------------------------------------------------------------------------
# Running: reports, comparison, no overwriting
# ---------------------------------------------------------------------------

TWO = """\
title: Two groups
scenarios:
  - name: g-liaoning-old
    chapter: challenges
    question: Liaoning in the old books?
    parameters: {provinces: [Liaoning], gdp_vintage: old, start_year: 2001, end_year: 2015}
  - name: g-far-north
    chapter: challenges
    parameters: {provinces: [Jilin, Heilongjiang], gdp_vintage: v4}
"""


@pytest.mark.papermill
def test_two_scenarios_give_two_reports_and_a_comparison_with_the_chapters_numbers(tmp_path):
    spec = tmp_path / "two.yml"
    spec.write_text(TWO)
    out = tmp_path / "reports"
    proc = _cli("scenarios", "run", str(spec), "--out", str(out), "--timeout", str(TIMEOUT))
    assert proc.returncode == 0, proc.stderr
    assert "2 of 2 scenario(s) ran" in proc.stdout
    assert "scenarios: 100%" in proc.stderr  # the progress bar

    sf = scenarios.load(spec)
    with open(out / "comparison.csv", newline="", encoding="utf-8") as f:
        rows = {r["scenario"]: r for r in csv.DictReader(f)}
    assert list(rows) == ["g-liaoning-old", "g-far-north"]
    keys = list(scenarios.KEY_RESULTS["challenges"])
    for s in sf.scenarios:
        expected = glued(execute_chapter("challenges", s.parameters, timeout=TIMEOUT))
        row = rows[s.name]
        assert row["status"] == "ok"
        for key in keys:
            assert float(row[key]) == pytest.approx(expected[key], rel=1e-12, abs=0), (s.name, key)
        for p in ("provinces", "gdp_vintage"):
            assert row[f"parameter: {p}"] == scenarios._param_text(s.resolved[p])

        # the report: self-contained (no script, no external resource), with its numbers and charts
        report = (out / f"{s.name}.html").read_text(encoding="utf-8")
        assert "<script" not in report
        assert not re.search(r"""(src|href)=["'](https?:)?//""", report)
        assert report.count("<svg") >= 4
        assert f"{expected['ne_gdp_share_end_pct']:,.3f}" in report
        nb = (out / f"{s.name}.ipynb").read_text(encoding="utf-8")
        assert '"parameters"' in nb and "injected-parameters" in nb
    comparison = (out / "comparison.html").read_text(encoding="utf-8")
    assert 'href="g-liaoning-old.html"' in comparison and 'href="g-far-north.html"' in comparison
    assert "<script" not in comparison

    # a second run keeps every report and says how to overwrite
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    again = _cli("scenarios", "run", str(spec), "--out", str(out))
    assert again.returncode == 2
    assert "already exist" in again.stderr and "--force" in again.stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_an_existing_report_blocks_the_run_and_is_kept(tmp_path):
    spec = tmp_path / "two.yml"
    spec.write_text(TWO)
    out = tmp_path / "reports"
    out.mkdir()
    mine = out / "g-far-north.html"
    mine.write_text("a group's report from last week")
    proc = _cli("scenarios", "run", str(spec), "--out", str(out))
    assert proc.returncode == 2
    assert "g-far-north.html" in proc.stderr
    assert mine.read_text() == "a group's report from last week"
    assert sorted(p.name for p in out.iterdir()) == ["g-far-north.html"]  # nothing else started


@pytest.mark.papermill
def test_force_overwrites_and_a_failing_scenario_is_reported_not_hidden(tmp_path, monkeypatch):
    spec = tmp_path / "one.yml"
    spec.write_text("scenarios:\n  - name: solo\n    chapter: challenges\n    parameters: {provinces: [Jilin]}\n")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "solo.html").write_text("old")
    sf = scenarios.load(spec)
    results = scenarios.run(sf, out, force=True, jobs=1, timeout=TIMEOUT, progress=False)
    assert results[0].ok and (out / "solo.html").read_text() != "old"
    assert "solo" in (out / "comparison.html").read_text()

    # a chapter that fails while running: the report says so, the comparison marks it
    broken = scenarios.Scenario(name="broken", chapter="challenges", parameters={"provinces": ["Atlantis"]},
                                resolved=sf.scenarios[0].resolved)
    sf.scenarios = [broken]
    results = scenarios.run(sf, out, force=True, jobs=1, timeout=TIMEOUT, progress=False)
    assert not results[0].ok and "ParameterError" in results[0].error
    assert "This scenario failed" in (out / "broken.html").read_text()
    assert "failed: ParameterError" in (out / "comparison.csv").read_text()


def test_parameters_command_prints_the_table():
    proc = _cli("parameters", "challenges")
    assert proc.returncode == 0
    assert "gdp_vintage" in proc.stdout and "cut_share" not in proc.stdout
    assert _cli("parameters", "nowhere").returncode == 2


# ---------------------------------------------------------------------------
# Reports in Chinese (--lang zh)
# ---------------------------------------------------------------------------

def test_every_word_of_the_reports_has_chinese():
    from rustbelt import i18n
    from rustbelt.book import reports

    words = reports.messages() | {"(default)", "ok", "failed: {error}", "made {time} with rustbelt {version}"}
    words |= {label for labels in scenarios.KEY_RESULTS.values() for label in labels.values()}
    words |= {p.meaning for chapter in CHAPTERS for p in scenarios.spec(chapter).values()}
    words |= {p.unit for chapter in CHAPTERS for p in scenarios.spec(chapter).values() if p.unit}
    assert i18n.missing(words) == []


def test_a_report_renders_in_either_language_with_the_same_numbers():
    import nbformat

    from rustbelt.book.i18n_report import english_passages

    s = scenarios.parse(TWO, "two.yml").scenarios[1]  # no question: a scenario file's own words stay as written
    values = {"ne_gdp_share_end_pct": 5.4321, "share_end_year": 2019, "only_here": 1234.5}
    result = scenarios.Result(s.name, s.chapter, True, 1.25, values, "")
    en = scenarios.report_html(s, nbformat.v4.new_notebook(), result)
    zh = scenarios.report_html(s, nbformat.v4.new_notebook(), result, "zh")
    assert '<html lang="en">' in en and "Key numbers" in en
    assert '<html lang="zh-CN">' in zh and "关键数字" in zh and "东北面临的挑战" in zh
    assert english_passages(zh) == []
    for number in ("5.432", "2019", "1,234"):
        assert number in en and number in zh


@pytest.mark.papermill
def test_the_runner_writes_chinese_reports_with_the_english_numbers(tmp_path):
    from rustbelt.book import reports
    from rustbelt.book.i18n_report import english_passages

    spec = tmp_path / "one.yml"
    spec.write_text("title: One group\nscenarios:\n  - name: g-far-north\n    chapter: challenges\n"
                    "    parameters: {provinces: [Jilin, Heilongjiang], gdp_vintage: v4}\n")
    out = tmp_path / "reports"
    proc = _cli("scenarios", "run", str(spec), "--out", str(out), "--timeout", str(TIMEOUT), "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    s = scenarios.load(spec).scenarios[0]
    report = (out / f"{s.name}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in report
    assert english_passages(report) == []  # words, captions, parameter meanings; the charts are checked elsewhere
    assert "图 1." in report and "参数" in report
    english = glued(execute_chapter("challenges", s.parameters, timeout=TIMEOUT))
    for key in scenarios.KEY_RESULTS["challenges"]:
        assert reports.number(english[key]) in report, key
    comparison = (out / "comparison.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in comparison and english_passages(comparison) == []
