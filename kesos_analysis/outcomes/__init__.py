"""Outcome projections, cost-effectiveness and value of evidence for the PPPK scenarios (report 05 and 06).

Layers: :mod:`.priors` (priors as data) → :mod:`.adapter` (the one reader of the cost model) and
:mod:`.baseline` (real provincial baseline) → :mod:`.engine` (vectorised Monte Carlo) → :mod:`.cea`
(cost-effectiveness, budget impact, acceptability, EVPI/EVPPI) and :mod:`.sensitivity` (tornado, Sobol) →
:mod:`.summary` (tables and recorded values for the notebooks).
"""
