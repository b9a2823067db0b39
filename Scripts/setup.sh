#!/usr/bin/env bash
# Installs what the project needs and is missing (Debian). As root it installs; otherwise
# it prints the exact command to run and fails.
set -euo pipefail

# command-that-must-exist:debian-package
needs=(
  "redis-server:redis-server"
  "redis-cli:redis-tools"
  "redis-benchmark:redis-tools"
  "redis-check-rdb:redis-tools"
  "python3:python3"
  "xmllint:libxml2-utils"
  # The netns network backend: namespaces, veths and a bridge (ip), faults as rules (iptables).
  "ip:iproute2"
  "iptables:iptables"
  "iptables-restore:iptables"
  "ss:iproute2"
)
headers=(
  "/usr/include/pcap/pcap.h:libpcap-dev"
)

missing=()
for entry in "${needs[@]}"; do
  cmd=${entry%%:*}; pkg=${entry##*:}
  # ip, iptables, ss live in /usr/sbin, which is not on every user's PATH.
  command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd || -x /sbin/$cmd ]] || missing+=("$pkg")
done
for entry in "${headers[@]}"; do
  file=${entry%%:*}; pkg=${entry##*:}
  [[ -e $file ]] || missing+=("$pkg")
done
# redis-py (RedisCluster) for the cluster client tests, from PyPI; pip itself from Debian.
need_redis_py=0
python3 -c 'import redis.cluster' >/dev/null 2>&1 || need_redis_py=1
if ((need_redis_py)) && ! python3 -m pip --version >/dev/null 2>&1; then missing+=("python3-pip"); fi
# Unique, stable order.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH; install Swift 6.3 (https://www.swift.org/install/linux/)" >&2
  exit 1
fi

if ((${#missing[@]} == 0 && need_redis_py == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if ((${#missing[@]} > 0)); then
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  fi
  if ((need_redis_py)); then
    echo "setup: missing Python package redis; run as root:  python3 -m pip install redis" >&2
  fi
  exit 1
fi

install_redis_py() {
  ((need_redis_py)) || return 0
  echo "setup: installing redis (PyPI)"
  # Debian's own Python refuses pip installs outside a venv unless told otherwise.
  python3 -m pip install -q redis 2>/dev/null || python3 -m pip install -q --break-system-packages redis
}
if ((${#missing[@]} == 0)); then
  install_redis_py
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a redis-server service on 6379 when it can; the project never uses it.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
install_redis_py
