"""Province reference, name and code harmonisation, and the 2022 Papua split crosswalk.

Reference table
    :func:`province_reference` reads the registered ``provinces`` table (``data/raw/regions/provinces.csv``,
    sources in ``data/raw/regions/SOURCES.md``): 38 provinces with the 2-digit BPS code (``bps_code``), the
    Kemendagri code (``kemendagri_code``), the Kemendagri name (``name_id``), the name BPS tables print
    (``name_bps``), an English name (``name_en``) and, for the four provinces created in 2022, the BPS code of
    the province they were split from (``parent_province_bps_code``).

Names
    :func:`resolve_province` maps a spelling seen in real files ("DKI Jakarta", "D.K.I. Jakarta", "Kep.
    Bangka Belitung", "NAD", "Irian Jaya Barat", "Jogja", "KEPULAUAN  RIAU", "West Java", …) to the BPS code.
    Matching is exact on a normalised form (case, punctuation, spacing, ``Prov.``/``Provinsi`` prefix,
    ``Kep.`` → ``Kepulauan``); never fuzzy. An unknown name is an error listing the closest known names
    (``difflib``), so a typo is never silently matched to the wrong province.

Codes
    Codes are strings, always. :func:`normalise_code` repairs a code that Excel turned into a number
    (``11`` or ``11.0``) or that lost its leading zero (``0`` → ``"00"``, Indonesia) only when exactly one
    known code fits; anything else is an error.

Papua split (pemekaran 2022)
    Papua Selatan (BPS 95), Papua Tengah (96) and Papua Pegunungan (97) were carved from Papua (94), Papua
    Barat Daya (92) from Papua Barat (91) (UU 14, 15, 16/2022 and UU 29/2022; see SOURCES.md R-SPLIT). BPS
    poverty tables use the old boundaries through March 2023 and 38 provinces from March 2024. BPS and
    Kemendagri codes differ for all six Papua-region provinces (SOURCES.md, caveat 2).
    :func:`to_34_provinces` puts a series on the consistent pre-split basis by summing counts and
    re-deriving rates from counts (never averaging rates); :func:`on_38_basis` keeps the rounds that have
    the 38-province breakdown.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataValidationError, KesosError, Problem

#: BPS code of the national aggregate row ("Indonesia").
NATIONAL_CODE = "00"

#: 2022 split, BPS codes: new province → province it was split from (SOURCES.md R-SPLIT, caveat 1).
#: Checked against ``provinces.parent_province_bps_code`` by :func:`papua_split`.
PAPUA_SPLIT_BPS: dict[str, str] = {"92": "91", "95": "94", "96": "94", "97": "94"}

#: Spellings seen in BPS, Kemensos and Dinas Sosial files, by BPS code. Official names (``name_id``,
#: ``name_bps``, ``name_en``) are added from the reference table; these are the extra variants: old names
#: (Nanggroe Aceh Darussalam until 2009, Irian Jaya Barat until 2007, Irian Jaya until 2002), the common
#: abbreviations used in Indonesian government documents, and English renderings.
PROVINCE_VARIANTS: dict[str, tuple[str, ...]] = {
    "00": ("Indonesia", "Nasional", "National", "Total Indonesia", "Indonesia (Nasional)"),
    "11": ("Nanggroe Aceh Darussalam", "NAD", "Aceh Darussalam", "D.I. Aceh", "Daerah Istimewa Aceh", "Prov. Aceh"),
    "12": ("Sumut", "North Sumatera", "Sumatra Utara"),
    "13": ("Sumbar", "West Sumatera", "Sumatra Barat"),
    "14": ("Riau Province",),
    "15": ("Jambi Province",),
    "16": ("Sumsel", "South Sumatera", "Sumatra Selatan"),
    "17": ("Bengkulu Province",),
    "18": ("Lampung Province",),
    "19": ("Kep. Bangka Belitung", "Bangka Belitung", "Babel", "Kep Babel", "Kepulauan Babel", "Bangka-Belitung"),
    "21": ("Kepri", "Kep. Riau", "Kepulauan Riau", "Riau Islands"),
    "31": ("DKI Jakarta", "D.K.I. Jakarta", "DKI", "Jakarta", "Jakarta Raya", "Daerah Khusus Jakarta",
           "Daerah Khusus Ibukota Jakarta", "Daerah Khusus Ibu Kota Jakarta", "Special Capital Region of Jakarta"),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DI Yogyakarta", "D.I. Yogyakarta", "D.I Yogyakarta", "DIY", "Daerah Istimewa Yogyakarta", "Yogyakarta",
           "Jogja", "Jogjakarta", "Yogya", "Special Region of Yogyakarta", "D.I.Y."),
    "35": ("Jatim",),
    "36": ("Banten Province",),
    "51": ("Bali Province",),
    "52": ("NTB", "N.T.B.", "Nusa Tenggara Barat"),
    "53": ("NTT", "N.T.T.", "Nusa Tenggara Timur"),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra", "South East Sulawesi", "South-East Sulawesi"),
    "75": ("Gorontalo Province",),
    "76": ("Sulbar",),
    "81": ("Maluku Province",),
    "82": ("Malut",),
    "91": ("Irian Jaya Barat", "West Irian Jaya", "Irian Jaya Barat (Papua Barat)", "Pabar"),
    "92": ("PBD", "South West Papua"),
    "94": ("Irian Jaya",),
    "95": ("Papsel",),
    "96": ("Papteng",),
    "97": ("Highlands Papua", "Papua Highlands"),
}

#: Regional aggregates that appear as rows in BPS tables but are not provinces (dropped by readers).
AGGREGATE_NAMES: tuple[str, ...] = (
    "Sumatera", "Sumatra", "Jawa", "Java", "Bali dan Nusa Tenggara", "Bali-Nusa Tenggara", "Bali Nusa Tenggara",
    "Kalimantan", "Sulawesi", "Maluku dan Papua", "Maluku-Papua", "Papua (Pulau)", "Kawasan Barat Indonesia",
    "Kawasan Timur Indonesia", "KBI", "KTI", "Perkotaan", "Perdesaan", "Perkotaan + Perdesaan", "Kota", "Desa",
    "Kota + Desa", "Urban", "Rural", "Jumlah", "Total", "Rata-rata", "Average",
)

_ABBREV = {"kep": "kepulauan", "kepl": "kepulauan", "prov": "", "provinsi": "", "propinsi": "", "province": "",
           "daerah istimewa": "di", "daerah khusus ibukota": "dki", "daerah khusus ibu kota": "dki"}


def normalise_name(text: object) -> str:
    """Comparison key of a region name: case-folded ASCII, punctuation → spaces, single spaces.

    Dotted abbreviations are joined (``"D.K.I."`` → ``"dki"``, ``"D.I."`` → ``"di"``), ``Kep.`` becomes
    ``kepulauan``, a leading ``Prov.``/``Provinsi`` is dropped, and ``"Daerah Istimewa"``/``"Daerah Khusus
    Ibukota"`` become ``"di"``/``"dki"``. Footnote markers (``*``, superscript digits, ``1)``) are removed.
    """
    s = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]+", " ", str(text))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"\s\d\)\s*$", " ", s)  # trailing footnote "1)"
    s = s.casefold().replace("\u00a0", " ")
    # Join dotted or spaced single letters: "d.k.i." / "d. i." / "d.i" → "dki" / "di" / "di"
    tokens: list[str] = []
    run = ""
    for tok in re.split(r"\s+", s.strip()):
        if re.fullmatch(r"(?:[a-z]\.)+[a-z]?\.?|[a-z]", tok):
            run += tok.replace(".", "")
            continue
        if run:
            tokens.append(run)
            run = ""
        tokens.append(tok)
    if run:
        tokens.append(run)
    s = " ".join(tokens)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"\b(d i)\b", "di", s)
    for long, short in (("daerah khusus ibu kota", "dki"), ("daerah khusus ibukota", "dki"), ("daerah istimewa", "di")):
        s = re.sub(rf"\b{long}\b", short, s)
    words = [_ABBREV.get(w, w) for w in s.split()]
    return " ".join(w for w in words if w)


def _reference_cached(raw_dir: str | None) -> pd.DataFrame:
    from .. import config

    return _reference_for(str(Path(raw_dir) if raw_dir else config.data_raw()))


@lru_cache(maxsize=8)
def _reference_for(raw_dir: str) -> pd.DataFrame:
    from .loaders import load

    return load("provinces", raw_dir=Path(raw_dir))


def province_reference(raw_dir: Path | None = None) -> pd.DataFrame:
    """The 38-province reference (copy of the ``provinces`` table; codes as strings).

    Columns: ``bps_code``, ``kemendagri_code``, ``name_id``, ``name_bps``, ``name_en``, ``island_group``,
    ``created_2022``, ``parent_province_bps_code``, ``parent_province`` and the admin counts.
    """
    return _reference_cached(str(raw_dir) if raw_dir else None).copy()


def _alias_index(raw_dir: str | None) -> dict[str, str]:
    from .. import config

    return _alias_index_for(str(Path(raw_dir) if raw_dir else config.data_raw()))


@lru_cache(maxsize=8)
def _alias_index_for(raw_dir: str) -> dict[str, str]:
    ref = _reference_for(raw_dir)
    index: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = normalise_name(name)
        if not key:
            return
        if index.get(key, code) != code:
            raise KesosError(f"province alias {name!r} is ambiguous: BPS codes {index[key]} and {code}")
        index[key] = code

    for rec in ref.to_dict("records"):
        for col in ("name_id", "name_bps", "name_en"):
            add(rec[col], rec["bps_code"])
    for code, names in PROVINCE_VARIANTS.items():
        for name in names:
            add(name, code)
    return index


def province_aliases(raw_dir: Path | None = None) -> dict[str, str]:
    """``{normalised spelling: BPS code}`` for every official name and known variant (incl. ``"00"``)."""
    return dict(_alias_index(str(raw_dir) if raw_dir else None))


def is_aggregate_name(text: object) -> bool:
    """True if ``text`` names a regional aggregate row (island group, urban/rural, total), not a province."""
    key = normalise_name(text)
    return key in {normalise_name(a) for a in AGGREGATE_NAMES}


def closest_province_names(text: object, n: int = 3, raw_dir: Path | None = None) -> list[str]:
    """Up to ``n`` official province names (``name_bps``) closest to ``text`` (difflib ratio ≥ 0.5)."""
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    index = _alias_index(str(raw_dir) if raw_dir else None)
    official = dict(zip(ref["bps_code"], ref["name_bps"]))
    official[NATIONAL_CODE] = "Indonesia"
    keys = difflib.get_close_matches(normalise_name(text), list(index), n=10, cutoff=0.5)
    out: list[str] = []
    for k in keys:
        name = official[index[k]]
        if name not in out:
            out.append(name)
    return out[:n]


def province_code_for_name(text: object, raw_dir: Path | None = None) -> str | None:
    """BPS code of a province spelling, ``"00"`` for Indonesia, or ``None`` if the name is unknown."""
    return _alias_index(str(raw_dir) if raw_dir else None).get(normalise_name(text))


def resolve_province(text: object, *, file: str = "<input>", row: int | None = None, column: str | None = None,
                     raw_dir: Path | None = None) -> str:
    """BPS code (2-character string) of a province name in any known spelling; ``"00"`` for Indonesia.

    Raises :class:`DataValidationError` (one :class:`Problem` naming file, row, column, the value and up to
    three closest official names) if the name is unknown.
    """
    code = province_code_for_name(text, raw_dir)
    if code is None:
        problem = unknown_name_problem(text, file=file, row=row, column=column, raw_dir=raw_dir)
        raise DataValidationError(file, [problem])
    return code


def unknown_name_problem(text: object, *, file: str, row: int | None, column: str | None,
                         raw_dir: Path | None = None) -> Problem:
    """The :class:`Problem` reported for an unknown province name (with the closest matches)."""
    close = closest_province_names(text, raw_dir=raw_dir)
    hint = f"; closest matches: {', '.join(close)}" if close else "; no close match"
    return Problem(file, row, column, text, f"a known province name (see regions/provinces.csv){hint}")


def province_name(code: str, raw_dir: Path | None = None, column: str = "name_bps") -> str:
    """Official name of a BPS code (``name_bps`` by default; ``"Indonesia"`` for ``"00"``)."""
    if code == NATIONAL_CODE:
        return "Indonesia"
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    hit = ref.loc[ref["bps_code"] == code, column]
    if hit.empty:
        raise KesosError(f"unknown BPS province code {code!r}")
    return str(hit.iloc[0])


# --------------------------------------------------------------------------------------------- codes

def known_codes(system: str = "bps", raw_dir: Path | None = None, national: bool = True) -> frozenset[str]:
    """Set of valid 2-character province codes in ``system`` (``"bps"`` or ``"kemendagri"``)."""
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    col = {"bps": "bps_code", "kemendagri": "kemendagri_code"}.get(system)
    if col is None:
        raise KesosError(f"unknown code system {system!r}; expected 'bps' or 'kemendagri'")
    codes = set(ref[col])
    if national:
        codes.add(NATIONAL_CODE)
    return frozenset(codes)


_INT_TEXT = re.compile(r"^[+]?(\d+)(?:\.0+)?$")


def code_problem(value: object, *, width: int = 2,
                 valid: frozenset[str] | set[str] | None = None) -> tuple[str | None, str | None]:
    """Normalise one region code; return ``(code, None)`` or ``(None, what was expected)``.

    Accepts a string of ``width`` digits, an integer, an integral float (``11.0``, Excel) or the text
    ``"11.0"``. A shorter code is left-padded with zeros only if exactly one padded form is in ``valid``
    (a province code never starts with 0 except ``"00"``, so ``0`` → ``"00"`` is the only repair at width 2).
    """
    listed = " listed in regions/provinces.csv" if valid is not None else ""
    expected = f"a {width}-digit region code as text{listed}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, expected
    if isinstance(value, bool):
        return None, expected
    if isinstance(value, (int, np.integer)):
        digits = str(int(value)) if int(value) >= 0 else None
    elif isinstance(value, (float, np.floating)):
        digits = str(int(value)) if float(value).is_integer() and value >= 0 else None
    else:
        m = _INT_TEXT.match(str(value).strip())
        digits = m.group(1) if m else None
    if digits is None:
        return None, expected
    if len(digits) == width:
        code = digits
    elif len(digits) < width:
        candidates = [digits.rjust(width, "0")]
        if valid is None or candidates[0] not in valid:
            return None, (f"{expected} (a {len(digits)}-digit code that lost leading zeros is repaired only when "
                          "unambiguous)")
        code = candidates[0]
    else:
        return None, expected
    if valid is not None and code not in valid:
        return None, expected
    return code, None


def normalise_code(value: object, *, width: int = 2, system: str = "bps", file: str = "<input>",
                   row: int | None = None, column: str | None = None, raw_dir: Path | None = None) -> str:
    """Region code as a ``width``-character string; province codes (width 2) must exist in ``system``.

    Raises :class:`DataValidationError` naming file, row, column and value when the code is malformed,
    unknown, or lost leading zeros ambiguously. See :func:`code_problem` for what is repaired.
    """
    valid = known_codes(system, raw_dir) if width == 2 else None
    code, problem = code_problem(value, width=width, valid=valid)
    if problem:
        raise DataValidationError(file, [Problem(file, row, column, value, problem)])
    assert code is not None
    return code


def bps_to_kemendagri(code: str, raw_dir: Path | None = None) -> str:
    """Kemendagri code of a BPS province code (they differ for the six Papua-region provinces)."""
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    m = dict(zip(ref["bps_code"], ref["kemendagri_code"]))
    m[NATIONAL_CODE] = NATIONAL_CODE
    try:
        return m[code]
    except KeyError:
        raise KesosError(f"unknown BPS province code {code!r}") from None


def kemendagri_to_bps(code: str, raw_dir: Path | None = None) -> str:
    """BPS code of a Kemendagri province code (e.g. Kemendagri ``"91"`` Papua → BPS ``"94"``)."""
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    m = dict(zip(ref["kemendagri_code"], ref["bps_code"]))
    m[NATIONAL_CODE] = NATIONAL_CODE
    try:
        return m[code]
    except KeyError:
        raise KesosError(f"unknown Kemendagri province code {code!r}") from None


# ----------------------------------------------------------------------------------------- Papua split

def papua_split(raw_dir: Path | None = None) -> dict[str, str]:
    """``{new BPS code: parent BPS code}`` for the 2022 split, read from the reference table.

    Raises :class:`KesosError` if the reference disagrees with :data:`PAPUA_SPLIT_BPS`.
    """
    ref = _reference_cached(str(raw_dir) if raw_dir else None)
    new = ref[ref["created_2022"] == "yes"]
    split = dict(zip(new["bps_code"], new["parent_province_bps_code"]))
    if split != PAPUA_SPLIT_BPS:
        raise KesosError(f"regions/provinces.csv split {split} disagrees with PAPUA_SPLIT_BPS {PAPUA_SPLIT_BPS}")
    return split


def to_34_provinces(df: pd.DataFrame, *, count: str = "poor_thousand", rate: str = "p0_percent",
                    keys: tuple[str, ...] = ("year", "month"), weighted: tuple[str, ...] = ("p1", "p2"),
                    raw_dir: Path | None = None) -> pd.DataFrame:
    """Put a province series on the consistent 34-province (pre-2022) basis.

    Rows of the four new provinces are merged into their parents (92 → 91, 95/96/97 → 94) per ``keys``
    (a round). Within a merged group:

    * ``count`` (e.g. ``poor_thousand``, ribu jiwa) is **summed**;
    * the population each row implies, ``count / (rate / 100)``, is summed, and ``rate`` (percent) is
      **re-derived** as ``100 × Σcount / Σpopulation`` — rates are never averaged;
    * columns in ``weighted`` (FGT P1, P2) are weighted by implied population, which is exact because FGT
      indices are additively decomposable by population subgroup (Foster, Greer & Thorbecke 1984).

    If any member of a group lacks ``count`` or ``rate`` the merged value is missing (never a partial
    sum). Rows of other provinces and rounds without split rows pass through unchanged. Adds
    ``basis = "34"`` and ``merged_from`` (``"94+95+96+97"`` for merged rows, else empty) and sets
    ``province`` to the parent's BPS name. Other columns of merged rows (``source_url``, ``note``) are
    joined with ``" | "``.
    """
    split = papua_split(raw_dir)
    out = df.copy()
    out["basis"] = "34"
    out["merged_from"] = ""
    child = out["bps_code"].isin(split)
    if not child.any():
        return out.reset_index(drop=True)
    target = out["bps_code"].map(lambda c: split.get(c, c))
    rounds_with_split = set(map(tuple, out.loc[child, list(keys)].drop_duplicates().to_numpy().tolist()))
    in_round = out[list(keys)].apply(tuple, axis=1).isin(rounds_with_split)
    affected = in_round & target.isin(set(split.values()))
    keep = out[~affected]
    groups = []
    work = out[affected].assign(_target=target[affected])
    for (tgt, *_kv), g in work.groupby(["_target", *keys], sort=False):
        counts = g[count].astype(float)
        rates = g[rate].astype(float)
        pop = counts / (rates / 100.0)
        complete = counts.notna().all() and rates.notna().all() and bool((rates > 0).all())
        rec = {c: g[c].iloc[0] for c in g.columns if c != "_target"}
        rec["bps_code"] = tgt
        if "province" in g.columns:
            rec["province"] = province_name(tgt, raw_dir)
        rec[count] = float(counts.sum()) if complete else np.nan
        rec[rate] = float(100.0 * counts.sum() / pop.sum()) if complete else np.nan
        for w in weighted:
            if w in g.columns:
                vals = g[w].astype(float)
                rec[w] = float((vals * pop).sum() / pop.sum()) if complete and vals.notna().all() else np.nan
        for c in ("source_url", "note"):
            if c in g.columns:
                parts = [str(v) for v in g[c] if isinstance(v, str) and v]
                rec[c] = " | ".join(dict.fromkeys(parts)) or None
        rec["merged_from"] = "+".join(sorted(g["bps_code"]))
        groups.append(rec)
    merged = pd.DataFrame(groups, columns=[c for c in out.columns])
    result = pd.concat([keep, merged], ignore_index=True)
    for c in (count, rate, *[w for w in weighted if w in result.columns]):
        result[c] = result[c].astype(float)
    sort_cols = [*keys, "bps_code"]
    return result.sort_values(sort_cols, kind="stable").reset_index(drop=True)


def on_38_basis(df: pd.DataFrame, *, keys: tuple[str, ...] = ("year", "month"),
                raw_dir: Path | None = None) -> pd.DataFrame:
    """Rows of the rounds (``keys``) that report the post-2022 38-province breakdown.

    A round qualifies if it has at least one row of a province created in 2022. Pre-split rounds are
    dropped because their Papua (94) and Papua Barat (91) rows cover the old, larger territories and are
    not comparable with the post-split rows of the same codes. Adds ``basis = "38"``.
    """
    split = papua_split(raw_dir)
    rounds = df.loc[df["bps_code"].isin(split), list(keys)].drop_duplicates()
    out = df.merge(rounds, on=list(keys), how="inner")
    return out.assign(basis="38").reset_index(drop=True)


# ----------------------------------------------------------------------------------- province records

@dataclass(frozen=True)
class Province:
    """One province (or Indonesia, code ``"00"``) as the suite knows it.

    ``name`` is THE display name used in every report: the name BPS tables print (``name_bps`` of
    ``regions/provinces.csv``, e.g. ``"DKI Jakarta"``, ``"DI Yogyakarta"``). ``name_official`` is the
    Kemendagri name (``name_id``), ``name_en`` the English name. ``parent_bps_code`` is set for the four
    provinces created in 2022.
    """

    bps_code: str
    kemendagri_code: str
    name: str
    name_official: str
    name_en: str
    island_group: str | None = None
    created_2022: bool = False
    parent_bps_code: str | None = None

    @property
    def is_national(self) -> bool:
        return self.bps_code == NATIONAL_CODE

    @property
    def split_2022(self) -> bool:
        """True for the six Papua-region provinces whose boundaries changed in the 2022 split."""
        return self.bps_code in PAPUA_SPLIT_BPS or self.bps_code in set(PAPUA_SPLIT_BPS.values())


NATIONAL = Province(NATIONAL_CODE, NATIONAL_CODE, "Indonesia", "Indonesia", "Indonesia")

#: Prefixes that mark a code as Kemendagri (``"kemendagri:91"``, ``"Kemendagri 91"``, ``"kmd 91"``).
_KEMENDAGRI_PREFIX = re.compile(r"^\s*(?:kemendagri|kmd)\s*[:\s]\s*(\S+)\s*$", re.IGNORECASE)
_BPS_PREFIX = re.compile(r"^\s*bps\s*[:\s]\s*(\S+)\s*$", re.IGNORECASE)


@lru_cache(maxsize=8)
def _records_for(raw_dir: str) -> dict[str, Province]:
    ref = _reference_for(raw_dir)
    out = {NATIONAL_CODE: NATIONAL}
    for r in ref.to_dict("records"):
        parent = r.get("parent_province_bps_code")
        out[r["bps_code"]] = Province(
            bps_code=r["bps_code"], kemendagri_code=r["kemendagri_code"], name=r["name_bps"],
            name_official=r["name_id"], name_en=r["name_en"], island_group=r.get("island_group"),
            created_2022=r.get("created_2022") == "yes",
            parent_bps_code=parent if isinstance(parent, str) and parent else None)
    return out


def province_records(raw_dir: Path | None = None, national: bool = False) -> list[Province]:
    """Every province record in BPS code order (Indonesia first when ``national``)."""
    from .. import config

    recs = _records_for(str(Path(raw_dir) if raw_dir else config.data_raw()))
    return [p for c, p in sorted(recs.items()) if national or c != NATIONAL_CODE]


def province_record(value: object, *, system: str = "auto", raw_dir: Path | None = None) -> Province:
    """THE province resolver: a code in either code system, an official name or any known alias → one
    :class:`Province`.

    * a :class:`Province` is returned as it is;
    * a two-digit code as text (``"33"``) is a **BPS** code (codes are text, never numbers); a code that exists only
    in Kemendagri's
      system (``"93"``, Papua Selatan) is read as Kemendagri; ``"kemendagri:91"`` / ``"Kemendagri 91"``
      (or ``system="kemendagri"``) forces Kemendagri (Kemendagri 91 is Papua = BPS 94), ``"bps:91"``
      forces BPS. BPS and Kemendagri codes differ for the six Papua-region provinces (SOURCES.md caveat 2);
    * any other text is a name in any spelling :func:`resolve_province` knows (``"DKI Jakarta"``, ``"NAD"``,
      ``"Papua Pegunungan"``, ``"Jogja"``, ``"West Java"``); ``"00"``/``"Indonesia"`` give :data:`NATIONAL`.

    Raises :class:`~kesos_analysis.errors.ParameterError` naming the value and up to three closest
    official names.
    """
    from .. import config
    from ..errors import ParameterError

    if isinstance(value, Province):
        return value
    if system not in ("auto", "bps", "kemendagri"):
        raise ParameterError(f"unknown code system {system!r}; expected 'auto', 'bps' or 'kemendagri'")
    expected = ("province must be 'all', a two-digit BPS code as text (e.g. '33'), a Kemendagri code "
                "('kemendagri:91') or a province name")
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{expected}; got {value!r}")
    recs = _records_for(str(Path(raw_dir) if raw_dir else config.data_raw()))
    text = value.strip()
    for pattern, forced in ((_KEMENDAGRI_PREFIX, "kemendagri"), (_BPS_PREFIX, "bps")):
        m = pattern.match(text)
        if m:
            system, text = forced, m.group(1)
    if text.isdigit():
        by_kmd = {p.kemendagri_code: p for p in recs.values()}
        if len(text) == 2 and system in ("auto", "bps") and text in recs:
            return recs[text]
        if len(text) == 2 and system in ("auto", "kemendagri") and text in by_kmd:
            return by_kmd[text]
        raise ParameterError(f"{expected}; got {value!r} (not a {'Kemendagri' if system == 'kemendagri' else 'BPS'} "
                             f"province code; see regions/provinces.csv)")
    found = province_code_for_name(text, raw_dir)
    if found is None:
        close = closest_province_names(text, raw_dir=raw_dir)
        hint = f"; closest matches: {', '.join(close)}" if close else ""
        raise ParameterError(f"{expected}; got {value!r}{hint}")
    return recs[found]


#: Values of the ``province`` notebook parameter that mean the whole country.
ALL_PROVINCES = ("all", "semua", "nasional", "national", "indonesia", "00")


def normalise_province_parameter(value: object, *, raw_dir: Path | None = None) -> str:
    """The ``province`` notebook parameter as ``"all"`` or a two-digit BPS code (what notebooks receive).

    ``"all"`` (also ``"semua"``, ``"nasional"``, ``"Indonesia"``, ``"00"``, any case) → ``"all"``; anything
    :func:`province_record` resolves → its BPS code (``"DKI Jakarta"`` → ``"31"``, ``"NAD"`` → ``"11"``,
    ``"Papua Pegunungan"`` → ``"97"``, ``"kemendagri:91"`` → ``"94"``). Raises
    :class:`~kesos_analysis.errors.ParameterError` with the closest matches otherwise.
    """
    if isinstance(value, str) and value.strip().casefold() in ALL_PROVINCES:
        return "all"
    rec = province_record(value, raw_dir=raw_dir)
    return "all" if rec.is_national else rec.bps_code


def province_display_name(code: str, raw_dir: Path | None = None) -> str:
    """THE display name of a province in every report (:attr:`Province.name`); ``"Indonesia"`` for ``"00"``."""
    return province_record(code, system="bps", raw_dir=raw_dir).name
