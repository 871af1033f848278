"""Project paths and fixed names.

Every path can be redirected with an environment variable so that tests and outside reviewers can run
the suite against a copy of the data without touching the repository:

``KESOS_PROJECT_ROOT``  root of the checkout (default: the folder above this package)
``KESOS_DATA_RAW``      immutable inputs (default: ``<root>/data/raw``)
``KESOS_DATA_PROCESSED`` built tables (default: ``<root>/data/processed``)
``KESOS_REPORTS``       generated reports (default: ``<root>/reports``)
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

#: Name of the Jupyter kernel that ``make`` registers inside ``.venv`` and that notebooks run on.
KERNEL_NAME = "kesos-analysis"

#: Languages reports are produced in: Bahasa Indonesia first, English available.
LANGUAGES = ("id", "en")


def project_root() -> Path:
    """Root of the checkout (folder holding ``pyproject.toml``)."""
    env = os.environ.get("KESOS_PROJECT_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def data_raw() -> Path:
    """Folder of immutable raw inputs with ``datapackage.json``."""
    env = os.environ.get("KESOS_DATA_RAW")
    return Path(env).resolve() if env else project_root() / "data" / "raw"


def data_processed() -> Path:
    """Folder of tables built from raw by ``kesos data build`` (parquet)."""
    env = os.environ.get("KESOS_DATA_PROCESSED")
    return Path(env).resolve() if env else project_root() / "data" / "processed"


def reports_dir() -> Path:
    """Folder of generated reports (executed notebooks, HTML, manifest)."""
    env = os.environ.get("KESOS_REPORTS")
    return Path(env).resolve() if env else project_root() / "reports"


def notebooks_dir() -> Path:
    """Folder of the parameterised source notebooks."""
    return project_root() / "notebooks"


def parameters_dir() -> Path:
    """Folder of versioned YAML parameter files shipped with the package."""
    return PACKAGE_DIR / "parameters"
