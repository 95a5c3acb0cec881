import os
import subprocess
import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "l10n_br_cobranca_preventiva"


def test_every_tools_module_imports_nothing_from_odoo():
    modules = sorted(f"tools.{path.stem}" for path in (ADDON / "tools").glob("*.py"))
    assert "tools.whatsapp" in modules and "tools.business_calendar" in modules
    assert {"tools.insight", "tools.insight_stats", "tools.insight_forecast"} <= set(modules)
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "leaks = [m for m in sys.modules if m == 'odoo' or m.startswith('odoo.')]\n"
        "assert not leaks, leaks\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ADDON))
    subprocess.run([sys.executable, "-c", code, *modules], check=True, env=env, cwd=ADDON)
