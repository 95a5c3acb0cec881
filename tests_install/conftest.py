"""The install tests share tests_install/odoo_cli.py (pytest runs them with
``--import-mode=importlib``, which puts no test folder on ``sys.path``)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_cli import copy_database, drop_database, odoo  # noqa: E402

APP = "l10n_br_cobranca_preventiva"


@pytest.fixture(scope="module")
def template():
    """A database with the app installed (the one scripts/test.sh just made, or new)."""
    given = os.environ.get("COBRANCA_TEMPLATE_DB")
    if given:
        yield given
        return
    name = f"cobranca_family_{os.getpid()}"
    copy_database(name, None)
    try:
        odoo(name, "-i", APP, "--without-demo=all", "--stop-after-init")
        yield name
    finally:
        drop_database(name)
