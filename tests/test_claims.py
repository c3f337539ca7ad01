"""The scorecard (data/claims.yml, rustbelt.claims): one verdict per claim, validated when it
loads, rendered identically wherever a claim is judged."""
from __future__ import annotations

import copy
import re

import pytest
import yaml

from rustbelt import claims


@pytest.fixture(scope="module")
def raw():
    with open(claims.CLAIMS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_every_claim_has_exactly_one_verdict_on_the_scale():
    allc = claims.load()
    assert list(allc) == [f"C{i}" for i in range(1, 16)]
    for c in allc.values():
        assert c.verdict in claims.SCALE
        assert c.reasoning and c.claim and c.article
        assert len(c.sources) >= 1


def test_every_source_resolves_to_the_bibliography_or_a_data_row():
    keys, urls = claims.bib_keys(), claims.data_source_urls()
    for c in claims.load().values():
        for s in c.sources:
            assert s in keys or s in urls, (c.id, s)


def test_the_file_has_each_id_once(raw):
    ids = [c["id"] for c in raw["claims"]]
    assert sorted(ids, key=lambda i: int(i[1:])) == list(claims.CLAIM_IDS)


def _broken(raw, cid, **changes):
    r = copy.deepcopy(raw)
    for c in r["claims"]:
        if c["id"] == cid:
            for k, v in changes.items():
                if v is None:
                    del c[k]
                else:
                    c[k] = v
    return r


@pytest.mark.parametrize("change, message", [
    ({"verdict": "mostly holds"}, r"claim C3: field 'verdict': 'mostly holds' is not on the scale"),
    ({"reasoning": None}, r"claim C3: missing field\(s\) \['reasoning'\]"),
    ({"sources": []}, r"claim C3: field 'sources': at least one source is required"),
    ({"sources": ["nosuchkey2099"]}, r"claim C3: field 'sources': 'nosuchkey2099' is neither a key of references.bib"),
    ({"sources": ["https://example.org/not-in-data"]}, r"is neither a key of references.bib nor a source_url in data/"),
    ({"datasets": ["no_such_data"]}, r"claim C3: field 'datasets': unknown dataset 'no_such_data'"),
    ({"section": "sec-nowhere"}, r"claim C3: field 'section': label 'sec-nowhere' is not defined"),
    ({"figures": ["fig-nowhere"]}, r"claim C3: field 'figures': label 'fig-nowhere' is not defined in any chapter"),
    ({"reasoning": "One sentence only."}, r"claim C3: field 'reasoning': 1 sentence\(s\); two to four"),
    ({"reasoning": "Cut {{no_such_number:.0f}} Mt. Twice."}, r"claim C3, field 'reasoning': unknown number"),
    ({"claim": ""}, r"claim C3: field 'claim': must be non-empty text"),
    ({"extra": "x"}, r"claim C3: unexpected field\(s\) \['extra'\]"),
])
def test_a_malformed_entry_is_rejected_naming_file_claim_and_field(raw, change, message):
    with pytest.raises(claims.ClaimsError, match=r"^claims\.yml: .*" + message if message.startswith("claim C3:")
                       else message):
        claims.validate(_broken(raw, "C3", **change))


def test_a_missing_or_repeated_claim_is_rejected(raw):
    r = copy.deepcopy(raw)
    r["claims"] = [c for c in r["claims"] if c["id"] != "C15"]
    with pytest.raises(claims.ClaimsError, match=r"no entry for \['C15'\]"):
        claims.validate(r)
    r = copy.deepcopy(raw)
    r["claims"].append(copy.deepcopy(r["claims"][0]))
    with pytest.raises(claims.ClaimsError, match="claim C1: field 'id': appears twice"):
        claims.validate(r)


def test_the_scale_is_fixed(raw):
    r = copy.deepcopy(raw)
    r["scale"] = ["holds", "mostly holds"]
    with pytest.raises(claims.ClaimsError, match="scale"):
        claims.validate(r)


def test_a_file_that_is_not_yaml_names_the_file(tmp_path):
    bad = tmp_path / "claims.yml"
    bad.write_text("claims: [\n", encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="^claims.yml: not valid YAML"):
        claims.load(bad)


def test_placeholders_are_filled_with_computed_numbers():
    assert claims.fill("{{fund_rmb_bn:.0f}} bn", {"fund_rmb_bn": 99.6}) == "100 bn"
    with pytest.raises(claims.ClaimsError, match="unknown number"):
        claims.fill("{{nope}}", {})
    # the registered numbers come from the package, not from the file
    from rustbelt import model
    assert claims.numbers()["article_millions"] == model.ARTICLE.layoffs_persons / 1e6
    assert claims.numbers()["fund_rmb_bn"] == model.benchmark("reemployment_fund", "steel_and_coal", 2016)


def test_no_placeholder_survives_rendering():
    text = claims.scorecard_table() + claims.verdict_table(list(claims.CLAIM_IDS)) + claims.claims_list()
    assert "{{" not in text and "}}" not in text


def test_no_number_is_typed_in_claim_or_reasoning_text(raw):
    """Numbers in the book's own words come from placeholders; years, claim ids and single digits may stay.
    (The article's quoted words are the article's, and stay as printed.)"""
    for c in raw["claims"]:
        for field in ("claim", "reasoning"):
            text = claims.PLACEHOLDER.sub("", c[field])
            text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)
            found = [n for n in re.findall(r"(?<![\w.])\d(?:[\d,.]*\d)?%?", text)
                     if not re.fullmatch(r"(19|20)\d\d|\d", n)]
            assert found == [], (c["id"], field, found)


