"""Result objects of :mod:`kesos_analysis.effects`: plain dataclasses and frames, no formatting.

Every estimate carries what a reader needs to judge it: the number, its standard error and 95 % confidence
interval (in outcome units, e.g. persen points of P0), how many units, periods and clusters it rests on, the
estimator, the specification and the inference used. The report layer formats them; nothing here takes a
language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Estimate:
    """One treatment-effect estimate.

    ``estimate``, ``se``, ``ci_low``, ``ci_high`` are in outcome units (the outcome column's unit);
    ``ci_level`` is the confidence level (0.95); ``inference`` names the variance estimator (``"CRV1"``,
    ``"CRV3"``, ``"influence function (unit clusters)"``, …) and ``df`` the degrees of freedom of the
    critical value (``None`` = normal). ``estimand`` says what is averaged (e.g. "ATT over treated
    unit-periods"). ``notes`` lists warnings raised while estimating (few clusters, dropped rows).
    """

    estimator: str
    specification: str
    outcome: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n_obs: int
    n_units: int
    n_periods: int
    n_clusters: int
    inference: str
    estimand: str = "ATT"
    ci_level: float = 0.95
    df: float | None = None
    p_value: float | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """The fields as a plain dict (``notes`` joined with "; ")."""
        d = asdict(self)
        d["notes"] = "; ".join(self.notes)
        return d

    def covers(self, value: float) -> bool:
        """True if ``value`` lies inside the confidence interval."""
        return bool(self.ci_low <= value <= self.ci_high)


def estimates_frame(estimates: list[Estimate]) -> pd.DataFrame:
    """One row per :class:`Estimate` (columns = its fields), in the order given."""
    return pd.DataFrame([e.as_dict() for e in estimates])


@dataclass(frozen=True)
class EventStudy:
    """Event-study coefficients and a pre-trend test.

    ``table`` has one row per event time ``rel_time`` (periods since first treatment; negative = before)
    with ``estimate``, ``se``, ``ci_low``, ``ci_high`` (outcome units) and ``n_obs`` (unit-periods or units
    behind the coefficient, where the estimator reports it); the reference period has estimate 0 and no SE.
    ``pretrend_stat`` / ``pretrend_df`` / ``pretrend_p`` are the Wald (χ²) test that all pre-treatment
    coefficients are zero (``None`` when there are no pre-periods to test).
    """

    estimator: str
    outcome: str
    table: pd.DataFrame
    reference: int | None
    pretrend_stat: float | None
    pretrend_df: int | None
    pretrend_p: float | None
    n_units: int
    n_periods: int
    n_clusters: int
    inference: str
    notes: tuple[str, ...] = field(default_factory=tuple)
