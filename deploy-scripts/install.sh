#!/usr/bin/env bash
# Installs a published build as a systemd service: binaries in /opt/edgevision, configuration in /etc/edgevision,
# data in /var/lib/edgevision, running as the dedicated user 'edgevision'. Run as root on the device.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy-scripts/common.sh

ensure_apt_packages libgtk-3-0 libgpiod2
ensure_dotnet_sdk
rid=${EDGEVISION_RID:-linux-x64}

dotnet publish src/EdgeVision.Service -c Release -r "$rid" --self-contained false -o /tmp/edgevision-publish --nologo -v quiet

id edgevision >/dev/null 2>&1 || useradd --system --home-dir /var/lib/edgevision --shell /usr/sbin/nologin edgevision
getent group gpio >/dev/null && usermod -aG gpio edgevision
getent group video >/dev/null && usermod -aG video edgevision

install -d -m 0755 /opt/edgevision
cp -a /tmp/edgevision-publish/. /opt/edgevision/
install -d -m 0755 /etc/edgevision /etc/edgevision/recipes
[ -f /etc/edgevision/edgevision.json ] || install -m 0644 config/edgevision.json /etc/edgevision/edgevision.json
for r in config/recipes/*.json; do
  [ -f "/etc/edgevision/recipes/$(basename "$r")" ] || install -m 0644 "$r" /etc/edgevision/recipes/
done
install -d -m 0750 -o edgevision -g edgevision /var/lib/edgevision
install -m 0644 systemd/edgevision.service /etc/systemd/system/edgevision.service
dotnet /opt/edgevision/edgevision.dll validate --config /etc/edgevision/edgevision.json
systemctl daemon-reload
systemctl enable --now edgevision.service
echo "EdgeVision installed; status: systemctl status edgevision; logs: journalctl -u edgevision -f"
