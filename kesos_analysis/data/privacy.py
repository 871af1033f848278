"""Personal data in staff rosters (UU 27/2022 on personal data protection, "PDP"): NIK checks, keyed
pseudonyms, small-cell suppression, and the NIK leak check of report runs.

NIK (Nomor Induk Kependudukan) layout, per Permendagri on the population administration numbering and
Dukcapil practice: 16 digits = ``PPKKCC`` (Kemendagri province, kab/kota, kecamatan codes) + ``DDMMYY``
(date of birth; women add 40 to the day) + ``SSSS`` (serial, from ``0001``). A NIK is always handled as a
16-character **string**; a roster where Excel stored NIK as a number has usually lost digits already
(Excel keeps 15 significant digits, so the 16th becomes ``0``; wide numbers show as ``3.17E+15``). Such
columns are refused with the rows named — never repaired.

NIP (Nomor Induk Pegawai, the civil-servant number; BKN, PP 11/2017 on ASN management and BKN practice):
18 digits = ``YYYYMMDD`` (date of birth) + ``YYYYMM`` (appointment as CPNS, TMT) + ``S`` (sex: 1 man,
2 woman) + ``NNN`` (sequence, from ``001``); printed as ``19800101 200501 1 001``. It contains the birth
date, so it is personal data like NIK: refused in data files, pseudonymised in rosters, withheld from outputs.

Published outputs: **any** number of 16–18 digits standing alone (or in the NIK/NIP groupings) is treated
as a personal identifier and withheld, even when it fails the NIK/NIP plausibility checks (a mistyped NIK
is still somebody's NIK); decimals (``0.1234567890123456``) and digit runs inside hashes are not.

Pseudonyms are ``HMAC-SHA256(key, kind + ":" + normalised value)`` (RFC 2104), hex, truncated to 32
characters (128 bits). The key lives outside the repository: environment variable
``KESOS_PSEUDONYM_KEY`` or the file ``~/.config/kesos-analysis/pseudonym.key`` (path overridable with
``KESOS_PSEUDONYM_KEY_FILE``). There is no default key; without one, pseudonymisation fails with
:class:`PseudonymKeyError` explaining how to create it.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataValidationError, KesosError, Problem

#: Minimum group size for published tables built from microdata: cells with 1–4 persons are suppressed.
#: Threshold 5 is the common statistical-disclosure rule of thumb (e.g. Hundepool et al., *Statistical
#: Disclosure Control*, Wiley 2012, §5.2 "threshold rule"), as required by issue 3.
MIN_CELL_SIZE = 5

#: Default key file (outside the repository).
DEFAULT_KEY_FILE = Path("~/.config/kesos-analysis/pseudonym.key")

#: Roster columns treated as personal data, by kind.
PERSONAL_COLUMNS = {"nik": "person_key", "nip": "nip_key", "name": "name_key", "address": "address_key"}

_PSEUDONYM_HEX = 32


class PseudonymKeyError(KesosError):
    """No pseudonymisation key is configured (or it is unusable)."""


class NikLeakError(KesosError):
    """A report or notebook output contains a personal identifier (NIK, NIP or any 16–18-digit number)."""

    def __init__(self, hits: dict[str, list[str]]):
        self.hits = hits
        lines = [f"{f}: {len(v)} identifier-like number(s) of 16–18 digits (NIK/NIP), e.g. "
                 f"{', '.join(mask_nik(x) for x in v[:3])}" for f, v in hits.items()]
        super().__init__("NIK-like numbers (NIK, NIP or any 16–18-digit identifier) found in outputs (personal "
                         "data must never be published; aggregate or pseudonymise the roster first):\n  " + "\n  ".join(lines))


#: The same error under the name of what it is about (NIK, NIP and other 16–18-digit identifiers).
PersonalIdLeakError = NikLeakError


# ----------------------------------------------------------------------------------------- key

def load_pseudonym_key() -> bytes:
    """The pseudonymisation key: ``KESOS_PSEUDONYM_KEY`` (text, ≥ 32 characters) or the key file.

    Raises :class:`PseudonymKeyError` if none is set, the key is shorter than 32 characters, or the key file
    lies inside the project checkout (a key must never be committed).
    """
    env = os.environ.get("KESOS_PSEUDONYM_KEY")
    if env:
        key = env.strip()
        where = "KESOS_PSEUDONYM_KEY"
    else:
        path = Path(os.environ.get("KESOS_PSEUDONYM_KEY_FILE", str(DEFAULT_KEY_FILE))).expanduser()
        if not path.exists():
            raise PseudonymKeyError(
                "no pseudonymisation key: set KESOS_PSEUDONYM_KEY or create the key file "
                f"{path} (outside the repository), e.g.\n"
                "  mkdir -p ~/.config/kesos-analysis && python -c 'import secrets; print(secrets.token_hex(32))' "
                "> ~/.config/kesos-analysis/pseudonym.key && chmod 600 ~/.config/kesos-analysis/pseudonym.key\n"
                "Keep the key secret and stable: the same key gives the same pseudonyms across releases.")
        root = config.project_root().resolve()
        if path.resolve().is_relative_to(root):
            raise PseudonymKeyError(f"{path}: the pseudonymisation key must live outside the repository ({root})")
        key = path.read_text(encoding="utf-8").strip()
        where = str(path)
    if len(key) < 32:
        raise PseudonymKeyError(f"{where}: key too short ({len(key)} characters; need at least 32, e.g. 64 hex digits)")
    return key.encode("utf-8")


def pseudonymise(value: str, key: bytes, kind: str = "nik") -> str:
    """Keyed pseudonym of one value: first 32 hex digits of HMAC-SHA256(key, ``kind:normalised value``).

    Names and addresses are normalised (case-folded, single spaces) so spelling noise in case/spacing
    does not split one person; NIK is used as given (16 digits). Deterministic for a given key.
    """
    norm = value if kind == "nik" else re.sub(r"\s+", " ", str(value)).strip().casefold()
    mac = hmac.new(key, f"{kind}:{norm}".encode(), hashlib.sha256)
    return mac.hexdigest()[:_PSEUDONYM_HEX]


# ----------------------------------------------------------------------------------------- NIK

_SCI = re.compile(r"^\s*[0-9](?:[.,][0-9]+)?[eE][+]?[0-9]+\s*$")
_FLOATY = re.compile(r"^\s*[0-9]+[.,]0+\s*$")


def mask_nik(nik: str) -> str:
    """``3171…0001``-style mask (first 4 and last 4 digits) for messages; never print a full NIK."""
    s = str(nik)
    if _SCI.match(s) or not re.fullmatch(r"[0-9]{9,}", s.strip()):
        return s if _SCI.match(s) or len(s) <= 8 else s[:4] + "…" + s[-4:]
    return s[:4] + "…" + s[-4:]


def _kemendagri_codes() -> frozenset[str]:
    from .regions import known_codes

    return known_codes("kemendagri", national=False)


def nik_problem(value: object, *, numeric_cell: bool = False, province_codes: Iterable[str] | None = None) -> str | None:
    """What is wrong with one NIK, or ``None`` if it is plausible.

    Checks: stored as text (not a number / scientific notation / ``.0``), exactly 16 digits, first two
    digits a Kemendagri province code, day of birth 01–31 (41–71 for women) valid for the month, month
    01–12, serial not ``0000``.
    """
    codes = frozenset(province_codes) if province_codes is not None else _kemendagri_codes()
    if numeric_cell or isinstance(value, (int, float, np.integer, np.floating)):
        return ("NIK as text: this cell is stored as a number, so Excel has kept only 15 significant digits; "
                "re-export the column formatted as Text from the original source")
    s = str(value).strip()
    if _SCI.match(s):
        return "NIK as 16 digits of text: scientific notation (e.g. 3.17E+15) means Excel destroyed the last digits"
    if _FLOATY.match(s):
        return "NIK as 16 digits of text: a trailing '.0' means the NIK passed through a number format"
    if s.startswith(("'", "’")) and s[1:].strip().isdigit():
        return ("NIK without Excel's text-prefix apostrophe: the cell starts with ' (the marker Excel uses to keep "
                "a number as text was exported literally); remove the leading apostrophe")
    if not s.isdigit():
        return "NIK of 16 digits (0–9 only)"
    if len(s) != 16:
        return f"NIK of exactly 16 digits (found {len(s)})"
    if s[:2] not in codes:
        return f"NIK starting with a Kemendagri province code (found {s[:2]!r})"
    day, month = int(s[6:8]), int(s[8:10])
    if day > 40:
        day -= 40
    if not 1 <= month <= 12:
        return f"NIK with a birth month 01–12 in digits 9–10 (found {s[8:10]!r})"
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return f"NIK with a valid birth day (01–31, or 41–71 for women) in digits 7–8 (found {s[6:8]!r})"
    if s[12:] == "0000":
        return "NIK with a serial number from 0001 (digits 13–16 are 0000: Excel rounding to 15 digits?)"
    return None


def check_nik_column(values: pd.Series, *, file: str, column: str, rows: list[int] | None = None,
                     numeric_cells: set[int] | None = None, cells: dict[int, str] | None = None) -> list[Problem]:
    """Problems of every NIK in ``values`` (one per bad row; values masked), plus a column-level problem
    when every NIK (≥ 5 of them) ends in ``0`` — the signature of Excel's 15-digit rounding.

    ``rows`` are the source spreadsheet rows of ``values``' positions; ``numeric_cells`` the positions of
    cells stored as numbers.
    """
    problems: list[Problem] = []
    numeric_cells = numeric_cells or set()
    codes = _kemendagri_codes()
    ok: list[str] = []
    for pos, v in enumerate(values.tolist()):
        row = rows[pos] if rows else pos + 2
        if v is None or (isinstance(v, float) and np.isnan(v)):
            continue
        why = nik_problem(v, numeric_cell=pos in numeric_cells, province_codes=codes)
        if why:
            problems.append(Problem(file, row, (cells or {}).get(pos, column), mask_nik(str(v)), why))
        else:
            ok.append(str(v).strip())
    if len(ok) >= 5 and all(x.endswith("0") for x in ok):
        problems.append(Problem(file, None, column, f"all {len(ok)} NIKs end in 0",
                                "NIKs with their last digit intact (Excel keeps 15 significant digits; re-export "
                                "the column as Text)"))
    return problems


def find_nik_like(text: str) -> list[str]:
    """NIK-like numbers in ``text`` (found by :func:`identifier_spans`: stand-alone or right after a label
    such as ``NIK``, in the usual groupings, with a ``.0`` float rendering) with a plausible Kemendagri
    province code, birth date and serial (see :func:`nik_problem`). Returns the digit strings.
    """
    return [s.digits for s in identifier_spans(text) if s.kind == "nik"]


def nip_problem(value: object, *, numeric_cell: bool = False, today_year: int | None = None) -> str | None:
    """What is wrong with one NIP, or ``None`` if it is plausible: text of 18 digits, birth date
    ``YYYYMMDD`` valid (year 1940 or later), appointment ``YYYYMM`` with month 01–12 and at least 17 years
    after birth and not in the future, sex digit 1 or 2, sequence not ``000``."""
    from datetime import date

    if numeric_cell or isinstance(value, (int, float, np.integer, np.floating)):
        return ("NIP as text: this cell is stored as a number, so Excel has kept only 15 significant digits "
                "(an 18-digit NIP loses its last 3); re-export the column formatted as Text")
    s = re.sub(r"[ .\-]", "", str(value).strip())
    if _SCI.match(str(value)):
        return "NIP as 18 digits of text: scientific notation (e.g. 1.98E+17) means Excel destroyed the last digits"
    if _FLOATY.match(str(value)):
        return "NIP as 18 digits of text: a trailing '.0' means the NIP passed through a number format"
    if not s.isdigit():
        return "NIP of 18 digits (0–9 only; spaces as in '19800101 200501 1 001' are allowed)"
    if len(s) != 18:
        return f"NIP of exactly 18 digits (found {len(s)})"
    year, month, day = int(s[0:4]), int(s[4:6]), int(s[6:8])
    now = today_year or date.today().year
    if not (1940 <= year <= now and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return f"NIP starting with a valid date of birth YYYYMMDD (found {s[:8]!r})"
    ay, am = int(s[8:12]), int(s[12:14])
    if not (1 <= am <= 12 and year + 17 <= ay <= now):
        return f"NIP with an appointment month YYYYMM at least 17 years after birth in digits 9–14 (found {s[8:14]!r})"
    if s[14] not in "12":
        return f"NIP with a sex digit 1 or 2 in digit 15 (found {s[14]!r})"
    if s[15:] == "000":
        return "NIP with a sequence number from 001 (digits 16–18 are 000: Excel rounding?)"
    return None


#: Labels after which an identifier may follow without a space (``NIK3171…``, ``NIP:1980…``, ``No.3171…``),
#: case-insensitive. Each contains a letter outside a–f, so none can occur inside a hex digest.
_ID_LABELS = ("nik", "nip", "nomor", "nomer", "no", "id", "ktp", "nikp", "nrp", "nuptk")
#: The identifier body: 16–18 digits, or the groupings people type/print with one consistent separator
#: (space, dot, dash, slash): NIK 6-6-4 (PPKKCC DDMMYY SSSS), 4-4-4-4, 2-2-2-6-4, thousands groups
#: (3.171.994.501.900.012), NIP 8-6-1-3 (19800101 200501 1 001). Ordinary amounts (Rp3.203.600,
#: 270.203.917) and years are too short to match.
_ID_BODY = (r"\d{16,18}"
            r"|\d{8}(?P<s1>[ .\-/])\d{6}(?P=s1)\d(?P=s1)\d{3}"
            r"|\d{6}(?P<s2>[ .\-/])\d{6}(?P=s2)\d{4}"
            r"|\d{4}(?P<s3>[ .\-/])\d{4}(?P=s3)\d{4}(?P=s3)\d{4}"
            r"|\d{2}(?P<s4>[ .\-/])\d{2}(?P=s4)\d{2}(?P=s4)\d{6}(?P=s4)\d{4}"
            r"|\d(?P<s5>[.,])\d{3}(?P=s5)\d{3}(?P=s5)\d{3}(?P=s5)\d{3}(?P=s5)\d{3}(?![.,]\d)")
#: One detector for every route (data cells, ``--note``/``--source``, published outputs, logs). Left: no letter
#: or digit before the number (so digit runs inside hex digests and base64 do not count) and not the decimals
#: of a number (``0.1234567890123456``) — unless a label of :data:`_ID_LABELS` (itself not preceded by a letter
#: or digit) comes right before it, with optional ``:``, ``#``, ``=``, ``.`` or spaces. Right: no letter or
#: digit after, no further decimals; a trailing ``.0``/``,0`` (the number went through a float format) is
#: part of the match.
_ID_RE = re.compile(
    r"(?:(?<![0-9A-Za-z])(?i:" + "|".join(sorted(_ID_LABELS, key=len, reverse=True)) + r")[:#=.\s]*(?=\d)"
    r"|(?<![0-9A-Za-z])(?<!\d[.,]))"
    r"(?P<id>(?P<body>" + _ID_BODY + r")(?:[.,]0+)?)(?![0-9A-Za-z])(?![.,]\d)")


_THREE_DIGITS = re.compile(r"\d\d\d")


@dataclass(frozen=True)
class IdentifierSpan:
    """One personal-identifier candidate in a text: ``start``/``end`` of the number (label excluded, a
    trailing ``.0`` included), its ``digits`` and ``kind``: ``"nik"`` (16 digits passing :func:`nik_problem`),
    ``"nip"`` (18 digits passing :func:`nip_problem`) or ``"other"`` (any other 16–18-digit number)."""

    start: int
    end: int
    digits: str
    kind: str


def identifier_spans(text: str) -> list[IdentifierSpan]:
    """Every personal identifier candidate in ``text`` (see :data:`_ID_RE`), in text order."""
    out: list[IdentifierSpan] = []
    if not _THREE_DIGITS.search(text):
        return out  # every identifier body has 3 digits in a row: most text is skipped at C speed
    codes: frozenset[str] | None = None
    for m in _ID_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group("body"))
        if not 16 <= len(digits) <= 18:
            continue
        kind = "other"
        if len(digits) == 16 and codes is None:
            codes = _kemendagri_codes()
        if len(digits) == 16 and nik_problem(digits, province_codes=codes) is None:
            kind = "nik"
        elif len(digits) == 18 and nip_problem(digits) is None:
            kind = "nip"
        out.append(IdentifierSpan(m.start("id"), m.end("id"), digits, kind))
    return out


def find_nip_like(text: str) -> list[str]:
    """Plausible NIPs (:func:`nip_problem`) in ``text``, also printed as ``19800101 200501 1 001`` or right
    after a label (``NIP198001012005011001``)."""
    return [s.digits for s in identifier_spans(text) if s.kind == "nip"]


def find_identifier_like(text: str) -> list[str]:
    """Every personal identifier candidate in ``text`` for published output: NIK-like and NIP-like
    numbers (also in their printed groupings, right after a label such as ``NIK``/``NIP``/``No``/``ID``, or
    rendered as a float ``….0``) and **any** other run of 16–18 digits, plausible or not. Decimals of a
    number and digit runs inside words or hashes are not counted. Returns digits: plausible NIKs first,
    then plausible NIPs, then the others, each in text order, without repeats."""
    spans = identifier_spans(text)
    hits: list[str] = []
    for kind in ("nik", "nip", "other"):
        for s in spans:
            if s.kind == kind and s.digits not in hits:
                hits.append(s.digits)
    return hits


def identifier_problem(text: str) -> tuple[str, str] | None:
    """``(masked value, expected)`` for the first personal identifier in a data cell, or ``None``."""
    spans = identifier_spans(text)
    nik = [s.digits for s in spans if s.kind == "nik"]
    nip = [s.digits for s in spans if s.kind == "nip"]
    if nik:
        return mask_nik(nik[0]), ("no NIK (personal ID number) in a data table: delete it from the cell "
                                  "(NIKs must never reach data/raw)")
    if nip:
        return mask_nik(nip[0]), ("no NIP (civil-servant number; it contains the date of birth) in a data table: "
                                  "delete it from the cell (personal data must never reach data/raw)")
    other = [s.digits for s in spans]
    if other:
        return mask_nik(other[0]), ("no identifier-like number of 16–18 digits in a data table (a NIK or NIP, "
                                    "even mistyped, is personal data): delete it from the cell")
    return None


def redact_identifiers(text: str) -> str:
    """``text`` with every personal identifier of :func:`identifier_spans` replaced: NIK-like numbers
    by ``[NIK disamarkan]``, NIP-like ones by ``[NIP disamarkan]``, other 16–18-digit numbers by
    ``[nomor identitas disamarkan]`` (used by the report runner on logs and error messages)."""
    labels = {"nik": "[NIK disamarkan]", "nip": "[NIP disamarkan]", "other": "[nomor identitas disamarkan]"}
    for s in reversed(identifier_spans(text)):
        text = text[:s.start] + labels[s.kind] + text[s.end:]
    return text


def mask_niks_in(text: str) -> str:
    """``text`` with every personal identifier masked as ``3171…0012`` (for messages that quote a cell,
    e.g. a formula)."""
    for s in reversed(identifier_spans(text)):
        text = text[:s.start] + mask_nik(s.digits) + text[s.end:]
    return text


_DATA_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+")


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        parts.append("".join(src) if isinstance(src, list) else src)
        for out in cell.get("outputs", []):
            if "text" in out:
                t = out["text"]
                parts.append("".join(t) if isinstance(t, list) else t)
            for mime, data in (out.get("data") or {}).items():
                if mime.startswith("image/"):
                    continue
                parts.append("".join(data) if isinstance(data, list) else (data if isinstance(data, str) else json.dumps(data)))
            if "traceback" in out:
                parts.append("\n".join(out["traceback"]))
    return "\n".join(parts)


def scan_file_for_nik(path: str | os.PathLike) -> list[str]:
    """Personal identifiers (:func:`find_identifier_like`: NIK, NIP, any 16–18-digit number) in one output
    file (``.ipynb``: sources and non-image outputs; other text files: everything except base64 ``data:``
    URIs). Binary files are skipped."""
    path = Path(path)
    if path.suffix == ".ipynb":
        try:
            text = _notebook_text(path)
        except (json.JSONDecodeError, UnicodeDecodeError):
            text = path.read_text(encoding="utf-8", errors="replace")
    else:
        data = path.read_bytes()
        if b"\x00" in data[:1024]:
            return []
        text = _DATA_URI.sub(" ", data.decode("utf-8", errors="replace"))
    return find_identifier_like(text)


def assert_no_personal_ids(paths: Iterable[str | os.PathLike]) -> None:
    """Fail if any file (or file under a folder) in ``paths`` contains a personal identifier: a NIK- or
    NIP-like number or any other stand-alone number of 16–18 digits (plausible or not).

    Called by the notebook runner on every executed notebook and HTML. Scans ``.ipynb``, ``.html``,
    ``.md``, ``.txt``, ``.csv``, ``.json``, ``.tex`` and ``.py`` files. Raises :class:`NikLeakError`
    (alias :class:`PersonalIdLeakError`) naming each file and the masked numbers.
    """
    hits: dict[str, list[str]] = {}
    exts = {".ipynb", ".html", ".htm", ".md", ".txt", ".csv", ".json", ".tex", ".py"}
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in exts) if p.is_dir() else [p]
        for f in files:
            if not f.exists():
                continue
            found = scan_file_for_nik(f)
            if found:
                hits[str(f)] = found
    if hits:
        raise NikLeakError(hits)


#: The historical name, kept working (the runner and tests call it).
assert_no_nik = assert_no_personal_ids


# ------------------------------------------------------------------------------------- rosters

def roster_problems(frame: pd.DataFrame, *, file: str, rows: list[int], numeric_cells: set[tuple[int, str]],
                    cells: dict[int, str] | None = None, nip_cells: dict[int, str] | None = None) -> list[Problem]:
    """NIK and NIP problems of a roster frame read by :func:`~kesos_analysis.data.readers.read_table`
    (``cells``/``nip_cells``: frame row → source cell label for messages)."""
    out: list[Problem] = []
    if "nik" in frame.columns:
        num = {i for (i, c) in numeric_cells if c == "nik"}
        out += check_nik_column(frame["nik"].reset_index(drop=True), file=file, column="nik", rows=rows,
                                numeric_cells=num, cells=cells)
    if "nip" in frame.columns:
        num = {i for (i, c) in numeric_cells if c == "nip"}
        nip_cells = nip_cells or {}
        for pos, v in enumerate(frame["nip"].reset_index(drop=True).tolist()):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            why = nip_problem(v, numeric_cell=pos in num)
            if why:
                out.append(Problem(file, rows[pos] if rows else pos + 2, nip_cells.get(pos, "nip"),
                                   mask_nik(str(v)), why))
    return out


def pseudonymise_roster(frame: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """Replace ``nik``, ``name`` and ``address`` by ``person_key``, ``name_key`` and ``address_key``
    (HMAC-SHA256 pseudonyms, see :func:`pseudonymise`). Missing values stay missing. NIKs must have been
    checked first (:func:`check_nik_column`).
    """
    out = frame.copy()
    for col, key_col in PERSONAL_COLUMNS.items():
        if col in out.columns:
            out[key_col] = [None if (v is None or (isinstance(v, float) and np.isnan(v))) else pseudonymise(str(v), key, col)
                            for v in out[col]]
            out = out.drop(columns=col)
    return out


def suppress_small_cells(table: pd.DataFrame, columns: Iterable[str] | None = None, *, threshold: int = MIN_CELL_SIZE,
                         complementary: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress counts of persons below ``threshold`` (1 … threshold-1) in a table built from microdata.

    ``columns``: the count columns (default: all numeric columns). Zero cells are kept (they disclose
    nothing about a person). With ``complementary`` (default), a row or column with exactly one suppressed
    cell also loses its next-smallest non-zero cell, so a suppressed value cannot be recovered from a
    published total. Returns ``(published, suppressed_mask)``: the published table has suppressed cells as
    missing (``<NA>``, shown as "<5" by report formatting), the mask is True where suppressed.
    """
    cols = list(columns) if columns is not None else [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    values = table[cols].astype(float)
    mask = (values > 0) & (values < threshold)
    if complementary and len(cols) > 1:
        changed = True
        while changed:
            changed = False
            for axis in (0, 1):
                n = mask.sum(axis=axis)
                for label in n.index[n == 1]:
                    line_vals = values[label] if axis == 0 else values.loc[label]
                    line_mask = mask[label] if axis == 0 else mask.loc[label]
                    cand = line_vals[(~line_mask) & (line_vals > 0)]
                    if cand.empty:
                        continue
                    pick = cand.idxmin()
                    if axis == 0:
                        mask.loc[pick, label] = True
                    else:
                        mask.loc[label, pick] = True
                    changed = True
    out = table.copy()
    for c in cols:
        out[c] = out[c].astype("Float64").mask(mask[c])
    return out, mask


def validate_nik_or_raise(values: pd.Series, file: str, column: str = "nik") -> None:
    """Raise :class:`DataValidationError` listing every bad NIK in ``values`` (rows as spreadsheet rows)."""
    problems = check_nik_column(values.reset_index(drop=True), file=file, column=column)
    if problems:
        raise DataValidationError(file, problems)
