# MariaDB and RabbitMQ (ours or reused), databases, schema syncs and the fake agent rows.

DATABASES=(keystone placement glance nova_api nova nova_cell0 neutron cinder)
db_owner() { case $1 in nova_api | nova | nova_cell0) echo nova ;; *) echo "$1" ;; esac; }
mysql_root() { mysql --protocol=socket -uroot "$@"; }

start_mariadb() {
  if proc_alive mariadb; then log "mariadb: ours, running"; return 0; fi
  if port_open 3306; then log "mariadb: reusing the one already listening on 127.0.0.1:3306"; return 0; fi
  install -d -o mysql -g mysql /run/mysqld
  [[ -d /var/lib/mysql/mysql ]] || die "MariaDB datadir not initialised (/var/lib/mysql/mysql missing)"
  proc_start mariadb
  wait_answers 60 mariadb
}

start_rabbitmq() { # returns at once; wait_answers rabbitmq later
  if proc_alive rabbitmq; then log "rabbitmq: ours, running"; return 0; fi
  if port_open 5672; then log "rabbitmq: reusing the one already listening on 127.0.0.1:5672"; return 0; fi
  if ! proc_alive epmd && ! port_open 4369; then
    # Started by us, loopback only, so that down can stop it by PID.
    proc_start epmd
    wait_answers 20 epmd
  fi
  proc_start rabbitmq
}

create_databases() {
  marker_done databases && return 0
  local db sql=""
  for db in "${DATABASES[@]}"; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$db\`;"
    sql+="CREATE USER IF NOT EXISTS '$(db_owner "$db")'@'%' IDENTIFIED BY '$DB_PASS';"
    sql+="CREATE USER IF NOT EXISTS '$(db_owner "$db")'@'localhost' IDENTIFIED BY '$DB_PASS';"
    sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$(db_owner "$db")'@'%';"
    sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$(db_owner "$db")'@'localhost';"
  done
  mysql_root -e "$sql FLUSH PRIVILEGES;" || die "could not create databases (need root over the MariaDB socket)"
  marker_set databases
  log "databases created"
}

drop_databases() {
  local db sql=""
  for db in "${DATABASES[@]}"; do sql+="DROP DATABASE IF EXISTS \`$db\`;"; done
  mysql_root -e "$sql" && log "databases dropped"
}

as() { local u=$1; shift; runuser -u "$u" -- "$@"; }

keystone_init() { # db sync + fernet keys + bootstrap; must precede starting keystone
  marker_done sync-keystone && return 0
  local lg=$TESTBED_DIR/logs/sync-keystone.log
  mkdir -p "$TESTBED_DIR/logs"
  {
    as keystone keystone-manage db_sync &&
      keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone &&
      keystone-manage credential_setup --keystone-user keystone --keystone-group keystone &&
      as keystone keystone-manage bootstrap --bootstrap-password "$ADMIN_PASS" \
        --bootstrap-region-id "$REGION" \
        --bootstrap-admin-url "$KEYSTONE_URL/v3" --bootstrap-internal-url "$KEYSTONE_URL/v3" \
        --bootstrap-public-url "$KEYSTONE_URL/v3"
  } >"$lg" 2>&1 || die "keystone init failed; see $lg"
  marker_set sync-keystone
  log "keystone database ready"
}

# One function per service; each runs as that service's user.
sync_placement() { as placement placement-manage db sync; }
sync_glance() { as glance glance-manage db_sync; }
sync_neutron() {
  as neutron neutron-db-manage --config-file /etc/neutron/neutron.conf \
    --config-file /etc/neutron/plugins/ml2/ml2_conf.ini upgrade heads
}
sync_cinder() { as cinder cinder-manage db sync; }
sync_nova() {
  as nova nova-manage api_db sync &&
    as nova nova-manage cell_v2 map_cell0 --database_connection "$(db_url nova nova_cell0)" &&
    { as nova nova-manage cell_v2 list_cells | grep -q ' cell1 ' ||
      as nova nova-manage cell_v2 create_cell --name cell1; } &&
    as nova nova-manage db sync
}

sync_databases() { # the syncs that are not done yet, in parallel
  local svcs=(placement glance nova neutron) svc pids=() names=() i rc=0
  [[ $WITH_CINDER == 1 ]] && svcs+=(cinder)
  mkdir -p "$TESTBED_DIR/logs"
  for svc in "${svcs[@]}"; do
    marker_done "sync-$svc" && continue
    ("sync_$svc" >"$TESTBED_DIR/logs/sync-$svc.log" 2>&1) &
    pids+=($!) names+=("$svc")
  done
  ((${#pids[@]} == 0)) && return 0
  log "syncing databases: ${names[*]}"
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      marker_set "sync-${names[$i]}"
    else
      log "sync of ${names[$i]} failed; see $TESTBED_DIR/logs/sync-${names[$i]}.log"; rc=1
    fi
  done
  ((rc == 0)) || die "database sync failed"
  log "databases synced"
}

# Pitfall 5 / REPORT §5: the openvswitch mechanism driver binds a port only to a host with a
# live "Open vSwitch agent". One row per fake host, never heartbeating (agent_down_time is
# 30 days); the heartbeat is refreshed on every up.
fake_agent_rows() {
  local i sql="" conf
  conf='{"bridge_mappings": {"physnet1": "br-ex"}, "tunnel_types": ["vxlan"], "tunneling_ip": "127.0.0.1", "integration_bridge": "br-int", "datapath_type": "system", "ovs_hybrid_plug": false, "l2_population": false, "devices": 0, "testbed": "fake row: no agent runs"}'
  for ((i = 1; i <= N_COMPUTES; i++)); do
    sql+="INSERT INTO agents (id, agent_type, \`binary\`, topic, host, availability_zone,
      admin_state_up, created_at, started_at, heartbeat_timestamp, description, configurations,
      \`load\`, resources_synced)
      VALUES (UUID(), 'Open vSwitch agent', 'neutron-openvswitch-agent', 'N/A', 'fake-$i', NULL,
      1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'testbed fake agent', '$conf', 0, 1)
      ON DUPLICATE KEY UPDATE heartbeat_timestamp = UTC_TIMESTAMP(), configurations = VALUES(configurations);"
  done
  mysql_root neutron -e "$sql" || die "could not write the fake agent rows"
}
