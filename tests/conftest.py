"""Plain-Python tests import each addon's ``tools`` package (which imports nothing from
Odoo) without importing the addon itself (which needs Odoo): the app's as
``cobranca_tools``, the insight addon's as ``cobranca_insight_tools``."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {
    "cobranca_tools": ROOT / "l10n_br_cobranca_preventiva" / "tools",
    "cobranca_insight_tools": ROOT / "l10n_br_cobranca_preventiva_insight" / "tools",
}


def _load_tools(name, path):
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


for _name, _path in TOOLS.items():
    _load_tools(_name, _path)
