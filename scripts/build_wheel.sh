#!/usr/bin/env bash
# Builds the addon's wheel, odoo-addon-l10n_br_cobranca_preventiva, the OCA way: the
# addon's pyproject.toml names whool as its build backend, which makes the wheel from
# __manifest__.py (name, version 18.0.x.y.z plus the number of commits since the version
# was last set, dependencies odoo==18.0.* and the manifest's Python packages) and the
# files git tracks in the addon (git add new files first).
#   scripts/build_wheel.sh          into dist/
#   scripts/build_wheel.sh DIR      into DIR
# Prints the path of the wheel. pip builds it in an isolated environment, with whool
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

"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$BUILD" "./$ADDON" >&2
wheels=("$BUILD"/odoo_addon_"$ADDON"-*.whl)
if [ ! -f "${wheels[0]}" ]; then
    log "pip built no wheel of $ADDON"
    exit 1
fi
mv -f "${wheels[0]}" "$OUT/"
log "built $OUT/$(basename "${wheels[0]}")"
echo "$OUT/$(basename "${wheels[0]}")"
