"""pyproject.toml, environment.yml and requirements.lock must pin the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import REPO


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = data["dependencies"] + data["optional-dependencies"]["test"]
    pins = {}
    for r in reqs:
        name, _, version = r.partition("==")
        assert version, f"pyproject.toml: {r!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep and re.split(r"[<>=]", dep)[0] != "python":
            name, _, version = dep.partition("=")
            conda[_norm(name)] = version
        elif isinstance(dep, dict):  # packages taken from PyPI inside the conda env ("pip:" section)
            for item in dep.get("pip", []):
                if "==" in item:
                    name, _, version = item.partition("==")
                    conda[_norm(name)] = version
    assert conda == _pyproject_pins()
    assert "python>=3.11" in env["dependencies"]


def test_lock_file_agrees_with_pyproject():
    lock = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line:
            name, _, version = line.strip().partition("==")
            lock[_norm(name)] = version
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"requirements.lock pins {name}=={lock.get(name)}, pyproject {version}"


def test_python_requirement():
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["requires-python"] == ">=3.11"
