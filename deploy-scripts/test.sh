#!/usr/bin/env bash
# Installs what the tests need (Debian packages included) and runs every test project. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy-scripts/common.sh

# libgtk-3-0: OpenCV's native library; mosquitto(+clients): the real broker of the integration tests;
# ffmpeg and chromium: network-stream and browser tests; libgpiod2: the libgpiod v1 edge reader (kernel timestamps);
# python3-jinja2: renders the Home Assistant discovery templates in the tests with the engine Home Assistant uses.
ensure_apt_packages libgtk-3-0 mosquitto mosquitto-clients ffmpeg chromium libgpiod2 python3-jinja2
ensure_dotnet_sdk

# A broker started by the Debian package would hold port 1883; the tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  systemctl stop mosquitto || true
fi

dotnet build EdgeVision.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet format EdgeVision.sln --verify-no-changes --no-restore -v quiet \
  || { echo "test.sh: code style differs from .editorconfig (run: dotnet format EdgeVision.sln)"; exit 1; }

status=0
passed=0; failed=0; skipped=0
for project in tests/*.Tests/*.csproj tests/EdgeVision.IntegrationTests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  log=$(mktemp)
  if ! dotnet test "$project" -c Release --no-build --nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"; then
    status=1
  fi
  line=$(grep -E "(Passed|Failed)!? +- Failed: " "$log" | tail -1 || true)
  if [ -n "$line" ]; then
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line"); p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line"); s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  else
    echo "test.sh: $name produced no test summary"; status=1
  fi
  rm -f "$log"
done

echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
