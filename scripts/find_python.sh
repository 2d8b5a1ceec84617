#!/usr/bin/env bash
# Prints the path of a Python 3.10 that really runs, or explains how to get one.
# Rasa Open Source 3.6 supports Python 3.8-3.10 only; we use 3.10.
set -u
works() { "$1" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10 /opt/python3.10/bin/python3.10; do
  candidates+=("$p")
done
for p in "${candidates[@]}"; do
  if works "$p"; then command -v "$p" 2>/dev/null || echo "$p"; exit 0; fi
done
cat >&2 <<'MSG'
Python 3.10 is nodig (Rasa 3.6 werkt alleen met Python 3.8-3.10) maar is niet gevonden.
Python 3.10 is required and was not found. Install one, for example:
  pyenv install 3.10.13            (then run make again)
  apt-get install python3.10 python3.10-venv
or point to it: make run PYTHON=/path/to/python3.10
MSG
exit 1
