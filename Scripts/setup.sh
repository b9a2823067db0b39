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
  # The broker's oracle (Debian's RabbitMQ 3.10, run by the tests as root from
  # /usr/lib/rabbitmq/bin/rabbitmq-server, never as the system service) and its real clients.
  "/usr/lib/rabbitmq/bin/rabbitmq-server:rabbitmq-server"
  "rabbitmqctl:rabbitmq-server"
  "amqp-declare-queue:amqp-tools"
  "amqp-publish:amqp-tools"
  "amqp-consume:amqp-tools"
  "amqp-get:amqp-tools"
  # The mesh: curl as its client in tests, wrk for make bench-mesh.
  "curl:curl"
  "wrk:wrk"
  # Capture: tcpdump records loopback traffic; tshark checks that the pcaps Shakedown writes
  # read back and that their TCP streams follow (the Writer tests run it).
  "tcpdump:tcpdump"
  "tshark:tshark"
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
# Python packages from PyPI (pip itself from Debian), as "import-to-try:pypi-name":
# redis-py (RedisCluster) for the cluster client tests, pika for the broker tests.
python_needs=(
  "redis.cluster:redis"
  "pika:pika"
)
missing_py=()
for entry in "${python_needs[@]}"; do
  module=${entry%%:*}; dist=${entry##*:}
  python3 -c "import $module" >/dev/null 2>&1 || missing_py+=("$dist")
done
if ((${#missing_py[@]} > 0)) && ! python3 -m pip --version >/dev/null 2>&1; then missing+=("python3-pip"); fi
# Unique, stable order.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')

# kubectl 1.32 comes with the machine image (Debian's older kubernetes-client conflicts
# with it, and nothing else is reachable to install it from): say so rather than guess.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: kubectl (1.32) is not on PATH; the mesh tests drive the control plane with it." >&2
  echo "setup: install it from https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ (not Debian's kubernetes-client)" >&2
  exit 1
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH; install Swift 6.3 (https://www.swift.org/install/linux/)" >&2
  exit 1
fi

if ((${#missing[@]} == 0 && ${#missing_py[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if ((${#missing[@]} > 0)); then
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  fi
  if ((${#missing_py[@]} > 0)); then
    echo "setup: missing Python packages: ${missing_py[*]}; run as root:  python3 -m pip install ${missing_py[*]}" >&2
  fi
  exit 1
fi

install_python_packages() {
  ((${#missing_py[@]} > 0)) || return 0
  echo "setup: installing ${missing_py[*]} (PyPI)"
  # Debian's own Python refuses pip installs outside a venv unless told otherwise.
  python3 -m pip install -q "${missing_py[@]}" 2>/dev/null ||
    python3 -m pip install -q --break-system-packages "${missing_py[@]}"
}
if ((${#missing[@]} == 0)); then
  install_python_packages
  exit 0
fi

echo "setup: installing ${missing[*]}"
# Noninteractive also answers wireshark-common's "non-superusers capture?" question (tshark)
# with its default, no.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a redis-server service on 6379 when it can; the project never uses it.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
# Debian's rabbitmq-server package also starts a service (node rabbit@<host> on 5672, with
# epmd on 4369). The tests start their own nodes on free ports and must never depend on, or
# collide with, a system broker: stop it, stop its node directly where no init system ran
# it, and end the epmd it started (each test node brings its own epmd port).
if [[ " ${missing[*]} " == *" rabbitmq-server "* ]]; then
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true; fi
  if command -v service >/dev/null 2>&1; then service rabbitmq-server stop >/dev/null 2>&1 || true; fi
  rabbitmqctl stop >/dev/null 2>&1 || true
  epmd -kill >/dev/null 2>&1 || true
fi
install_python_packages
