#!/usr/bin/env bash
# The browser tests check every page with axe-core (WCAG 2.1 AA; tests/browser/axe.py).
# `make test` runs this first: it fetches the pinned axe-core package with npm once, checks its
# integrity against the pin below, and keeps axe.min.js and its licence in var/axe/.
# Nothing is downloaded while the tests or the assistant run.
set -euo pipefail
VERSION=4.14.1
INTEGRITY=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
DEST=var/axe
[ -f "$DEST/axe-$VERSION.min.js" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "make test: npm ontbreekt voor de toegankelijkheidscheck (axe-core); installeer Node.js en npm (Debian/Ubuntu: sudo apt-get install npm)." >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "axe-core $VERSION ophalen voor de browsertests..."
npm pack --silent --pack-destination "$tmp" "axe-core@$VERSION" >/dev/null
tarball="$tmp/axe-core-$VERSION.tgz"
actual=$(node -e 'const f = require("fs"), c = require("crypto");
  process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"));' "$tarball")
if [ "$actual" != "$INTEGRITY" ]; then
  echo "make test: axe-core $VERSION heeft niet de verwachte inhoud ($actual)." >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$DEST"
cp "$tmp/package/LICENSE" "$DEST/LICENSE"
cp "$tmp/package/axe.min.js" "$DEST/axe-$VERSION.min.js"
