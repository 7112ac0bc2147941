# Debian packages for the bed. Only what is missing is installed.

PKGS_BASE=(mariadb-server mariadb-client python3-pymysql rabbitmq-server keystone placement-api
  python3-osc-placement glance-api nova-api nova-conductor nova-scheduler python3-openstackclient
  uwsgi-core uwsgi-plugin-python3 curl neutron-server)
PKGS_CINDER=(cinder-api cinder-scheduler cinder-volume)

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || echo "$p"
  done
}

wait_dpkg_lock() { # another apt may be running: wait for it rather than fail
  local i
  for ((i = 0; i < 600; i++)); do
    fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock >/dev/null 2>&1 || return 0
    ((i % 30 == 0)) && log "dpkg lock held by another process; waiting"
    sleep 1
  done
  die "dpkg lock still held after 10 minutes"
}

install_packages() {
  local want=("${PKGS_BASE[@]}") missing
  [[ $WITH_CINDER == 1 ]] && want+=("${PKGS_CINDER[@]}")
  mapfile -t missing < <(missing_pkgs "${want[@]}")
  if ((${#missing[@]} == 0)); then log "all packages present"; return 0; fi
  log "installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Every debconf question of these packages defaults to false; say so anyway, so that
  # nothing touches dbconfig-common or registers endpoints behind our back.
  local q
  for q in keystone/configure_db keystone/create-admin-tenant keystone/register-endpoint \
    keystone/configure_ksat placement-common/configure_db glance-common/configure_db \
    nova-common/configure_db neutron-common/configure_db cinder-common/configure_db \
    glance-api/register-endpoint nova-api/register-endpoint placement-api/register-endpoint \
    neutron-server/register-endpoint cinder-api/register-endpoint \
    glance-common/configure_ksat nova-common/configure_ksat neutron-common/configure_ksat \
    cinder-common/configure_ksat glance-common/configure_rabbit nova-common/configure_rabbit \
    neutron-common/configure_rabbit cinder-common/configure_rabbit; do
    echo "${q%%/*} $q boolean false"
  done | debconf-set-selections 2>/dev/null || true
  wait_dpkg_lock
  apt-get update -qq || die "apt-get update failed"
  # Pitfall 2: no init system. policy-rc.d keeps postinsts from starting services.
  local had_policy=0
  [[ -e /usr/sbin/policy-rc.d ]] && had_policy=1
  if ((had_policy == 0)); then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  wait_dpkg_lock
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" >"$TESTBED_DIR/apt-install.log" 2>&1 \
    || die "apt-get install failed; see $TESTBED_DIR/apt-install.log"
  if ((had_policy == 0)); then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  log "installed (log: $TESTBED_DIR/apt-install.log)"
}
