"""The scorecard: one verdict per claim of the article (C1–C15), from ``data/claims.yml``.

Every page that judges a claim renders it from this file, so two chapters can never
give the same claim different verdicts. :func:`load` validates the file when it is
read (every field present, the verdict on the fixed :data:`SCALE`, every source a
key of ``references.bib`` or a ``source_url`` of a dataset in ``data/``, every figure
label and number placeholder known) and raises :class:`ClaimsError` naming the file,
the claim and the field.

Numbers inside the text are placeholders, ``{{name:format}}`` (e.g. ``{{steel_cut_2016_2018:.0f}}``),
filled by :func:`numbers`: values computed by the package at the book's *default*
parameters. A chapter run with other parameters shows its own numbers in its sections;
its verdict table, like the verdict word, does not change.

In a chapter (a MyST notebook)::

    from rustbelt import claims
    glue("verdicts_<chapter>", claims.verdict_markdown(["C1", "C2"]), display=False)

and in its prose::

    ```{glue:md} verdicts_<chapter>
    :format: myst
    ```

The tables are written in the run's language (:func:`rustbelt.i18n.lang`; every rendering
function also takes ``lang``). In Chinese each claim, reasoning and note is its Chinese template
in ``rustbelt/locale/zh/claims.yml``, keyed on the English text and filled with the same numbers;
the article's words stay an English quotation followed by their rendering, （译文：“…”）. English
text without a Chinese entry stays English. Sphinx does not translate these tables
(:mod:`rustbelt.book.sphinx_i18n` marks them untranslatable).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import DATA_DIR, ROOT, i18n
from .i18n import scaled_format

#: The fixed verdict scale, strongest first.
SCALE = ("holds", "partly holds", "does not hold", "cannot tell yet", "not testable")
CLAIM_IDS = tuple(f"C{i}" for i in range(1, 16))
FIELDS = ("id", "claim", "article", "verdict", "reasoning", "chapter", "section", "figures", "datasets", "sources")
LIST_FIELDS = ("figures", "datasets", "sources")
CLAIMS_FILE = DATA_DIR / "claims.yml"
BIB_FILE = ROOT / "references.bib"
CHAPTER_DIR = ROOT / "chapters"

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::([^{}]*))?\}\}")
_BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)
_LABEL = re.compile(r"^\s*(?::name:|:label:|name:)\s*(\S+)\s*$|^\((\S+)\)=\s*$", re.M)


class ClaimsError(ValueError):
    """The claims file does not match its schema; the message names file, claim and field."""


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str  # the claim in the book's words (may hold {{number}} placeholders)
    article: str  # the article's own words, quoted briefly
    verdict: str  # one word-group of SCALE
    reasoning: str  # two to four sentences (may hold placeholders)
    chapter: str  # the chapter (file stem in chapters/) that judges it
    section: str  # the label of the section there
    figures: tuple[str, ...]
    datasets: tuple[str, ...]
    sources: tuple[str, ...]  # keys of references.bib or source_url values in data/

    @property
    def number(self) -> int:
        return int(self.id[1:])


# --------------------------------------------------------------------------
# Numbers: every value a verdict quotes, computed at the default parameters
# --------------------------------------------------------------------------

#: name -> function of no arguments returning the value (computed at the book's defaults)
NUMBERS: dict[str, Callable[[], Any]] = {}
#: name -> function of the language: the values that are words (the Longmay case's dates), which
#: :func:`numbers` writes in the language of the text they fill
WORDED: dict[str, Callable[[str], Any]] = {}


def number(name: str):
    """Register a function as the source of the placeholder ``{{name}}``."""
    def register(fn):
        if name in NUMBERS:
            raise ValueError(f"claims number {name!r} is registered twice")
        NUMBERS[name] = fn
        return fn
    return register


def _bench(series, sector, year=None):
    from .model import benchmark
    return benchmark(series, sector, year)


def _jobs(series: str, year: int) -> float:
    from . import data
    j = data.load("new_urban_jobs")
    return float(j.loc[(j["series"] == series) & (j["year"] == year), "value"].iloc[0])


def _register_defaults() -> None:
    from . import model

    art = model.ARTICLE
    simple = {
        "article_cut_share": lambda: art.cut_share,
        "article_millions": lambda: art.layoffs_persons / 1e6,
        "article_years_low": lambda: art.years_low,
        "article_years_high": lambda: art.years_high,
        "article_fund_usd_bn": lambda: art.fund_usd_billion,
        "steel_target_low": lambda: _bench("cut_target_2016_2020_low", "steel", 2016),
        "steel_target_high": lambda: _bench("cut_target_2016_2020", "steel", 2016),
        "coal_target": lambda: _bench("cut_target_2016_2020", "coal", 2016),
        "jobs_2015": lambda: _jobs("new_urban_jobs", 2015),
        "steel_cut_2016_2018": lambda: _bench("cut_achieved_2016_2018", "steel", 2018),
        "official_millions": lambda: _bench("official_workers_to_reassign", "steel_and_coal", 2016) / 1e6,
        "fund_rmb_bn": lambda: _bench("reemployment_fund", "steel_and_coal", 2016),
        "fund_usd_bn": lambda: _bench("reemployment_fund_usd", "steel_and_coal", 2016),
        "resettled_2016_thousands": lambda: _bench("workers_resettled", "steel_and_coal", 2016) / 1e3,
    }
    for name, fn in simple.items():
        number(name)(fn)

    # the record the corrected and newly tested claims rest on (rustbelt.record), by prefix
    from . import record

    groups = {
        "coal": lambda: {k: v.value for k, v in record.coal_record().items()},
        "steelrec": lambda: {k: v.value for k, v in record.steel_record().items()},
        "res": lambda: {k: v.value for k, v in record.resettlement_record().items()},
        "cicc": record.cicc,
        "trade": record.trade_facts,
        "steelmkt": record.steel_facts,
        "urb": record.urbanisation_facts,
        "longmay": lambda: record.longmay_facts("en"),  # English here; numbers(lang) rewrites them (WORDED)
        "nb": record.neighbour_trade_facts,
    }
    # the keys are known without computing anything: each group lists them once, here
    keys = {
        "coal": ("exit_target", "restructure_target", "plan_13fyp", "cut_2016_2017", "cut_2013_2017", "cut_2016_2020",
                 "mines_2015", "mines_2020"),
        "steelrec": ("target_low", "target_high", "cut_2016_2017", "cut_2016_2019", "substandard_2016_2019"),
        "res": ("fund", "spent_2016", "resettled_2016", "resettled_2016_2017"),
        "cicc": ("laid_off", "jobless", "jobless_share", "jobs_in_industries"),
        "trade": ("exports_first", "exports_last", "exports_2016", "exports_ratio", "surplus_first", "surplus_last",
                  "surplus_ratio", "surplus_2018", "surplus_ratio_2018", "exports_growth_2015"),
        "steelmkt": ("cspi_low_2015", "cspi_end_2017", "cspi_ratio", "cspi_avg_2018", "profit_2015", "profit_2017",
                     "profit_industry_2018", "output_2015", "output_2018"),
        "urb": ("urban_2015", "urban_2019", "urban_2020", "urban_2024", "pace_2015_2019", "pace_2020_2024",
                "hukou_2019", "services_2015", "services_2024"),
        "longmay": ("claim_date", "protest_date", "retraction_date", "admission_date", "workers_claimed",
                    "wage_before", "wage_after", "months_paid", "detained_more_than"),
        "nb": ("hlj_trade_2023", "hlj_bri_trade_2023", "hlj_bri_share_2023", "hlj_imports_share_2023",
               "hlj_russia_h1_2021", "hlj_russia_imports_share_h1_2021"),
    }
    for prefix, fn in groups.items():
        for key in keys[prefix]:
            number(f"{prefix}_{key}")(lambda fn=fn, key=key: fn()[key])
    for key in keys["longmay"]:
        WORDED[f"longmay_{key}"] = lambda lang, key=key: record.longmay_facts(lang)[key]
    number("reuters_low_millions")(lambda: record.estimate("reuters_sources_low") / 1e6)
    number("reuters_high_millions")(lambda: record.estimate("reuters_sources_high") / 1e6)
    number("cicc_millions")(lambda: record.estimate("cicc_laid_off") / 1e6)
    number("cicc_jobless_millions")(lambda: record.estimate("cicc_jobless") / 1e6)
    number("resettled_2016_2017_millions")(lambda: record.resettlement_record()["resettled_2016_2017"].value / 1e6)


_register_defaults()


def _register_ten_years_on() -> None:
    """Chapter 4's numbers quoted by C10 and C14 (computed in rustbelt.tenyears)."""
    from . import tenyears

    for name, fn in tenyears.CLAIMS_NUMBERS.items():
        number(name)(fn)


