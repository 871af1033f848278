"""Synthetic staff rosters for tests, demos and notebooks: **not data about real people or real units**.

:func:`generate_roster` draws a roster in the schema of the ``staff_roster`` table
(:data:`~kesos_analysis.data.schemas.ROSTER_TABLES`): the columns Kemensos and Dinas Sosial staff
spreadsheets hold (staff id, staff type, education level and field, employment status, BPS province /
kab-kota / kecamatan codes as text, start date, pay per month, caseload). It is seeded and deterministic:
the same ``n`` and ``seed`` give the same frame on every machine (numpy ``default_rng``, PCG64).

How it is marked synthetic
    * every row has ``is_synthetic = "True"`` and a ``staff_id`` beginning ``SYN-``;
    * ``DataFrame.attrs`` carries ``{"synthetic": True, "label": "SYNTHETIC", "seed": …}``;
    * :func:`write_synthetic_roster` puts ``SYNTHETIC`` in the file name;
    * there are no NIKs, names or addresses at all (``person_key`` is a random token, not derived from any
      identity number).

Distributions are illustrative, chosen to resemble the structure described in ``data/raw/kesos`` (one TKSK
per kecamatan, PKH pendamping on about Rp3,000,000 a month and a few hundred KPM each, TKSK *tali asih*
Rp300,000–1,000,000 a month; ``data/raw/kesos/compensation.csv``); they are not estimates and must never be
reported as findings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..io import atomic_path

#: Label used in file names and ``attrs`` of synthetic data.
SYNTHETIC_LABEL = "SYNTHETIC"

# staff type: (share of roster, {employment status: prob}, (pay low, pay high) Rp/month, (caseload low, high),
# caseload meaning)
_TYPES: dict[str, tuple[float, dict[str, float], tuple[int, int], tuple[int, int]]] = {
    "TKSK": (0.30, {"Relawan": 1.0}, (300_000, 1_000_000), (1, 1)),                    # one kecamatan each
    "Pendamping PKH": (0.35, {"Kontrak": 0.7, "PPPK": 0.3}, (2_700_000, 3_400_000), (150, 300)),  # KPM families
    "Sakti Peksos": (0.08, {"Kontrak": 1.0}, (2_500_000, 3_000_000), (10, 40)),        # children / cases
    "Pekerja Sosial ASN": (0.07, {"PNS": 0.6, "PPPK": 0.4}, (3_000_000, 6_000_000), (20, 60)),
    "Penyuluh Sosial": (0.05, {"PNS": 0.5, "PPPK": 0.5}, (3_000_000, 5_500_000), (0, 0)),
    "Tagana": (0.10, {"Relawan": 1.0}, (0, 500_000), (0, 0)),
    "PSM": (0.05, {"Relawan": 1.0}, (0, 0), (0, 0)),
}
_EDUCATION = {
    "TKSK": {"SMA": 0.55, "D3": 0.1, "S1": 0.35},
    "Pendamping PKH": {"D3": 0.15, "D4": 0.1, "S1": 0.7, "S2": 0.05},
    "Sakti Peksos": {"D4": 0.3, "S1": 0.7},
    "Pekerja Sosial ASN": {"D4": 0.3, "S1": 0.55, "S2": 0.15},
    "Penyuluh Sosial": {"S1": 0.8, "S2": 0.2},
    "Tagana": {"SMP": 0.1, "SMA": 0.7, "D3": 0.1, "S1": 0.1},
    "PSM": {"SD": 0.1, "SMP": 0.2, "SMA": 0.6, "S1": 0.1},
}
_FIELDS = {"Pekerjaan Sosial / Kesejahteraan Sosial": 0.25, "Psikologi": 0.08, "Ekonomi": 0.15, "Hukum": 0.07,
           "Pendidikan": 0.15, "Kesehatan Masyarakat": 0.05, "Lainnya": 0.25}
_PROFESSIONAL_TYPES = {"Sakti Peksos", "Pekerja Sosial ASN"}  # social-work graduates by definition


def _pick(rng: np.random.Generator, probs: dict[str, float], size: int | None = None):
    keys = list(probs)
    p = np.array([probs[k] for k in keys], dtype=float)
    return rng.choice(keys, p=p / p.sum(), size=size)


def generate_roster(n: int = 500, seed: int = 20261130, provinces: list[str] | None = None) -> pd.DataFrame:
    """A synthetic roster of ``n`` staff (deterministic for ``seed``).

    Columns (``staff_roster`` schema): ``staff_id`` (``SYN-000001`` …), ``staff_type``,
    ``education_level``, ``education_field``, ``employment_status``, ``bps_code`` (2-digit text),
    ``kabkota_code`` (4-digit text: province code + 01–n kabupaten or 71–n kota, from the reference counts),
    ``kecamatan_code`` (7-digit text: kab/kota code + ``010``, ``020`` …), ``start_date`` (YYYY-MM-DD,
    2009–2026), ``pay_rupiah_per_month`` (Rupiah per month, rounded to Rp50,000), ``caseload`` (cases or
    KPM families assigned; 1 kecamatan for TKSK), ``person_key`` (random token), ``is_synthetic``
    (``"True"``). ``provinces`` restricts to these BPS codes (default: all 38).
    """
    from .regions import province_reference

    rng = np.random.default_rng(seed)
    ref = province_reference()
    if provinces is not None:
        ref = ref[ref["bps_code"].isin(provinces)]
    ref = ref.sort_values("bps_code").reset_index(drop=True)
    shares = {t: v[0] for t, v in _TYPES.items()}
    types = _pick(rng, shares, n)
    prov_idx = rng.integers(0, len(ref), size=n)
    rows = []
    for i in range(n):
        t = str(types[i])
        _, status_p, (pay_lo, pay_hi), (cl_lo, cl_hi) = _TYPES[t]
        p = ref.iloc[int(prov_idx[i])]
        n_kab, n_kota = int(p["n_kabupaten"]), int(p["n_kota"])
        k = int(rng.integers(0, n_kab + n_kota))
        kab_suffix = k + 1 if k < n_kab else 71 + (k - n_kab)
        kab = f"{p['bps_code']}{kab_suffix:02d}"
        kec = f"{kab}{int(rng.integers(1, 30)) * 10:03d}"
        level = str(_pick(rng, _EDUCATION[t]))
        field = "Pekerjaan Sosial / Kesejahteraan Sosial" if t in _PROFESSIONAL_TYPES else (
            None if level in ("SD", "SMP", "SMA") else str(_pick(rng, _FIELDS)))
        start = pd.Timestamp("2009-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 17)))
        pay = int(round(rng.uniform(pay_lo, pay_hi) / 50_000) * 50_000) if pay_hi > 0 else 0
        rows.append({
            "staff_id": f"SYN-{i + 1:06d}",
            "staff_type": t,
            "education_level": level,
            "education_field": field,
            "employment_status": str(_pick(rng, status_p)),
            "bps_code": p["bps_code"],
            "kabkota_code": kab,
            "kecamatan_code": kec,
            "start_date": start.date().isoformat(),
            "pay_rupiah_per_month": pay,
            "caseload": int(rng.integers(cl_lo, cl_hi + 1)),
            "person_key": "syn" + "".join(rng.choice(list("0123456789abcdef"), size=29)),
            "is_synthetic": "True",
        })
    df = pd.DataFrame(rows)
    df["pay_rupiah_per_month"] = df["pay_rupiah_per_month"].astype("Int64")
    df["caseload"] = df["caseload"].astype("Int64")
    df.attrs.update({"synthetic": True, "label": SYNTHETIC_LABEL, "seed": seed,
                     "description": "SYNTHETIC staff roster generated by kesos_analysis.data.synthetic; not real people"})
    return df


def is_synthetic(df: pd.DataFrame) -> bool:
    """True if ``df`` is (or contains) synthetic rows: ``attrs['synthetic']`` or an ``is_synthetic`` column."""
    if df.attrs.get("synthetic"):
        return True
    return "is_synthetic" in df.columns and df["is_synthetic"].astype(str).eq("True").any()


def synthetic_banner(lang: str = "id") -> str:
    """Warning line for any report that uses synthetic data (Bahasa Indonesia or English)."""
    if lang == "en":
        return "SYNTHETIC DATA: this roster is generated for illustration and describes no real person or unit."
    return "DATA SINTETIS: roster ini dibuat untuk ilustrasi dan tidak menggambarkan orang atau unit yang nyata."


def write_synthetic_roster(out_dir: str | Path, n: int = 500, seed: int = 20261130) -> Path:
    """Write :func:`generate_roster` to ``out_dir/staff_roster_SYNTHETIC_seed<seed>_n<n>.csv`` (atomic)."""
    out_dir = Path(out_dir)
    target = out_dir / f"staff_roster_{SYNTHETIC_LABEL}_seed{seed}_n{n}.csv"
    df = generate_roster(n, seed)
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n")
    return target
