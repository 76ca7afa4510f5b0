#!/usr/bin/env bash
# Set up the project's environment on a fresh machine: system libraries that
# WeasyPrint needs, a virtual environment from the pinned lock file, perflib
# itself (editable) and the "perflib" Jupyter kernel. Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"

# --- system packages (Debian) ------------------------------------------------
# WeasyPrint needs Pango; fonts must exist for text to render; poppler-utils
# gives pdfinfo/pdftoppm for looking at the PDF.
SYSTEM_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 poppler-utils"
missing=""
for pkg in $SYSTEM_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
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

# --- virtual environment from the lock file -----------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# (Some machines' pip.conf names local wheel folders that may not exist; that
# notice is noise, so it is filtered out. Real errors still show and fail.)
quiet_pip() { "$VENV/bin/python" -m pip "$@" 2> >(grep -v "WARNING: Location" >&2); }
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
echo "setup: environment ready ($VENV, kernel 'perflib')"
