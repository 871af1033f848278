"""Report layer: number formats (:mod:`.fmt`), bilingual text (:mod:`.text`), figures and tables
(:mod:`.figures`), and notebook execution with Papermill (:mod:`.runner`)."""

from .figures import finish, set_theme, show, table
from .fmt import number, percent, rupiah
from .text import Text, start
from .values import record

__all__ = ["Text", "finish", "number", "percent", "rupiah", "set_theme", "record", "show", "start", "table"]
