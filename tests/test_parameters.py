"""The one parameter table: defaults validate, bad values name parameter, value and what is allowed."""
from __future__ import annotations

import pytest

from rustbelt import parameters as P
from rustbelt.regional import vintage_years


@pytest.mark.parametrize("chapter", sorted(P.CHAPTERS))
def test_defaults_validate(chapter):
    assert P.validate(chapter) == P.defaults(chapter)


def test_table_lists_every_parameter_once():
    t = P.table()
    for chapter, params in P.CHAPTERS.items():
        rows = t[t["chapter"] == chapter]
        assert list(rows["parameter"]) == [p.name for p in params]
    assert t["meaning"].str.len().gt(0).all()


@pytest.mark.parametrize("name, value, expected", [
    ("provinces", ["Shanxi"], r"parameter 'provinces' = \['Shanxi'\] is not allowed: expected a non-empty list of distinct values from \['Liaoning', 'Jilin', 'Heilongjiang'\]"),
    ("provinces", [], r"parameter 'provinces' = \[\]"),
    ("provinces", "Liaoning", r"parameter 'provinces' = 'Liaoning'"),
    ("gdp_vintage", "v3", r"parameter 'gdp_vintage' = 'v3' is not allowed: expected one of \['current', 'v4', 'old'\]"),
    ("start_year", 1990, r"parameter 'start_year' = 1990 is not allowed: expected an integer from 2006 to 2024 \(the 'current' GDP vintage covers 2006–2024\)"),
    ("end_year", "2020", r"parameter 'end_year' = '2020'"),
])
def test_bad_challenges_parameter_message(name, value, expected):
    with pytest.raises(P.ParameterError, match=expected):
        P.validate("challenges", **{name: value})


def test_year_range_follows_the_chosen_vintage():
    lo, hi = vintage_years("old")
    assert P.validate("challenges", gdp_vintage="old", start_year=lo, end_year=hi)["end_year"] == hi
    with pytest.raises(P.ParameterError, match=rf"'end_year' = {hi + 1} .*'old' GDP vintage covers {lo}–{hi}"):
        P.validate("challenges", gdp_vintage="old", end_year=hi + 1)


def test_start_must_precede_end():
    with pytest.raises(P.ParameterError, match="end_year"):
        P.validate("challenges", start_year=2015, end_year=2010)


def test_unknown_parameter_is_named():
    with pytest.raises(P.ParameterError, match=r"unknown parameter\(s\) \['province'\]"):
        P.validate("challenges", province=["Jilin"])


def test_booleans_are_not_integers():
    with pytest.raises(P.ParameterError, match="phase_years"):
        P.validate("transitional_pain", phase_years=True)
