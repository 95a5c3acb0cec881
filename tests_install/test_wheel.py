"""The addon's wheel (scripts/build_wheel.sh) installed into a fresh virtualenv beside
Odoo: Odoo finds the addon there, without this repository on its addons path."""

import ast
import json
import os
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON = "l10n_br_cobranca_preventiva"
DIST = "odoo-addon-l10n_br_cobranca_preventiva"
MANIFEST = ast.literal_eval((ROOT / ADDON / "__manifest__.py").read_text(encoding="utf-8"))

# Run by the virtualenv's Python, from an empty folder, with an empty Odoo configuration:
# where does Odoo find the addon?
PROBE = """
import importlib.metadata, json, sys
import odoo
from odoo.modules import module
from odoo.tools import config

config.parse_config(["--config", sys.argv[1]])
module.initialize_sys_path()
import odoo.addons.l10n_br_cobranca_preventiva as addon

print(json.dumps({
    "addons_path": config["addons_path"],
    "odoo_addons_path": list(odoo.addons.__path__),
    "odoo_file": odoo.__file__,
    "module_path": module.get_module_path("l10n_br_cobranca_preventiva"),
    "manifest": module.get_manifest("l10n_br_cobranca_preventiva"),
    "listed": "l10n_br_cobranca_preventiva" in module.get_modules(),
    "package_file": addon.__file__,
    "dist_version": importlib.metadata.version("odoo-addon-l10n_br_cobranca_preventiva"),
    "purelib": __import__("sysconfig").get_paths()["purelib"],
}, default=str))
"""


def run(*cmd, **kwargs):
    return subprocess.run(
        [str(c) for c in cmd], check=True, capture_output=True, text=True, **kwargs
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    built = run("bash", ROOT / "scripts" / "build_wheel.sh", out, ADDON, cwd=ROOT).stdout
    return Path(built.strip().splitlines()[-1])


def test_every_addon_of_the_family_builds_and_requires_the_app(tmp_path):
    built = run("bash", ROOT / "scripts" / "build_wheel.sh", tmp_path, cwd=ROOT).stdout
    wheels = [Path(line) for line in built.split()]
    names = {wheel.name.split("-")[0] for wheel in wheels}
    family = {path.parent.name for path in ROOT.glob(f"{ADDON}*/__manifest__.py")}
    assert {f"{ADDON}_sms", f"{ADDON}_insight", f"{ADDON}_queue_job"} < family
    assert names == {f"odoo_addon_{addon}" for addon in family}
    for wheel in wheels:
        if wheel.name.startswith(f"odoo_addon_{ADDON}-"):
            continue
        with zipfile.ZipFile(wheel) as archive:
            [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            meta = HeaderParser().parsestr(archive.read(metadata).decode())
        assert any(r.startswith(DIST) for r in meta.get_all("Requires-Dist")), wheel.name


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel):
    """A new virtualenv of the Python that imports Odoo, seeing its packages (so Odoo
    and its requirements are there), with the wheel and the addon's requirements."""
    path = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--system-site-packages", path)
    python = path / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # The wheel adds an odoo/addons/ folder to the virtualenv. An Odoo installed with
    # `pip install -e` by a recent setuptools is found through an import hook that
    # comes after that folder, which would then hide it: a plain path entry (what
    # setuptools' editable_mode=compat writes) lets Python find the real package.
    # Harmless when Odoo is a regular install: the entry is its site-packages.
    # (The Python running this test is the one of Odoo: scripts/test.sh runs it so.)
    source = run(
        sys.executable, "-c", "import odoo, pathlib; print(pathlib.Path(odoo.__file__).parent)"
    ).stdout.strip()
    source = Path(source).resolve().parent
    Path(purelib.stdout.strip(), "odoo-source.pth").write_text(f"{source}\n", encoding="utf-8")
    # Odoo is not on the package index here: the wheel goes in without its dependencies,
    # the addon's own come from scripts/requirements.txt (already there, or fetched).
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    run(*pip, "--no-deps", wheel)
    run(*pip, "-r", ROOT / "scripts" / "requirements.txt")
    return path


def test_wheel_is_named_versioned_and_depends_as_oca_builds_it(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = HeaderParser().parsestr(archive.read(metadata).decode())
    assert meta["Name"] == DIST
    version = meta["Version"]
    # the manifest's version, plus the number of commits since it was set (whool's .N)
    assert version == MANIFEST["version"] or version.startswith(MANIFEST["version"] + ".")
    assert wheel.name == f"odoo_addon_{ADDON}-{version}-py3-none-any.whl"
    requirements = [
        line.split("#")[0].strip()
        for line in (ROOT / "scripts" / "requirements.txt").read_text().splitlines()
    ]
    assert sorted(meta.get_all("Requires-Dist")) == sorted(
        ["odoo==18.0.*", *filter(None, requirements)]
    )
    assert {r.split(">")[0] for r in filter(None, requirements)} == set(
        MANIFEST["external_dependencies"]["python"]
    )
    # every file the manifest loads, and the tours and translations, are packaged
    packaged = {n.split(f"odoo/addons/{ADDON}/", 1)[1] for n in names if n.startswith("odoo/")}
    for path in MANIFEST["data"] + MANIFEST["demo"]:
        assert path in packaged, path
    assert {"__manifest__.py", "i18n/pt_BR.po", "static/description/icon.png"} <= packaged
    assert "static/src/js/tours/cobranca_tours.js" in packaged
    assert "pyproject.toml" not in packaged


def test_odoo_finds_the_addon_installed_from_the_wheel(venv, tmp_path):
    python = venv / "bin" / "python"
    empty_config = tmp_path / "odoo.conf"
    empty_config.write_text("[options]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ODOO_RC")}
    found = json.loads(
        run(python, "-c", PROBE, empty_config, cwd=tmp_path, env=env).stdout.splitlines()[-1]
    )
    site = Path(found["purelib"]).resolve()
    assert site.is_relative_to(venv.resolve())
    # Odoo's own addons only: the repository is nowhere on the addons path
    assert str(ROOT) not in found["addons_path"]
    assert not [p for p in found["odoo_addons_path"] if Path(p).resolve() == ROOT]
    assert found["odoo_file"].endswith("odoo/__init__.py")
    # the addon is the one the wheel installed into the virtualenv's site-packages
    assert Path(found["module_path"]).resolve() == site / "odoo" / "addons" / ADDON
    assert Path(found["package_file"]).resolve() == site / "odoo" / "addons" / ADDON / "__init__.py"
    assert found["listed"]
    assert found["manifest"]["version"] == MANIFEST["version"]
    assert found["manifest"]["name"] == MANIFEST["name"]
    assert found["dist_version"].startswith(MANIFEST["version"])
