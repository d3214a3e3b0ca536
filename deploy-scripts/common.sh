# Shared helpers of the deploy scripts (sourced, not run).

# Installs the named Debian packages that are not installed yet (needs root or sudo).
ensure_apt_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The .NET SDK must be on PATH (Debian: Microsoft's packages-microsoft-prod repository, package dotnet-sdk-10.0).
ensure_dotnet_sdk() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required: install dotnet-sdk-10.0 (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
    exit 1
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
}