def test_verdict_table_has_one_row_per_claim_in_the_order_given():
    table = claims.verdict_table(["C9", "C1"])
    lines = table.strip().splitlines()
    assert lines[0] == "| claim | verdict | evidence |"
    assert len(lines) == 4
    assert lines[2].startswith("| C9: ") and lines[3].startswith("| C1: ")
    assert f"**{claims.verdict('C9')}**" in lines[2]
    # every row has exactly three cells (no unescaped pipe inside a cell)
    for line in lines[2:]:
        assert len(re.findall(r"(?<!\\)\|", line)) == 4


def test_verdict_table_links_figures_and_cites_sources():
    c = claims.get("C1")[0]
    row = claims.verdict_table(["C1"]).splitlines()[2]
    for fig in c.figures:
        assert f"{{numref}}`{fig}`" in row
    keys = [s for s in c.sources if s in claims.bib_keys()]
    assert f"{{cite:p}}`{','.join(keys)}`" in row


def test_scorecard_links_each_claim_to_its_section():
    table = claims.scorecard_table()
    for c in claims.load().values():
        row = next(line for line in table.splitlines() if line.startswith(f"| {c.id}: "))
        assert f"{{ref}}`{c.section}`" in row


def test_dollar_signs_are_escaped_for_dollarmath():
    assert "US\\$" in claims.verdict_table(["C11"])
    assert re.search(r"(?<!\\)\$", claims.verdict_table(["C11"])) is None


def test_unknown_or_repeated_ids_are_errors():
    with pytest.raises(claims.ClaimsError, match=r"unknown claim id\(s\) \['C16'\]"):
        claims.verdict_table(["C16"])
    with pytest.raises(claims.ClaimsError, match="repeated"):
        claims.verdict_table(["C1", "C1"])
    with pytest.raises(claims.ClaimsError, match="at least one"):
        claims.verdict_table([])


def test_glue_keeps_markdown_and_a_short_text_repr():
    md = claims.verdict_markdown(["C1", "C2"])
    assert md._repr_markdown_() == claims.verdict_table(["C1", "C2"])
    assert repr(md) == "<verdict table of 2 claim(s)>"


def test_verdict_counts_add_up():
    counts = claims.verdict_counts()
    assert sum(counts.values()) == 15
    assert list(counts) == list(claims.SCALE)
    text = claims.verdict_counts_text()
    for v, n in counts.items():
        if n:
            assert str(n) in text
