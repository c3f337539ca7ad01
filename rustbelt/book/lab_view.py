"""The chapters as JupyterLab shows them: MyST roles Lab cannot resolve, turned into inline
expressions that jupyterlab-myst renders, and back again on save.

The book's prose uses roles that only Sphinx resolves: ``{glue:text}`` (a number computed by
the chapter's code), ``{cite:p}``, ``{term}``, ``{numref}``, ``{ref}``, and the ``{glue:md}``
/ ``{glue:}`` directives. jupyterlab-myst renders MyST (admonitions, exercises, maths) and
evaluates ``{eval}`` expressions in the running kernel, but shows these roles as raw code.
So the contents manager ``make lab`` starts (:mod:`rustbelt.book.lab_server`) rewrites each
Markdown cell **in the notebook it sends to Lab**, never on disk:

- ``{glue:text}`key:.2f``` -> ``{eval}`glue_text("key:.2f")``` : the value glued by the code
  cells above, formatted exactly as myst-nb formats it (:mod:`rustbelt.lab`, in the kernel);
  it appears when the cells run (Run All), and follows the parameters the reader sets;
- ``{cite:p}`key``` and the other static roles -> ``{eval}`("[Author, 2016]", "cite:p",
  "key")[0]```: a literal that evaluates to the text the web book shows, with its result
  stored in the cell's ``user_expressions`` so it shows before anything runs;
- a ``{glue:md}`` / ``{glue:}`` block -> ``{eval}`glue_block("key", "glue:md", ":format: myst\\n")```:
  the glued table or Markdown, rendered as its rich output.

Saving reverses every rewrite (:func:`from_lab`), so the file on disk keeps the book's
syntax byte for byte (``tests/test_lab_view.py`` checks every chapter); the chapters' source,
the book build, its execution cache and the translation catalogue never see ``{eval}``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rustbelt.i18n import UNIT_SCALES

#: the roles rewritten for Lab; glue roles need the kernel, the others are static text (the
#: Chinese pages print some numbers in 万 and 亿: ``{glue:million-to-wan}``, rustbelt.i18n.UNIT_SCALES)
GLUE_ROLES = ("glue:text", "glue", *(f"glue:{name}" for name in UNIT_SCALES))
STATIC_ROLES = ("cite:p", "cite:t", "cite:ps", "cite:ts", "cite", "term", "numref", "ref", "doc")
ROLE = re.compile(r"\{(" + "|".join(re.escape(r) for r in GLUE_ROLES + STATIC_ROLES) + r")\}`([^`]+)`")
#: a fenced glue directive: ```{glue:md} key / ```{glue:} key / ```{glue} key, with its options
GLUE_BLOCK = re.compile(r"^```\{(glue(?::md|:figure|:math|:any|:)?)\} ([\w\-.:]+)\n((?::[^\n]*\n)*)```$", re.M)

_J = r'"(?:[^"\\\n]|\\.)*"'  # one JSON string literal (backticks escaped as \u0060)
LAB_GLUE = re.compile(r"\{eval\}`glue_text\((" + _J + r")(?:, role=(" + _J + r"))?\)`")
LAB_STATIC = re.compile(r"\{eval\}`\((" + _J + r"), (" + _J + r"), (" + _J + r")\)\[0\]`")
LAB_BLOCK = re.compile(r"\{eval\}`glue_block\((" + _J + r"), (" + _J + r"), (" + _J + r")\)`")
#: the cell metadata jupyterlab-myst writes (expression results): never saved
METADATA_KEY = "user_expressions"


def _lit(text: str) -> str:
    """A string literal that is both JSON and Python, with no backtick (it would end the role)."""
    return json.dumps(text, ensure_ascii=False).replace("`", "\\u0060")


@dataclass
class BookIndex:
    """What the static roles resolve to, read from the book's sources (as Sphinx numbers them)."""
    root: Path
    titles: dict[str, str] = field(default_factory=dict)     # label -> section title
    figures: dict[str, str] = field(default_factory=dict)    # figure name -> "Fig. 2.3"
    doc_titles: dict[str, str] = field(default_factory=dict)  # "chapters/challenges" -> title
    cites: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (authors, year)

    @classmethod
    def read(cls, root: Path) -> BookIndex:
        index = cls(Path(root))
        index._read_pages()
        index._read_bib()
        return index

    def _read_pages(self) -> None:
        root = self.root
        skip = {"_build", ".venv", "node_modules", "_vendor", ".git", ".pytest_cache"}
        for path in sorted(root.rglob("*.md")):
            rel = path.relative_to(root)
            if skip & set(rel.parts):
                continue
            text = path.read_text(encoding="utf-8")
            first = re.search(r"^# (.+)$", text, re.M)
            if first:
                self.doc_titles[rel.with_suffix("").as_posix()] = first.group(1).strip()
            for m in re.finditer(r"^\(([\w\-:.]+)\)=\s*\n+#+ (.+)$", text, re.M):
                self.titles[m.group(1)] = m.group(2).strip()
        for number, doc in enumerate(self._numbered_chapters(), start=1):
            path = root / f"{doc}.md"
            if not path.exists():
                continue
            # figures in the order Sphinx numbers them: code cells' mystnb figures and figure directives
            names = re.findall(r"^\s*(?:name|:name):\s*(fig-[\w\-]+)\s*$", path.read_text(encoding="utf-8"), re.M)
            for i, name in enumerate(dict.fromkeys(names), start=1):
                self.figures[name] = f"Fig. {number}.{i}"

    def _numbered_chapters(self) -> list[str]:
        toc = self.root / "_toc.yml"
        if not toc.exists():
            return []
        import yaml

        docs = []
        for part in yaml.safe_load(toc.read_text(encoding="utf-8")).get("parts", []):
            if part.get("numbered"):
                docs += [c["file"] for c in part.get("chapters", [])]
        return docs

    def _read_bib(self) -> None:
        bib = self.root / "references.bib"
        if not bib.exists():
            return
        from pybtex.database import parse_file

        for key, entry in parse_file(str(bib)).entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            last = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
            if not last:  # an institution as author is kept whole in braces
                last = [entry.fields.get("organization", entry.fields.get("publisher", key))]
            authors = (last[0] if len(last) == 1 else f"{last[0]} and {last[1]}" if len(last) == 2
                       else f"{last[0]} et al.")
            self.cites[key] = (authors.replace("{", "").replace("}", "").replace("\\&", "&"), entry.fields.get("year", "n.d."))

    def text(self, role: str, content: str) -> str:
        """What the web book shows for ``{role}`content```."""
        explicit = re.fullmatch(r"(.+?)\s*<([^<>]+)>", content.strip(), re.S)
        label = explicit.group(2) if explicit else content.strip()
        if role == "term":
            return explicit.group(1) if explicit else content
        if explicit and role in ("ref", "doc", "numref") and "{" not in explicit.group(1):
            return explicit.group(1)
        if role == "numref":
            return self.figures.get(label, label)
        if role == "ref":
            return self.titles.get(label, label)
        if role == "doc":
            return self.doc_titles.get(label.lstrip("/").removesuffix(".md"), label)
        keys = [k.strip() for k in content.split(",")]
        found = [self.cites.get(k, (k, "")) for k in keys]
        if role in ("cite:t", "cite:ts"):
            return ", ".join(f"{a} [{y}]" if y else a for a, y in found)
        return "[" + ", ".join(f"{a}, {y}" if y else a for a, y in found) + "]"


