"""kesos-analysis: reproducible policy research on Indonesia's social-welfare workforce (SDM kesos).

Layers (see ARCHITECTURE.md): ``config``/``errors``/``io`` → ``data`` (raw tables, schemas, manifest,
loaders) → analysis modules (``poverty``, ``workforce``, …) → ``report`` (formatting, text, figures,
runner) → ``cli``. Lower layers never import higher ones.
"""

__version__ = "0.1.0"
