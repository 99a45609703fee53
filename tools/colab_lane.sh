#!/usr/bin/env bash
# The Colab lane: run the student edition of the notebooks (what the site's
# Colab button opens) under nbval with the versions Google Colab runs
# (requirements-colab.txt: TensorFlow 2.20, Keras 3.13, ipywidgets 7.7.1, no
# myst-nb), in their own virtual environment .venv-colab.
#
#   bash tools/colab_lane.sh [pytest options] [notebooks]  (default: the edition's chapters)
#   NNBOOK_QUICK=0 bash tools/colab_lane.sh       (full mode, as Colab runs by default)
#
# The edition is written first (python -m tools.notebooks edition, into
# $COLAB_EDITION, default _build/notebooks) from results/glued.json and this
# commit; numbers glued since the last `make results` show as "[not recorded
# yet]" (the lane runs the code, it does not read the text). By default the
# lane runs every English chapter and chapter 03 of the Chinese edition.
# Quick mode unless NNBOOK_QUICK says otherwise. Claims the run does
# not bear out fail the lane (NNBOOK_STRICT=1, as in the book's build); with
# NNBOOK_STRICT=0 they only print a student's note. COLAB_PYTHON picks the
# interpreter (default: python3.13, as in Colab; falls back to python3 with a
# warning). The venv is rebuilt when requirements-colab.txt or pyproject.toml
# change.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${COLAB_VENV:-.venv-colab}
STAMP=$VENV/.installed
PY=${COLAB_PYTHON:-}
if [ -z "$PY" ]; then
    # python3.13 on PATH, else a pyenv-installed 3.13 (whose shim may not be active)
    for candidate in python3.13 "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13; do
        if "$candidate" -c "" >/dev/null 2>&1; then PY=$candidate; break; fi
    done
fi
if [ -z "$PY" ]; then
    PY=python3
    echo "[colab-lane] WARNING: python3.13 not found; using $($PY -V 2>&1) (Colab runs 3.13)" >&2
fi

if [ ! -f "$STAMP" ] || [ requirements-colab.txt -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    echo "[colab-lane] creating $VENV with $($PY -V 2>&1)" >&2
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r requirements-colab.txt
    touch "$STAMP"
fi

"$VENV/bin/python" - <<'EOF'
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import ipywidgets, keras, tensorflow as tf
try:
    import myst_nb  # noqa: F401
    myst = "present (Colab has none!)"
except ImportError:
    myst = "absent, as in Colab"
print(f"[colab-lane] Python {sys.version.split()[0]}, TensorFlow {tf.__version__}, "
      f"Keras {keras.__version__}, ipywidgets {ipywidgets.__version__}, myst-nb {myst}")
EOF

EDITION=${COLAB_EDITION:-_build/notebooks}
"$VENV/bin/python" -m tools.notebooks edition --out "$EDITION" --allow-missing
QUICK=${NNBOOK_QUICK:-1}
echo "[colab-lane] the student edition in $EDITION, NNBOOK_QUICK=$QUICK" >&2

# pytest options only (no notebook or folder named): the edition's chapters
named=0
for arg in "$@"; do
    if [ -e "$arg" ] || [[ "$arg" == *.ipynb* ]]; then named=1; fi
done
# (and one chapter of the Chinese edition: its exercises answer in Chinese)
if [ "$named" -eq 0 ]; then
    set -- "$@" "$EDITION/chapters" "$EDITION/zh_CN/chapters/03_sigmoid_or_softmax.ipynb"
fi
NNBOOK_QUICK=$QUICK NNBOOK_STRICT=${NNBOOK_STRICT:-1} PATH="$PWD/$VENV/bin:$PATH" \
    "$VENV/bin/python" -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider "$@"
