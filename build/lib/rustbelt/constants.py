"""Facts the whole package shares, each stated once.

The Northeast's provinces (the article's definition, C5), the sectors the article says
must cut (C1, C2, C9), and the policy calendar of the 2016 capacity cuts.
"""
from __future__ import annotations

from typing import Literal

#: the Northeast, as the article defines it (C5)
PROVINCES = ("Liaoning", "Jilin", "Heilongjiang")
Province = Literal["Liaoning", "Jilin", "Heilongjiang"]

#: the sectors whose overcapacity the article says must be cut (C9: steel, coal, cement)
SECTORS = ("steel", "coal", "cement")
Sector = Literal["steel", "coal", "cement"]

#: NBS's three vintages of provincial GDP (see the data appendix)
GDP_VINTAGES = ("current", "v4", "old")
Vintage = Literal["current", "v4", "old"]

#: the first year of the cuts: layoffs, phasing and projections start here
START_YEAR = 2016
#: the RMB 100 bn re-employment fund ran for two years (C11)
FUND_YEARS = (2016, 2017)
#: the longest phasing of layoffs the book considers, in years
MAX_PHASE_YEARS = 10