_register_ten_years_on()


@functools.cache
def numbers(lang: str = "en") -> dict[str, Any]:
    """Every registered number, computed once at the book's default parameters; in ``lang`` the
    values that are words (:data:`WORDED`, the dates) are written in that language."""
    if lang == "en":
        return {name: fn() for name, fn in NUMBERS.items()}
    return {**numbers("en"), **{name: fn(i18n.language(lang)) for name, fn in WORDED.items()}}


def fill(text: str, values: dict[str, Any] | None = None) -> str:
    """Replace each ``{{name:format}}`` in ``text`` by the formatted value; a Chinese template's
    format may end in a unit conversion (``{{name:,.0f@million-to-wan}}``: 1.24 million = 124 万)."""
    values = numbers() if values is None else values

    def sub(m: re.Match) -> str:
        name, fmt = m.group(1), m.group(2) or ""
        if name not in values:
            raise ClaimsError(f"unknown number {{{{{name}}}}}; known: {', '.join(sorted(values))}")
        return scaled_format(values[name], fmt)

    return PLACEHOLDER.sub(sub, text)


# --------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------

@functools.cache
def bib_keys(path: Path = BIB_FILE) -> frozenset[str]:
    return frozenset(_BIB_KEY.findall(Path(path).read_text(encoding="utf-8")))


