import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = {
    # addon: tools modules it must have
    "l10n_br_cobranca_preventiva": {"tools.whatsapp", "tools.business_calendar"},
    "l10n_br_cobranca_preventiva_insight": {
        "tools.insight",
        "tools.insight_stats",
        "tools.insight_forecast",
    },
}


@pytest.mark.parametrize("addon", sorted(ADDONS))
def test_every_tools_module_imports_nothing_from_odoo(addon):
    ADDON = ROOT / addon
    modules = sorted(f"tools.{path.stem}" for path in (ADDON / "tools").glob("*.py"))
    assert ADDONS[addon] <= set(modules)
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "leaks = [m for m in sys.modules if m == 'odoo' or m.startswith('odoo.')]\n"
        "assert not leaks, leaks\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ADDON))
    subprocess.run([sys.executable, "-c", code, *modules], check=True, env=env, cwd=ADDON)
