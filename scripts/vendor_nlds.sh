#!/usr/bin/env bash
# Refreshes the NL Design System component CSS the portal pages use (`make nlds-vendor`).
# The built file is kept in the repository (bot/portal/static/vendor/), so neither
# `make install` nor the running portal needs npm or the network: this script is only run by
# a person who updates the pinned version below, and the diff shows what changed.
# It fetches the pinned package with npm, checks it against the pinned integrity, and
# copies dist/index.css, the licence and a note of version and integrity.
set -euo pipefail
PACKAGE=@utrecht/component-library-css
VERSION=9.0.4
INTEGRITY=sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA==
DEST=bot/portal/static/vendor/utrecht-component-library-css
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "nlds-vendor: npm ontbreekt; installeer Node.js en npm (Debian/Ubuntu: sudo apt-get install npm)." >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack --silent --pack-destination "$tmp" "$PACKAGE@$VERSION" >/dev/null
tarball=$(ls "$tmp"/*.tgz)
actual=$(node -e 'const f = require("fs"), c = require("crypto");
  process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"));' "$tarball")
if [ "$actual" != "$INTEGRITY" ]; then
  echo "nlds-vendor: $PACKAGE $VERSION heeft niet de verwachte inhoud ($actual)." >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/dist/index.css package/LICENSE.md package/package.json
licence=$(node -e 'process.stdout.write(require(process.argv[1]).license)' "$tmp/package/package.json")
mkdir -p "$DEST"
cp "$tmp/package/dist/index.css" "$DEST/index.css"
cp "$tmp/package/LICENSE.md" "$DEST/LICENSE.md"
printf '%s@%s\nlicense: %s\nintegrity: %s\nfiles: dist/index.css (as index.css), LICENSE.md\nrefresh: make nlds-vendor (scripts/vendor_nlds.sh)\n' \
  "$PACKAGE" "$VERSION" "$licence" "$INTEGRITY" > "$DEST/VERSION"
echo "$PACKAGE $VERSION -> $DEST"