@functools.cache
def data_source_urls(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Every ``source_url`` of every dataset row, and every source URL of the catalog."""
    import csv

    from .data import catalog

    urls = set()
    for name, entry in catalog(Path(data_dir))["datasets"].items():
        urls.update(s["url"] for s in entry.get("sources", ()) if s.get("url"))
        path = Path(data_dir) / f"{name}.csv"
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                urls.update(row["source_url"] for row in csv.DictReader(fh) if row.get("source_url"))
    return frozenset(urls)


@functools.cache
def source_titles(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """The title each data row gives its ``source_url`` (the first one met)."""
    import csv

    from .data import catalog

    titles: dict[str, str] = {}
    for name, entry in catalog(Path(data_dir))["datasets"].items():
        for s in entry.get("sources", ()):
            if s.get("url"):
                titles.setdefault(s["url"], s["title"])
        path = Path(data_dir) / f"{name}.csv"
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row.get("source_url"):
                        titles.setdefault(row["source_url"], row["source_title"])
    return titles


@functools.cache
def figure_labels(chapter_dir: Path = CHAPTER_DIR) -> dict[str, frozenset[str]]:
    """The figure and section labels each page defines (``:name:``/``:label:`` and ``(label)=``)."""
    out = {}
    for path in sorted(Path(chapter_dir).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = frozenset(a or b for a, b in _LABEL.findall(text))
    return out


def _fail(path: Path, where: str, msg: str):
    raise ClaimsError(f"{Path(path).name}: {where}: {msg}")


def _check_text(path, where, text):
    for m in PLACEHOLDER.finditer(text):
        name, fmt = m.group(1), m.group(2) or ""
        if name not in NUMBERS:
            _fail(path, where, f"unknown number {{{{{name}}}}} (known: {', '.join(sorted(NUMBERS))})")
        try:
            format(1.0, fmt)
        except ValueError:
            _fail(path, where, f"{{{{{name}:{fmt}}}}} has an invalid format {fmt!r}")


def validate(raw: Any, path: Path = CLAIMS_FILE, data_dir: Path = DATA_DIR, bib: Path = BIB_FILE,
             chapter_dir: Path = CHAPTER_DIR) -> dict[str, Claim]:
    """Check the parsed YAML against the scorecard's schema; return the claims by id."""
    from .data import names as dataset_names

    if not isinstance(raw, dict) or "claims" not in raw:
        _fail(path, "top level", "expected a mapping with a 'claims' list")
    if tuple(raw.get("scale", ())) != SCALE:
        _fail(path, "scale", f"must be exactly {list(SCALE)}, found {raw.get('scale')!r}")
    items = raw["claims"]
    if not isinstance(items, list):
        _fail(path, "claims", "must be a list")
    known_sets = set(dataset_names(Path(data_dir)))
    # the book's bibliography and chapter sources are in the repository, not in an installed
    # package (a downloaded notebook): there the file was already checked against them by the
    # book's tests, and only what the package ships is checked again
    keys = bib_keys(Path(bib)) if Path(bib).exists() else None
    urls = data_source_urls(Path(data_dir))
    labels = figure_labels(Path(chapter_dir)) if Path(chapter_dir).is_dir() else None
    claims: dict[str, Claim] = {}
    for i, item in enumerate(items, start=1):
        where = f"claim #{i}"
        if not isinstance(item, dict):
            _fail(path, where, "must be a mapping")
        cid = item.get("id")
        where = f"claim {cid}" if cid else where
        missing = [f for f in FIELDS if f not in item]
        extra = [f for f in item if f not in FIELDS]
        if missing:
            _fail(path, where, f"missing field(s) {missing} (every claim has {list(FIELDS)})")
        if extra:
            _fail(path, where, f"unexpected field(s) {extra} (allowed: {list(FIELDS)})")
        if cid not in CLAIM_IDS:
            _fail(path, where, f"field 'id': {cid!r} is not one of C1–C15")
        if cid in claims:
            _fail(path, where, "field 'id': appears twice (one verdict per claim)")
        for f in FIELDS:
            v = item[f]
            if f in LIST_FIELDS:
                if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                    _fail(path, where, f"field {f!r}: must be a list of non-empty strings, found {v!r}")
            elif not isinstance(v, str) or not v.strip():
                _fail(path, where, f"field {f!r}: must be non-empty text, found {v!r}")
        verdict = item["verdict"].strip()
        if verdict not in SCALE:
            _fail(path, where, f"field 'verdict': {verdict!r} is not on the scale {list(SCALE)}")
        sentences = len(re.findall(r"[.!?](?:\s|$)", " ".join(item["reasoning"].split())))
        if not 2 <= sentences <= 4:
            _fail(path, where, f"field 'reasoning': {sentences} sentence(s); two to four are required")
        if not item["sources"]:
            _fail(path, where, "field 'sources': at least one source is required")
        for s in item["sources"]:
            if keys is not None and s not in keys and s not in urls:
                _fail(path, where, f"field 'sources': {s!r} is neither a key of {Path(bib).name} "
                                   f"nor a source_url in {Path(data_dir).name}/")
        for d in item["datasets"]:
            if d not in known_sets:
                _fail(path, where, f"field 'datasets': unknown dataset {d!r} (the catalog has {sorted(known_sets)})")
        chapter = item["chapter"]
        if labels is None:
            pass
        elif chapter not in labels:
            _fail(path, where, f"field 'chapter': no chapters/{chapter}.md (chapters: {sorted(labels)})")
        elif item["section"] not in labels[chapter]:
            _fail(path, where, f"field 'section': label {item['section']!r} is not defined in chapters/{chapter}.md")
        every_label = frozenset().union(*labels.values()) if labels is not None else None
        for fig in item["figures"]:
            if every_label is not None and fig not in every_label:
                _fail(path, where, f"field 'figures': label {fig!r} is not defined in any chapter")
        for f in ("claim", "reasoning", "article"):
            _check_text(path, f"{where}, field {f!r}", item[f])
        claims[cid] = Claim(**{f: (tuple(item[f]) if f in LIST_FIELDS else " ".join(item[f].split()))
                               for f in FIELDS})
    absent = [c for c in CLAIM_IDS if c not in claims]
    if absent:
        _fail(path, "claims", f"no entry for {absent} (every claim C1–C15 needs one verdict)")
    return dict(sorted(claims.items(), key=lambda kv: kv[1].number))


@functools.cache
def load(path: Path = CLAIMS_FILE) -> dict[str, Claim]:
    """Read and validate the scorecard; the claims in order C1 … C15."""
    path = Path(path)
    if not path.exists():
        raise ClaimsError(f"{path.name}: file not found in {path.parent}")
    with open(path, encoding="utf-8") as fh:
        try:
            raw = yaml.safe_load(fh)
        except yaml.YAMLError as err:
            raise ClaimsError(f"{path.name}: not valid YAML: {err}") from None
    return validate(raw, path)


def get(ids: Iterable[str] | str, path: Path = CLAIMS_FILE) -> list[Claim]:
    """The claims with these ids, in the order given; an unknown id is an error naming it."""
    if isinstance(ids, str):
        ids = [ids]
    ids = list(ids)
    if not ids:
        raise ClaimsError("claims.get: give at least one claim id (C1–C15)")
    allc = load(Path(path))
    bad = [i for i in ids if i not in allc]
    if bad:
        raise ClaimsError(f"unknown claim id(s) {bad}; allowed: C1–C15")
    if len(set(ids)) != len(ids):
        raise ClaimsError(f"claim ids repeated in {ids}")
    return [allc[i] for i in ids]


def verdict(cid: str) -> str:
    """The claim's word on the scale."""
    return get([cid])[0].verdict


# --------------------------------------------------------------------------
# Rendering (MyST Markdown, for {glue:md} with :format: myst)
# --------------------------------------------------------------------------

def _cell(text: str) -> str:
    """One table cell: on one line, with pipes and dollar signs (dollarmath) escaped."""
    text = " ".join(text.split()).replace("|", "\\|")
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def _is_bib_key(s: str) -> bool:
    """A bibliography key, not a data source's URL. Where the book's ``references.bib`` is not
    at hand (an installed package), the file was validated by the book's tests: every source
    that is not a URL is a key."""
    if BIB_FILE.exists():
        return s in bib_keys()
    return not s.startswith(("http://", "https://"))


def _source_md(s: str) -> str:
    if _is_bib_key(s):
        return f"{{cite:p}}`{s}`"
    title = source_titles().get(s, s).replace("[", "(").replace("]", ")")
    return f"[{title}]({s})"


def sources_md(sources: Iterable[str], lang: str | None = None) -> str:
    """The sources as citations (bibliography keys, grouped) and links (data sources), whose titles
    stay as the sources give them."""
    keys = [s for s in sources if _is_bib_key(s)]
    links = [_source_md(s) for s in sources if not _is_bib_key(s)]
    parts = ([f"{{cite:p}}`{','.join(keys)}`"] if keys else []) + links
    return i18n.join(parts, "; ", i18n.language(lang), translate=False)


#: how a row names its claim ("C1: …"), by language
_ID_SEP = {"en": ": ", "zh": "："}
#: the article's words in a language other than English: the quotation, then its rendering
_QUOTE_RENDERED = {"zh": "“{quote}”（译文：“{rendering}”）"}


def _values(values: dict | None, lang: str) -> dict:
    return numbers(lang) if values is None else values


def text(template: str, values: dict | None = None, lang: str | None = None) -> str:
    """A text of the file (a claim, a reasoning, the article's words, a note) in ``lang`` (default:
    the run's): its translation where the catalogue has one, else the English; then filled."""
    lang = i18n.language(lang)
    return fill(i18n.t(template, lang), _values(values, lang))


def _numrefs(figures: Iterable[str], lang: str) -> str:
    return i18n.join([f"{{numref}}`{f}`" for f in figures], ", ", lang, translate=False)


def evidence_md(c: Claim, values: dict | None = None, figures: bool = True, lang: str | None = None) -> str:
    """The reasoning, then the figures and sources, as one table cell."""
    lang = i18n.language(lang)
    parts = [text(c.reasoning, values, lang)]
    if figures and c.figures:
        parts.append(i18n.tf("See {figures}.", lang, figures=_numrefs(c.figures, lang)))
    parts.append(i18n.tf("Sources: {sources}.", lang, sources=sources_md(c.sources, lang)))
    return _cell(i18n.join(parts, " ", lang, translate=False))


def article_md(c: Claim, values: dict | None = None, lang: str | None = None) -> str:
    """The article's words in quotation marks (in another language followed by their rendering,
    where the catalogue has one); a note in parentheses (wording not available) as it is, translated."""
    lang = i18n.language(lang)
    quote = fill(c.article, _values(values, lang))
    if quote.startswith("("):
        return text(c.article, values, lang)
    rendering = text(c.article, values, lang)
    if lang in _QUOTE_RENDERED and rendering != quote:
        return _QUOTE_RENDERED[lang].format(quote=quote, rendering=rendering)
    return f"“{quote}”"


def verdict_word_md(c: Claim, lang: str | None = None) -> str:
    return f"**{i18n.t(c.verdict, i18n.language(lang))}**"


def _claim_md(c: Claim, values: dict | None, lang: str) -> str:
    return f"{c.id}{_ID_SEP[lang]}{_cell(text(c.claim, values, lang))}"


def verdict_table(ids: Iterable[str], values: dict | None = None, lang: str | None = None) -> str:
    """A chapter's "What the data say" table for these claims: claim | verdict | evidence."""
    lang = i18n.language(lang)
    rows = [i18n.t("| claim | verdict | evidence |", lang), "|---|---|---|"]
    for c in get(ids):
        rows.append(f"| {_claim_md(c, values, lang)} | {verdict_word_md(c, lang)} | {evidence_md(c, values, lang=lang)} |")
    return "\n".join(rows) + "\n"


def scorecard_table(ids: Iterable[str] = CLAIM_IDS, values: dict | None = None, lang: str | None = None) -> str:
    """The scorecard page's table: claim, the article's words, verdict, reasoning, where to read more."""
    lang = i18n.language(lang)
    rows = [i18n.t("| claim | the article's words | verdict | why | where |", lang), "|---|---|---|---|---|"]
    for c in get(ids):
        where = f"{{ref}}`{c.section}`"
        if c.figures:
            where = i18n.join([where, _numrefs(c.figures, lang)], "; ", lang, translate=False)
        why = _cell(i18n.join([text(c.reasoning, values, lang),
                               i18n.tf("Sources: {sources}.", lang, sources=sources_md(c.sources, lang))],
                              " ", lang, translate=False))
        rows.append(f"| {_claim_md(c, values, lang)} | {_cell(article_md(c, values, lang))} "
                    f"| {verdict_word_md(c, lang)} | {why} | {where} |")
    return "\n".join(rows) + "\n"


def claims_list(ids: Iterable[str] = CLAIM_IDS, values: dict | None = None, lang: str | None = None) -> str:
    """A numbered list of the claims in the book's words (for the introduction)."""
    lang = i18n.language(lang)
    ref = {"en": " ({{ref}}`{}`)", "zh": "（{{ref}}`{}`）"}[lang]
    return "\n".join(f"- **{c.id}** {_cell(text(c.claim, values, lang))}{ref.format(c.section)}" for c in get(ids)) + "\n"


class MarkdownTable(str):
    """Markdown text that a notebook displays as Markdown and glue stores as such."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # what glue keeps as text/plain
        return f"<verdict table of {self.count(chr(10)) - 2} claim(s)>"


def verdict_markdown(ids: Iterable[str], lang: str | None = None) -> MarkdownTable:
    """:func:`verdict_table` wrapped for ``glue(..., display=False)`` and ``{glue:md}``."""
    return MarkdownTable(verdict_table(ids, lang=lang))


def scorecard_markdown(ids: Iterable[str] = CLAIM_IDS, lang: str | None = None) -> MarkdownTable:
    return MarkdownTable(scorecard_table(ids, lang=lang))


def claims_list_markdown(ids: Iterable[str] = CLAIM_IDS, lang: str | None = None) -> MarkdownTable:
    return MarkdownTable(claims_list(ids, lang=lang))


def verdict_counts(ids: Iterable[str] = CLAIM_IDS) -> dict[str, int]:
    """How many of these claims have each verdict, in the order of the scale."""
    got = [c.verdict for c in get(ids)]
    return {v: got.count(v) for v in SCALE}


def verdict_counts_text(ids: Iterable[str] = CLAIM_IDS, lang: str | None = None) -> str:
    """'5 hold, 3 partly hold, …' (zero counts left out); in Chinese '5 条成立，3 条部分成立，…'."""
    lang = i18n.language(lang)
    if lang != "en":
        return "，".join(f"{n} 条{i18n.t(v, lang)}" for v, n in verdict_counts(ids).items() if n)
    plural = {"holds": "hold", "partly holds": "partly hold", "does not hold": "do not hold",
              "cannot tell yet": "cannot tell yet", "not testable": "not testable"}
    parts = []
    for v, n in verdict_counts(ids).items():
        if n:
            parts.append(f"{n} {v if n == 1 else plural[v]}")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
