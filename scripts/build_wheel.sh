#!/usr/bin/env bash
# Builds the wheels of the family's addons (odoo-addon-<addon>), the OCA way: each
# addon's pyproject.toml names whool as its build backend, which makes the wheel from
# __manifest__.py (name, version 18.0.x.y.z plus the number of commits since the version
# was last set, dependencies odoo==18.0.*, the addons it depends on and the manifest's
# Python packages) and the files git tracks in the addon (git add new files first).
#   scripts/build_wheel.sh                every addon of the family, into dist/
#   scripts/build_wheel.sh DIR            into DIR
#   scripts/build_wheel.sh DIR ADDON...   only these addons
# Prints the path of each wheel. pip builds them in an isolated environment, with whool
# from the package index; PYTHON names the Python whose pip is used (default python3).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

OUT="${1:-$ROOT/dist}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT

ADDONS=("${@:2}")
[ ${#ADDONS[@]} -gt 0 ] || ADDONS=("$ADDON" "${SATELLITES[@]}" "$GLUE")
for addon in "${ADDONS[@]}"; do
    "$PY" -m pip wheel --quiet --no-deps --wheel-dir "$BUILD" "./$addon" >&2
    wheels=("$BUILD"/odoo_addon_"$addon"-*.whl)
    if [ ! -f "${wheels[0]}" ]; then
        log "pip built no wheel of $addon"
        exit 1
    fi
    mv -f "${wheels[0]}" "$OUT/"
    log "built $OUT/$(basename "${wheels[0]}")"
    echo "$OUT/$(basename "${wheels[0]}")"
done
