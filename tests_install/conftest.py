"""The install tests share tests_install/odoo_cli.py (pytest runs them with
``--import-mode=importlib``, which puts no test folder on ``sys.path``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