@cache
def book_index(root: str) -> BookIndex:
    return BookIndex.read(Path(root))


def to_lab(source: str, index: BookIndex) -> tuple[str, list[dict]]:
    """A Markdown cell's source as Lab should get it, and the results of its static expressions
    (jupyterlab-myst's ``user_expressions`` cell metadata)."""
    results: list[dict] = []

    def block(m: re.Match) -> str:
        return "{eval}`glue_block(" + ", ".join(_lit(m.group(i)) for i in (2, 1, 3)) + ")`"

    def role(m: re.Match) -> str:
        name, content = m.group(1), m.group(2)
        if name in GLUE_ROLES:
            extra = "" if name == "glue:text" else ", role=" + _lit(name)
            return "{eval}`glue_text(" + _lit(content) + extra + ")`"
        text = index.text(name, content)
        expression = f"({_lit(text)}, {_lit(name)}, {_lit(content)})[0]"
        results.append({"expression": expression,
                        "result": {"status": "ok", "data": {"text/plain": repr(text)}, "metadata": {}}})
        return "{eval}`" + expression + "`"

    source = GLUE_BLOCK.sub(block, source)
    return ROLE.sub(role, source), results


def from_lab(source: str) -> str:
    """The inverse of :func:`to_lab`: the book's own syntax, as the file on disk has it."""
    source = LAB_BLOCK.sub(lambda m: "```{" + json.loads(m.group(2)) + "} " + json.loads(m.group(1)) + "\n"
                           + json.loads(m.group(3)) + "```", source)
    source = LAB_STATIC.sub(lambda m: "{" + json.loads(m.group(2)) + "}`" + json.loads(m.group(3)) + "`", source)
    return LAB_GLUE.sub(lambda m: "{" + (json.loads(m.group(2)) if m.group(2) else "glue:text") + "}`"
                        + json.loads(m.group(1)) + "`", source)


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def notebook_to_lab(nb, index: BookIndex) -> None:
    """Rewrite every Markdown cell of ``nb`` (a notebook dict or NotebookNode) in place."""
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source, results = to_lab(_source(cell), index)
        if source != _source(cell):
            cell["source"] = source
            if results:
                cell["metadata"][METADATA_KEY] = results


def notebook_from_lab(nb) -> None:
    """Undo :func:`notebook_to_lab` in place (and drop the expression results Lab stored)."""
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        cell["source"] = from_lab(_source(cell))
        cell.get("metadata", {}).pop(METADATA_KEY, None)
