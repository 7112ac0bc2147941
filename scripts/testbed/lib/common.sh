# Shared by up, down and status: paths, options, logging and small checks.
# Sourced, never executed. Everything here is loopback-only by design.

# Pitfall 1: the first python3 on PATH may be a pyenv shim without the OpenStack libs.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
PY=/usr/bin/python3

TESTBED_DIR=${TESTBED_DIR:-/var/lib/openstack-testbed}
RUN_DIR=$TESTBED_DIR/run          # NAME.pid and NAME.match (what /proc/PID/cmdline must contain)
STATE_DIR=$TESTBED_DIR/state      # one-time-init markers
CLOUDS_YAML=$TESTBED_DIR/clouds.yaml
OPTIONS_FILE=$TESTBED_DIR/options.env   # the last options up ran with (sticky)
TESTBED_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Fixed test-bed credentials. Loopback only; never reused for anything real.
DB_PASS=dbpass
SVC_PASS=testbed
ADMIN_PASS=admin
DEMO_PASS=demo
REGION=RegionOne
KEYSTONE_URL=http://127.0.0.1:5000

T0=${EPOCHREALTIME}
PHASE_T0=$T0

elapsed() { # seconds since $1 (an EPOCHREALTIME), one decimal
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}
log()  { printf '[testbed %6ss] %s\n' "$(elapsed "$T0")" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }
phase() { # phase NAME: closes the previous phase with its duration, opens a new one
  if [[ -n ${PHASE_NAME:-} ]]; then log "done: $PHASE_NAME ($(elapsed "$PHASE_T0") s)"; fi
  PHASE_NAME=$1; PHASE_T0=$EPOCHREALTIME
  [[ -n $1 ]] && log "phase: $1"
  return 0
}

# Options are sticky: a plain `up` after `up --computes 5 --with-cinder` restores that bed.
load_options() {
  local saved_n="" saved_c=""
  if [[ -f $OPTIONS_FILE ]]; then
    saved_n=$(sed -n 's/^N_COMPUTES=//p' "$OPTIONS_FILE")
    saved_c=$(sed -n 's/^WITH_CINDER=//p' "$OPTIONS_FILE")
  fi
  N_COMPUTES=${N_COMPUTES:-${saved_n:-3}}
  WITH_CINDER=${WITH_CINDER:-${saved_c:-0}}
  [[ $N_COMPUTES =~ ^[1-9][0-9]*$ ]] || die "N_COMPUTES must be a positive integer, got '$N_COMPUTES'"
  [[ $WITH_CINDER == 0 || $WITH_CINDER == 1 ]] || die "WITH_CINDER must be 0 or 1"
}
save_options() {
  mkdir -p "$TESTBED_DIR"
  printf 'N_COMPUTES=%s\nWITH_CINDER=%s\n' "$N_COMPUTES" "$WITH_CINDER" >"$OPTIONS_FILE"
}

port_open() { # port_open PORT: something accepts TCP on 127.0.0.1:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
http_answers() { # http_answers PORT: an HTTP reply below 500 on /
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null) || true
  [[ $code =~ ^[1-4][0-9][0-9]$ ]]
}

marker_done() { [[ -f $STATE_DIR/$1.done ]]; }
marker_set()  { mkdir -p "$STATE_DIR"; date -u +%FT%TZ >"$STATE_DIR/$1.done"; }

require_root() { [[ $(id -u) == 0 ]] || die "run as root (it installs packages and starts services as their users)"; }

# The set of processes the bed consists of, in start order.
compute_names() { local i; for ((i = 1; i <= N_COMPUTES; i++)); do echo "nova-compute-fake-$i"; done; }
openstack_names() {
  echo keystone placement glance neutron-server nova-api nova-conductor nova-scheduler
  [[ $WITH_CINDER == 1 ]] && echo cinder-api cinder-scheduler cinder-volume
  compute_names
}
