"""The data layer: every catalogued dataset loads and carries its provenance;
malformed files are rejected naming the file, the column and the line."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from rustbelt import DATA_DIR, data


@pytest.mark.parametrize("name", data.names())
def test_every_dataset_loads_with_provenance(name):
    df = data.load(name)
    assert len(df) > 0
    prov = data.provenance_of(df)
    assert prov.title and prov.unit and prov.vintage and prov.licence and prov.sources
    for s in prov.sources:
        assert s["url"].startswith("http")
    # every row names where it was read
    assert (df["source_title"].str.len() > 0).all()
    assert df["source_url"].str.startswith("http").all()


def test_every_csv_is_catalogued():
    csvs = {p.stem for p in DATA_DIR.glob("*.csv")}
    assert csvs == set(data.names())


def test_no_dataset_mixes_vintages_without_a_vintage_column():
    gdp = data.load("provincial_gdp")
    assert set(gdp["vintage"]) == {"old", "v4", "current"}
    # one value per province, year and vintage
    assert not gdp.duplicated(["region", "year", "vintage"]).any()


@pytest.fixture
def broken(tmp_path):
    """A copy of data/ in which a test may break one file."""
    for p in DATA_DIR.iterdir():
        if p.is_file():
            shutil.copy2(p, tmp_path / p.name)
    data.catalog.cache_clear()
    yield tmp_path
    data.catalog.cache_clear()


def _rewrite(folder, name, edit):
    path = folder / f"{name}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(df)
    df.to_csv(path, index=False)


def test_missing_column_names_file_and_column(broken):
    _rewrite(broken, "census_population", lambda df: df.pop("value"))
    with pytest.raises(data.DataError, match=r"census_population\.csv: missing column 'value'"):
        data.load("census_population", broken)


def test_wrong_type_names_column_and_line(broken):
    def edit(df):
        df.loc[3, "value"] = "about 30 million"
    _rewrite(broken, "census_population", edit)
    with pytest.raises(data.DataError, match=r"census_population\.csv: column 'value', line 5: 'about 30 million' is not a valid int"):
        data.load("census_population", broken)


def test_fractional_value_in_integer_column_is_not_rounded(broken):
    def edit(df):
        df.loc[0, "value"] = "1339720000.5"
    _rewrite(broken, "census_population", edit)
    with pytest.raises(data.DataError, match=r"column 'value', line 2"):
        data.load("census_population", broken)


def test_negative_population_is_rejected(broken):
    def edit(df):
        df.loc[2, "value"] = "-5"
    _rewrite(broken, "census_population", edit)
    with pytest.raises(data.DataError, match=r"census_population\.csv: column 'value', line 4: -5 fails"):
        data.load("census_population", broken)


def test_unknown_province_is_rejected(broken):
    def edit(df):
        df.loc[6, "region"] = "Shanxi"
    _rewrite(broken, "provincial_gdp", edit)
    with pytest.raises(data.DataError, match=r"provincial_gdp\.csv: column 'region', line 8: 'Shanxi' fails"):
        data.load("provincial_gdp", broken)


def test_duplicate_key_is_rejected(broken):
    def edit(df):
        df.loc[1, "year"] = df.loc[0, "year"]
    _rewrite(broken, "us_manufacturing_employment", edit)
    with pytest.raises(data.DataError, match=r"us_manufacturing_employment\.csv: .*duplicate"):
        data.load("us_manufacturing_employment", broken)


def test_unexpected_column_and_empty_value(broken):
    def edit(df):
        df["extra"] = "x"
        df.loc[0, "source_url"] = ""
    _rewrite(broken, "us_city_population", edit)
    with pytest.raises(data.DataError, match=r"unexpected column 'extra'"):
        data.load("us_city_population", broken)


def test_empty_required_value_names_line(broken):
    def edit(df):
        df.loc[4, "year"] = ""
    _rewrite(broken, "us_city_population", edit)
    with pytest.raises(data.DataError, match=r"us_city_population\.csv: column 'year': empty value on line\(s\) \[6\]"):
        data.load("us_city_population", broken)


def test_unknown_dataset_lists_the_catalog():
    with pytest.raises(KeyError, match="provincial_gdp"):
        data.load("no_such_table")
