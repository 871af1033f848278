"""Effects of professional staff on programme outcomes, estimated from unit × period panels (validated methods).

Layers (a module imports only from those above it in this list)::

    results      Estimate, EventStudy (plain dataclasses) and estimates_frame
    panel        panel schema, check_panel / read_panel, build_panel (roster + outcome files → panel)
    estimators   TWFE (pyfixest; statsmodels), Callaway–Sant'Anna, did2s / imputation, event study, dose
    sensitivity  Cinelli–Hazlett robustness value
    design       MDE by simulation for a phased roll-out, calibrated on the real province P0 panel
    public       what the bundled public data can support
    validation   planted-vs-estimated comparison on the SYNTHETIC panel

pyfixest is imported lazily (inside the estimators) so importing this package stays fast.
"""

from .estimators import (
    ESTIMATORS,
    MIN_CLUSTERS,
    CSResult,
    EffectsError,
    callaway_santanna,
    did2s,
    dose_twfe,
    estimate_all,
    event_study,
    imputation_att,
    twfe,
    twfe_statsmodels,
)
from .panel import PanelColumns, PanelWarning, build_panel, check_panel, read_panel, roster_intensity
from .results import Estimate, EventStudy, estimates_frame
from .sensitivity import RobustnessValue, estimate_robustness, robustness_value

__all__ = [
    "ESTIMATORS", "MIN_CLUSTERS", "CSResult", "EffectsError", "Estimate", "EventStudy", "PanelColumns",
    "PanelWarning", "RobustnessValue", "build_panel", "callaway_santanna", "check_panel", "did2s", "dose_twfe",
    "estimate_all", "estimate_robustness", "estimates_frame", "event_study", "imputation_att", "read_panel",
    "robustness_value", "roster_intensity", "twfe", "twfe_statsmodels",
]
