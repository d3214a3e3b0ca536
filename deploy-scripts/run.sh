#!/usr/bin/env bash
# Starts EdgeVision on the embedded defaults (synthetic camera, simulated GPIO, embedded MQTT broker,
# web page on http://127.0.0.1:8080). Installs what is missing first; quick and idempotent the second time.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy-scripts/common.sh

ensure_apt_packages libgtk-3-0 libgpiod2
ensure_dotnet_sdk

dotnet build src/EdgeVision.Service -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet src/EdgeVision.Service/bin/Release/net10.0/edgevision.dll run --config "${EDGEVISION_CONFIG:-config/edgevision.json}" "$@"
