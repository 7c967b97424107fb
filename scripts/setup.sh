#!/usr/bin/env bash
# One-time (idempotent) machine setup for Agent Runtime on Debian 12, fresh or not:
#   Java 17 + Maven, docker.io + debootstrap, a running Docker daemon, the sandbox image, the runtime jar.
# Run as root (or with sudo). Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "[setup] $*"; }
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)   # a fresh Debian 12 has neither Java nor Maven
command -v mvn >/dev/null || missing+=(maven)
command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)             # sandbox.disk: loop-mounted ext4 images
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v git >/dev/null || missing+=(git)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)   # git over SSH with a key (and its tests)
command -v chromium >/dev/null || missing+=(chromium)   # the tests render report.html in headless Chromium
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}"
fi

java_major="$(javac -version 2>&1 | sed -nE 's/^javac ([0-9]+).*/\1/p')"
[[ "${java_major:-0}" -ge 17 ]] || { echo "Java 17 or newer is needed (javac -version: $(javac -version 2>&1))" >&2; exit 1; }

if ! docker info >/dev/null 2>&1; then
  if [[ -d /run/systemd/system ]]; then
    log "starting docker with systemctl"
    as_root systemctl start docker
  else
    log "starting dockerd (no systemd); log in /var/log/dockerd.log"
    as_root bash -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not come up; see /var/log/dockerd.log" >&2; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}}') is running"

as_root sandbox/build-image.sh

log "building the runtime jar"
mvn -B -q -ntp -pl runtime -am package -DskipTests
log "ready: bin/agent-runtime --help"
