"""Plain-Python tests import the addon's ``tools`` package (which imports nothing from
Odoo) as ``cobranca_tools``, without importing the addon itself (which needs Odoo)."""

import importlib.util
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent / "l10n_br_cobranca_preventiva" / "tools"


def _load_tools():
    if "cobranca_tools" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "cobranca_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["cobranca_tools"] = module
    spec.loader.exec_module(module)


_load_tools()
