"""Report layer: number formats (:mod:`.fmt`), bilingual text (:mod:`.text`), figures and tables
(:mod:`.figures`), recorded values (:mod:`.values`), and notebook execution with Papermill (:mod:`.runner`)."""

# The names below are imported lazily (PEP 562) so that `kesos run` checking an unchanged run does not
# pay for matplotlib/seaborn/scipy: a no-change `make reports` must take seconds.
_LAZY = {"finish": "figures", "set_theme": "figures", "show": "figures", "table": "figures",
         "number": "fmt", "percent": "fmt", "rupiah": "fmt", "Text": "text", "start": "text", "record": "values"}

__all__ = ["Text", "finish", "number", "percent", "record", "rupiah", "set_theme", "show", "start", "table"]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
