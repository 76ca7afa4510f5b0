#!/usr/bin/env bash
# Set up the project's environment on a fresh machine: system libraries that
# WeasyPrint needs, Debian's Chromium and a local axe-core for the accessibility
# tests, a virtual environment from the pinned lock file, perflib itself
# (editable) and the "perflib" Jupyter kernel. Safe to rerun: each step only
# does something when what it installs is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"

# --- system packages (Debian) ------------------------------------------------
# WeasyPrint needs Pango; fonts must exist for text to render; poppler-utils
# gives pdfinfo/pdftoppm for looking at the PDF. The accessibility tests open
# the report in Debian's Chromium (/usr/bin/chromium, driven by Playwright; no
# browser is ever downloaded) and need npm to install axe-core (below).
SYSTEM_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 poppler-utils chromium"
missing=""
for pkg in $SYSTEM_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
# Any working npm will do (e.g. one that came with a Node.js build); Debian's
# npm package is installed only when there is none.
if ! command -v npm >/dev/null; then
    missing="$missing npm"
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "setup: installing system packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "setup: please install these Debian packages first:$missing" >&2
        exit 1
    fi
fi

# --- axe-core for the accessibility tests --------------------------------------
# Installed from the committed tests/js/package-lock.json (exact version and
# sha512 integrity) into tests/js/node_modules, only when it is missing or is
# not the locked version. The tests inject this copy; nothing is fetched then.
AXE_DIR="tests/js"
locked_axe() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"]["node_modules/axe-core"]["version"])' "$1"; }
installed_axe() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$1" 2>/dev/null || true; }
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] \
   || [ "$(installed_axe "$AXE_DIR/node_modules/axe-core/package.json")" != "$(locked_axe "$AXE_DIR/package-lock.json")" ]; then
    echo "setup: installing axe-core $(locked_axe "$AXE_DIR/package-lock.json") into $AXE_DIR/node_modules (npm ci)"
    (cd "$AXE_DIR" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi

# --- virtual environment from the lock file -----------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# (Some machines' pip.conf names local wheel folders that may not exist; that
# notice is noise, so it is filtered out. Real errors still show and fail.)
quiet_pip() { "$VENV/bin/python" -m pip "$@" 2> >(grep -v "WARNING: Location" >&2); }
# pip first: the venv's own pip can fail on the lock (see scripts/pip.lock).
quiet_pip install --quiet --disable-pip-version-check --require-hashes -r scripts/pip.lock
quiet_pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
quiet_pip install --quiet --disable-pip-version-check --no-deps -e .

# --- Jupyter kernel, inside the venv so nothing leaks into the user's home ----
"$VENV/bin/python" -m ipykernel install --sys-prefix --name perflib --display-name "Python (perflib)" >/dev/null
# The kernel's own start-up chatter (a TCP notice) is for developers, not analysts.
"$VENV/bin/python" - <<'PY'
import json, sys
from pathlib import Path
spec = Path(sys.prefix) / "share/jupyter/kernels/perflib/kernel.json"
data = json.loads(spec.read_text())
if "--IPKernelApp.log_level=ERROR" not in data["argv"]:
    data["argv"].append("--IPKernelApp.log_level=ERROR")
spec.write_text(json.dumps(data, indent=1) + "\n")
PY
# --- Jupyter's save hook, for every Jupyter server of this venv ------------------
# (JupyterLab from make lab, or a plain .venv/bin/jupyter server): saving the
# committed notebooks never writes outputs, execution counts or the quarter
# typed into the parameters cell (perflib/workflow/lab.py; README, step 3).
# (Jupyter reads settings from etc/jupyter/jupyter_server_config.json; the
# jupyter_server_config.d/ folder only enables extensions.) Merged into any
# settings already there.
"$VENV/bin/python" - <<'PY'
import json, sys
from pathlib import Path
ours = json.loads(Path("scripts/jupyter/jupyter_server_config.json").read_text())
target = Path(sys.prefix) / "etc/jupyter/jupyter_server_config.json"
data = json.loads(target.read_text()) if target.is_file() else {}
for section, values in ours.items():
    data.setdefault(section, {}).update(values)
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(json.dumps(data, indent=2) + "\n")
PY
echo "setup: environment ready ($VENV, kernel 'perflib')"
