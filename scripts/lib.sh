# Shared steps of scripts/serve-demo and scripts/test. Source this file from
# the project folder with `set -euo pipefail` on instead of running it.

# The pinned requirements are installed and tested on Python 3.11.
MINIMUM_PYTHON="3.11"

# Create .venv with python3 (or $PYTHON) unless it exists, then install
# requirements.txt into it. The install is skipped when requirements.txt has
# not changed since the last successful install into this .venv.
venv_prepare() {
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        if [ -e .venv ]; then
            echo "error: .venv exists, but .venv/bin/python is missing or cannot be run. Remove .venv and run this script again." >&2
            exit 1
        fi
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "error: $python was not found. Install Python $MINIMUM_PYTHON or newer, or set PYTHON to its path." >&2
            exit 1
        fi
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "error: $python is Python $("$python" -c 'import platform; print(platform.python_version())'), but SiNovik needs Python $MINIMUM_PYTHON or newer. Set PYTHON to a newer interpreter." >&2
            exit 1
        fi
        echo "Creating the virtual environment .venv with $python"
        if ! "$python" -m venv .venv; then
            rm -rf .venv
            echo "error: '$python -m venv .venv' failed. On Debian or Ubuntu install the package python3-venv and run this script again." >&2
            exit 1
        fi
    fi
    if ! cmp -s requirements.txt .venv/requirements.installed; then
        echo "Installing requirements.txt into .venv"
        .venv/bin/python -m pip install --quiet -r requirements.txt
        cp requirements.txt .venv/requirements.installed
    fi
}
