#!/usr/bin/env bash
# Makes sure the base image docker.io/library/debian:trixie-slim exists locally.
#
# 1. With podman, running as root: writes /etc/containers/containers.conf
#    (runc runtime, no default ulimits) if the file does not exist, because
#    crun fails on some hosts.
# 2. If the image is already present: nothing to do.
# 3. Otherwise tries to pull it (short timeout).
# 4. If the pull fails (no registry access), builds an equivalent minimal
#    rootfs with debootstrap, slimmed like the official "-slim" images
#    (no docs/man/locales, apt lists removed), and imports it under the
#    same name.  Needs root and debootstrap.
#
# Environment: FORCE_BASE_REBUILD=1 rebuilds it with debootstrap even if present.
#              DEBIAN_MIRROR (default http://deb.debian.org/debian)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cli=$("$here/container.sh")
image=docker.io/library/debian:trixie-slim
suite=trixie
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { echo "[make-base-image] $*"; }

if [[ $cli == podman && $(id -u) == 0 && ! -e /etc/containers/containers.conf ]]; then
    log "writing /etc/containers/containers.conf (runtime=runc, default_ulimits=[])"
    mkdir -p /etc/containers
    cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
CONF
fi

if [[ ${FORCE_BASE_REBUILD:-0} != 1 ]] && "$cli" image inspect "$image" >/dev/null 2>&1; then
    log "$image is present ($cli)"
    exit 0
fi

if [[ ${FORCE_BASE_REBUILD:-0} != 1 ]]; then
    log "trying: $cli pull $image"
    if timeout 60 "$cli" pull -q "$image" </dev/null >/dev/null 2>&1; then
        log "pulled $image"
        exit 0
    fi
    log "pull failed; building $image locally with debootstrap"
fi

if [[ $(id -u) != 0 ]]; then
    echo "error: building the base image with debootstrap needs root" >&2
    exit 1
fi
command -v debootstrap >/dev/null || { echo "error: debootstrap not installed (apt-get install debootstrap)" >&2; exit 1; }

tmp=$(mktemp -d /var/tmp/trixie-rootfs.XXXXXX)
trap 'rm -rf --one-file-system "$tmp"' EXIT
root=$tmp/rootfs
log "debootstrap --variant=minbase $suite $root $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$tmp/debootstrap.log" 2>&1 || {
    tail -n 30 "$tmp/debootstrap.log" >&2; exit 1; }

log "slimming the rootfs like the official -slim images"
# Same dpkg/apt settings the official debian:*-slim images ship.
cat > "$root/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' > "$root/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
# deb822 sources like the official image (main, updates, security).
rm -f "$root/etc/apt/sources.list"
cat > "$root/etc/apt/sources.list.d/debian.sources" <<CFG
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
# Drop what the excludes would have kept out, plus caches and logs.
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/* "$root"/var/lib/apt/lists/* \
       "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/* "$root"/tmp/* \
       "$root"/var/tmp/* "$root"/root/.bash_history
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
: > "$root/etc/machine-id"
# Fixed hostname/resolv placeholders are provided by the engine at run time.
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"

log "importing into $cli as $image"
tar --numeric-owner --sort=name -C "$root" -c . \
    | "$cli" import --change 'CMD ["bash"]' - "$image" >/dev/null
"$cli" image ls "$image"
