#!/usr/bin/env bash
# Build the Agent Runtime sandbox image without any container registry:
# the Debian base is made locally with debootstrap + `docker import`.
#
# Usage: sandbox/build-image.sh [--force]
# Env:   SANDBOX_IMAGE  (default agent-runtime/sandbox:latest)
#        BASE_IMAGE     (use this base image as is; skips debootstrap)
#        DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR  (default: this host's apt sources for bookworm)
#        NPM_REGISTRY   (default: this host's `npm config get registry`)
# Package sources always come from the host's own configuration (or these variables), never from hosts written here.
set -euo pipefail

SANDBOX_IMAGE="${SANDBOX_IMAGE:-agent-runtime/sandbox:latest}"
DEFAULT_BASE="agent-runtime/debian-base:bookworm"
LABEL_KEY="dev.agentruntime.recipe"
SANDBOX_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

FORCE=0
case "${1:-}" in
  --force) FORCE=1 ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

die() { echo "error: $*" >&2; exit 1; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

SECONDS=0

# The apt URI this host uses for $1 (a suite: bookworm, bookworm-security), from deb822 .sources files or
# one-line sources.list entries; empty when there is none.
host_apt_uri() {
  local suite="$1" f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk -v suite="$suite" '
      function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "") { print uri; found = 1; exit } }
      /^[ \t]*$/ { flush(); types = ""; uris = ""; suites = ""; uri = ""; next }
      /^Types:/ { types = $0; sub(/^Types:[ \t]*/, "", types) }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { suites = $0; sub(/^Suites:[ \t]*/, "", suites) }
      END { if (!found) flush() }' "$f"
  done | head -n1 | grep . && return 0
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk -v suite="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) { print $i; exit } }' "$f"
  done | head -n1
}

# Docker daemon must be reachable.
command -v docker >/dev/null || die "docker CLI not found (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "cannot reach the Docker daemon.
  Start it with:  sudo systemctl start docker
  or (no systemd): sudo dockerd >/var/log/dockerd.log 2>&1 &"

# Build context: sandbox/ plus the CA certificates this host added locally (/usr/local/share/ca-certificates:
# corporate or egress proxies that re-sign TLS). The image trusts what the host trusts, so curl and npm work in
# the build and agents' HTTPS works through such proxies later.
LOCAL_CA_DIR="${LOCAL_CA_DIR:-/usr/local/share/ca-certificates}"
context="$(mktemp -d /tmp/agent-runtime-build.XXXXXX)"
cleanup_context() { rm -rf "$context"; }
trap cleanup_context EXIT
cp -a "$SANDBOX_DIR"/. "$context"/
mkdir -p "$context/local-ca"
find "$LOCAL_CA_DIR" -maxdepth 2 -name '*.crt' -type f -exec cp {} "$context/local-ca/" \; 2>/dev/null || true

# Recipe hash: sha256 over every file in the context (relative names + contents), CA certificates included.
RECIPE_HASH="$(cd "$context" && find . -type f -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"

if [[ $FORCE -eq 0 ]] && image_exists "$SANDBOX_IMAGE"; then
  current="$(docker image inspect -f "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$SANDBOX_IMAGE")"
  if [[ "$current" == "$RECIPE_HASH" ]]; then
    echo "sandbox image up to date: $SANDBOX_IMAGE"
    exit 0
  fi
fi

# Base image: $BASE_IMAGE as is, else reuse the local one, else debootstrap it.
if [[ -n "${BASE_IMAGE:-}" ]]; then
  BASE="$BASE_IMAGE"
elif image_exists "$DEFAULT_BASE"; then
  BASE="$DEFAULT_BASE"
else
  BASE="$DEFAULT_BASE"
  DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(host_apt_uri bookworm)}"
  DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-$(host_apt_uri bookworm-security)}"
  [[ -n "$DEBIAN_MIRROR" ]] || die "no apt source for bookworm on this host (/etc/apt/sources.list*); set DEBIAN_MIRROR to your Debian mirror"
  command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root (run with sudo)"
  rootfs="$(mktemp -d /tmp/agent-runtime-rootfs.XXXXXX)"
  trap 'rm -rf --one-file-system "$rootfs"; cleanup_context' EXIT
  echo "building base image $BASE with debootstrap from $DEBIAN_MIRROR ..."
  debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR"
  # Sane apt sources so apt-get works in the Dockerfile.
  cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $DEBIAN_MIRROR bookworm main
deb $DEBIAN_MIRROR bookworm-updates main
SOURCES
  if [[ -n "$DEBIAN_SECURITY_MIRROR" ]]; then
    echo "deb $DEBIAN_SECURITY_MIRROR bookworm-security main" >>"$rootfs/etc/apt/sources.list"
  else
    echo "note: no apt source for bookworm-security on this host; the image gets no security suite" >&2
  fi
  # Keep it slim like debian:*-slim: dpkg skips docs (not copyrights), man
  # pages and translations for all later installs; prune the existing ones.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-agent-runtime-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
DPKG
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/groff" \
       "$rootfs/usr/share/lintian" -mindepth 1 -delete 2>/dev/null || true
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias \
       -exec rm -rf {} +
  # Drop downloaded .debs, apt lists, logs; Docker provides /dev.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
         "$rootfs"/var/log/* "$rootfs"/dev/* "$rootfs"/tmp/*
  tar -C "$rootfs" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$BASE"
  rm -rf --one-file-system "$rootfs"
  trap cleanup_context EXIT
fi

NPM_REGISTRY="${NPM_REGISTRY:-$(command -v npm >/dev/null && npm config get registry 2>/dev/null || true)}"
[[ "$NPM_REGISTRY" =~ ^https?:// ]] || die "no npm registry configured on this host (npm config get registry); install npm or set NPM_REGISTRY"

echo "building $SANDBOX_IMAGE from $BASE (recipe $RECIPE_HASH) ..."
old_id="$(docker image inspect -f '{{.Id}}' "$SANDBOX_IMAGE" 2>/dev/null || true)"
docker build --build-arg "BASE=$BASE" --build-arg "RECIPE_HASH=$RECIPE_HASH" --build-arg "NPM_REGISTRY=${NPM_REGISTRY%/}" \
  -t "$SANDBOX_IMAGE" "$context"

# Drop our previous image if the rebuild left it untagged (ignore if in use).
new_id="$(docker image inspect -f '{{.Id}}' "$SANDBOX_IMAGE")"
if [[ -n "$old_id" && "$old_id" != "$new_id" ]] \
   && [[ -z "$(docker image inspect -f '{{join .RepoTags ","}}' "$old_id")" ]]; then
  docker rmi "$old_id" >/dev/null 2>&1 || true
fi

size_mb=$(( $(docker image inspect -f '{{.Size}}' "$SANDBOX_IMAGE") / 1000000 ))
echo "sandbox image built: $SANDBOX_IMAGE size=$size_mb MB in $SECONDS s"
