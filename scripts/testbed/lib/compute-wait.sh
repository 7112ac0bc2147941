# Waiting for the fake hypervisors, and the final check through the real API.

COMPUTE_STARTED_AT=()   # index N: UTC time (DB format) at which fake-N was (re)started by this run

fake_hosts_sql() { local i s=""; for ((i = 1; i <= N_COMPUTES; i++)); do s+="${s:+,}'fake-$i'"; done; echo "$s"; }

# Cheap DB polling first: every host has a compute node, a host mapping (the scheduler
# discovers new hosts every 10 s), and each restarted one has reported since its start.
computes_ready_in_db() {
  local hosts nodes mapped i fresh=""
  hosts=$(fake_hosts_sql)
  nodes=$(mysql_root -N -e "SELECT COUNT(DISTINCT host) FROM nova.compute_nodes WHERE deleted = 0 AND host IN ($hosts)") || return 1
  mapped=$(mysql_root -N -e "SELECT COUNT(*) FROM nova_api.host_mappings WHERE host IN ($hosts)") || return 1
  ((nodes == N_COMPUTES && mapped == N_COMPUTES)) || return 1
  for i in "${!COMPUTE_STARTED_AT[@]}"; do
    fresh=$(mysql_root -N -e "SELECT COUNT(*) FROM nova.services WHERE deleted = 0 AND \`binary\` = 'nova-compute' AND host = 'fake-$i' AND updated_at >= '${COMPUTE_STARTED_AT[$i]}'") || return 1
    ((fresh == 1)) || return 1
  done
}

api_token() { # an admin token from keystone, on stdout
  curl -s -m 10 -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"name\":\"Default\"},\"password\":\"$ADMIN_PASS\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"name\":\"Default\"}}}}}" \
    "$KEYSTONE_URL/v3/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p'
}

hypervisors_up() { # prints how many of fake-1..N the compute API lists as state up
  local token=$1
  curl -s -m 10 -H "X-Auth-Token: $token" http://127.0.0.1:8774/v2.1/os-hypervisors |
    N="$N_COMPUTES" "$PY" -c '
import json, os, sys
n = int(os.environ["N"])
want = {"fake-%d" % i for i in range(1, n + 1)}
hs = json.load(sys.stdin).get("hypervisors", [])
print(len({h["hypervisor_hostname"] for h in hs if h.get("state") == "up"} & want))' 2>/dev/null
}

wait_hypervisors() {
  local start=$EPOCHREALTIME token count
  until computes_ready_in_db; do
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' &&
      die "fake hypervisors not ready after 180 s; see /var/log/nova/testbed-nova-compute-fake-*.log"
    for name in $(compute_names) nova-scheduler nova-conductor; do
      proc_alive "$name" || { svc_define "$name"; die "$name is not running; see $SVC_LOG"; }
    done
    sleep 1
  done
  token=$(api_token)
  [[ -n $token ]] || die "keystone gave no admin token"
  # A host an operator (or a test) forced down stays "down" in the hypervisor list until
  # it is un-forced, and Nova refuses the un-force until the restarted compute has
  # reported (checked above): count such hosts as ready, or `up` would wait for ever.
  local forced
  forced=$(mysql_root -N -e "SELECT COUNT(*) FROM nova.services WHERE deleted = 0 AND \`binary\` = 'nova-compute' AND forced_down = 1 AND host IN ($(fake_hosts_sql))") || forced=0
  until count=$(hypervisors_up "$token") && ((count + forced >= N_COMPUTES)); do
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' &&
      die "hypervisor list shows ${count:-0} of $N_COMPUTES fake hosts up after 180 s"
    sleep 1
  done
  if ((forced > 0)); then log "hypervisor list: $count of $N_COMPUTES fake hosts up, $forced forced down"; else log "hypervisor list: $N_COMPUTES fake hosts up"; fi
}
