"""Dates of the rows of a table: when a province existed, which periods lie in the future.

Province creation dates (the 2022 Papua split; BPS codes, names via :mod:`kesos_analysis.data.regions`):

* 95 Papua Selatan, 96 Papua Tengah, 97 Papua Pegunungan: UU No. 14, 15 and 16 Tahun 2022, signed and
  promulgated 25 July 2022 (parent: 94 Papua);
* 92 Papua Barat Daya: UU No. 29 Tahun 2022, signed and promulgated 8 December 2022 (parent: 91 Papua Barat).

Every other province in ``regions/provinces.csv`` existed before the first period of any table here
(Kalimantan Utara, the youngest of them, dates from 2012; the tables start in 2015).

Reference date of a row (the day the figure describes), used to decide whether the province existed:

* ``poverty_province`` (year, month): the first day of the Susenas round's month (March or September);
* ``ump_province`` (year): 1 January of the year (a UMP takes effect on 1 January);
* ``population_province`` (year): 30 June (BPS mid-year population);
* any other table with a ``year``: 31 December of the year (only a year wholly before the creation is refused).

Future periods: a poverty round is refused until BPS has published it. BPS publishes the March round of the
Susenas in July of the same year and the September round in January of the next year (Berita Resmi Statistik
"Profil Kemiskinan di Indonesia": e.g. September 2016 on 3 January 2017, March 2019 on 15 July 2019,
September 2021 on 17 January 2022, March 2024 on 1 July 2024, September 2024 on 15 January 2025 — the
release dates listed in ``regions/SOURCES.md``). The exact day varies, so the rule is by month
(:data:`POVERTY_RELEASE`): a round is accepted from the first day of its release month. A UMP is decreed by
the governor before the year it applies to (November of the previous year), so UMP years up to next year are
accepted; every other year must not exceed next year.
"Today" is ``SOURCE_DATE_EPOCH`` when set (reproducible runs), else the current UTC date.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from . import regions

#: BPS code → date the province came into existence (see module docstring for the laws).
PROVINCE_CREATED: dict[str, date] = {
    "95": date(2022, 7, 25),  # Papua Selatan, UU 14/2022
    "96": date(2022, 7, 25),  # Papua Tengah, UU 15/2022
    "97": date(2022, 7, 25),  # Papua Pegunungan, UU 16/2022
    "92": date(2022, 12, 8),  # Papua Barat Daya, UU 29/2022
}

#: Susenas round month → (years after the round's year, month) in which BPS publishes it (module docstring).
POVERTY_RELEASE: dict[int, tuple[int, int]] = {3: (0, 7), 9: (1, 1)}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

#: Tables whose figures for a year may be published before that year begins (years ahead allowed).
YEARS_AHEAD: dict[str, int] = {"ump_province": 1}


def today() -> date:
    """The current date (UTC), or the date of ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.date()


def reference_date(table: str, year: int, month: int | None = None) -> date:
    """The day a row of ``table`` for ``year`` (and ``month``) describes (rules in the module docstring)."""
    if month is not None:
        return date(int(year), int(month), 1)
    if table == "ump_province":
        return date(int(year), 1, 1)
    if table == "population_province":
        return date(int(year), 6, 30)
    return date(int(year), 12, 31)


def created(code: str) -> date | None:
    """Creation date of province ``code`` (BPS) if it was created during the tables' span, else ``None``."""
    return PROVINCE_CREATED.get(str(code))


def existence_problem(table: str, code: str, year: int, month: int | None = None) -> str | None:
    """Why a row for province ``code`` cannot describe ``year``/``month`` (it did not exist yet), or ``None``."""
    born = created(code)
    if born is None:
        return None
    ref = reference_date(table, year, month)
    if ref >= born:
        return None
    when = f"{int(month):02d}/{int(year)}" if month is not None else str(int(year))
    return (f"no row for {regions.province_name(code)} (bps_code {code}) in {when}: the province was created on "
            f"{born.isoformat()} (2022 Papua split), so the figure belongs to its parent province; delete the row")


def future_problem(table: str, year: int, month: int | None = None, *, on: date | None = None) -> str | None:
    """Why ``year``/``month`` is a period that cannot have been published yet (as of ``on``), or ``None``."""
    now = on or today()
    if month is not None:
        year, month = int(year), int(month)
        if table == "poverty_province" and month in POVERTY_RELEASE:
            later, release_month = POVERTY_RELEASE[month]
            release = date(year + later, release_month, 1)
            if release > now:
                return (f"a round that BPS has already published: the {_MONTHS[month - 1]} {year} round is published "
                        f"in {_MONTHS[release_month - 1]} {release.year}, after today ({now.isoformat()}) — BPS "
                        "releases the March round in July of the same year and the September round in January of "
                        "the next year")
            return None
        if (year, month) > (now.year, now.month):
            return (f"a round that has already taken place: {month:02d}/{year} is after today "
                    f"({now.isoformat()})")
        return None
    ahead = YEARS_AHEAD.get(table, 1)
    if int(year) > now.year + ahead:
        return (f"a year not after {now.year + ahead} (today is {now.isoformat()}"
                + (f"; a {table} figure is published at most {ahead} year ahead" if ahead else "") + ")")
    return None
