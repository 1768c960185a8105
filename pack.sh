#!/usr/bin/env bash
# Packs MicroWeb, MicroWeb.Testing and MicroWeb.Templates into artifacts/packages and registers that folder as the
# NuGet source "microweb-local" in your user-level NuGet.Config, so that `dotnet new install MicroWeb.Templates` and
# `dotnet add package MicroWeb` work in any folder before the packages are on nuget.org. Safe to run again.
#   MICROWEB_PACKAGES=<folder>  packs into another folder (the packaging tests use a temporary one).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
feed="${MICROWEB_PACKAGES:-$root/artifacts/packages}"
source_name=microweb-local
mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"

# The three packages only: tests, samples, benchmarks and fuzz targets are not packed.
for project in src/MicroWeb src/MicroWeb.Testing templates/MicroWeb.Templates; do
  dotnet pack "$root/$project" -c Release -o "$feed" -v quiet -nologo
done
echo "packed MicroWeb, MicroWeb.Testing and MicroWeb.Templates $version into $feed"

# NuGet never downloads a version it has cached again, so a repacked $version would be ignored without this.
cache="$(dotnet nuget locals global-packages --list)"
cache="${cache#global-packages: }"
for id in microweb microweb.testing microweb.templates; do
  if [ -d "$cache/$id/$version" ]; then
    rm -rf "${cache:?}/$id/$version"
    echo "removed $id $version from the NuGet cache $cache, so the new one is used"
  fi
done

# Without --configfile, `dotnet nuget add source` writes to the nearest nuget.config, which inside this repository is
# the repository's own; the user-level file is the one every folder on this machine reads.
user_config="$HOME/.nuget/NuGet/NuGet.Config"
if [ ! -f "$user_config" ]; then
  mkdir -p "$(dirname "$user_config")"
  cat > "$user_config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
XML
  echo "created $user_config"
fi
registered="$(dotnet nuget list source --configfile "$user_config" --format detailed)"
if ! grep -q "^ *[0-9]*\.  *$source_name " <<<"$registered"; then
  dotnet nuget add source "$feed" --name "$source_name" --configfile "$user_config" >/dev/null
  echo "added the NuGet source $source_name ($feed) to $user_config"
elif ! grep -A1 "^ *[0-9]*\.  *$source_name " <<<"$registered" | grep -qxF "      $feed"; then
  dotnet nuget update source "$source_name" --source "$feed" --configfile "$user_config" >/dev/null
  echo "pointed the NuGet source $source_name at $feed in $user_config"
else
  echo "the NuGet source $source_name ($feed) is already in $user_config"
fi
echo "next: dotnet new install MicroWeb.Templates, or dotnet add package MicroWeb in your project"
