#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs 3.10), or explains how to get one.
# pyenv's python3.10 shim fails unless a version is selected, so ask pyenv for the prefix instead.
set -uo pipefail

is_310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10 2>/dev/null | head -n1)
  [ -n "$prefix" ] && candidates+=("$prefix/bin/python")
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)'); do
    candidates+=("$(pyenv root)/versions/$v/bin/python")
  done
fi
for dir in "$HOME/.pyenv/versions"/3.10*; do [ -d "$dir" ] && candidates+=("$dir/bin/python"); done
candidates+=(/usr/local/bin/python3.10 /usr/bin/python3.10)

for python in "${candidates[@]}"; do
  if is_310 "$python"; then echo "$python"; exit 0; fi
done
echo "error: Rasa 3.6 needs Python 3.10 and none was found." >&2
echo "       Install it (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10." >&2
exit 1
