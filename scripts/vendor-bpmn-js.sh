#!/usr/bin/env bash
# Copies the pinned bpmn-js viewer bundle from the npm registry into webapp/static/vendor/bpmn-js/.
# The app serves it itself: intranet deployments have no internet, and the CSP allows only 'self'.
# To move to another version: change VERSION and INTEGRITY (`npm view bpmn-js@<v> dist.integrity`),
# run this script, then the diagram tests (tests/webapp/test_diagram*.py, Chromium included).
set -euo pipefail
VERSION=18.31.1
INTEGRITY="sha512-Hc7LzrgwfcBRUAdI/380Q2v1MJ115atGEVGadawLfDbHdo+r+IkmNj8fuYPFmWglUYt1KYIaC46OeX16HGTKQw=="

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/webapp/static/vendor/bpmn-js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "bpmn-js@$VERSION" >/dev/null)
tarball="$work/bpmn-js-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "bpmn-js $VERSION: the tarball's checksum is not the pinned one" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"

# Only what the navigated viewer uses: its bundle and two style sheets. The bpmn font serves the
# modeler's palette and context pad, which a viewer does not have.
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/bpmn-navigated-viewer.production.min.js" "$target/"
cp "$work/package/dist/assets/diagram-js.css" "$work/package/dist/assets/bpmn-js.css" "$target/"
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$VERSION" >"$target/VERSION"
cat >"$target/README.md" <<EOF
# bpmn-js $VERSION (navigated viewer)

From the npm package \`bpmn-js@$VERSION\` (\`dist/\`), copied by \`scripts/vendor-bpmn-js.sh\`,
which pins the version and checks the tarball's integrity. Do not edit these files: change the
version in the script and run it again. The bundle includes diagram-js, bpmn-moddle and their
dependencies (MIT, bpmn.io / Camunda). LICENSE: the bpmn.io watermark must stay visible.
EOF
echo "bpmn-js $VERSION copied to $target"
