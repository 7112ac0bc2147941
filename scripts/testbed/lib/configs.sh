# Config files. The Debian ones are replaced whole; the original is kept once as *.debian-orig.
# Only files whose content changed are rewritten, so a second `up` touches nothing.

CONFIGS_CHANGED=()

put_file() { # put_file PATH OWNER:GROUP MODE < content
  local path=$1 owner=$2 mode=$3 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $path ]] && cmp -s "$tmp" "$path"; then rm -f "$tmp"; return 0; fi
  mkdir -p "$(dirname "$path")"
  [[ -f $path && ! -e $path.debian-orig ]] && cp -p "$path" "$path.debian-orig"
  install -o "${owner%%:*}" -g "${owner##*:}" -m "$mode" "$tmp" "$path"
  rm -f "$tmp"
  CONFIGS_CHANGED+=("$path")
}

ks_block() { # keystone service credentials for USER, as every [*_authtoken]-like section wants
  cat <<KS
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SVC_PASS
region_name = $REGION
KS
}
db_url() { echo "mysql+pymysql://$1:$DB_PASS@127.0.0.1/$2?charset=utf8"; }
RABBIT_URL=rabbit://guest:guest@127.0.0.1:5672/   # guest may log in from loopback (pitfall 16)

config_readers() { # the bed's processes that read config file PATH
  case $1 in
    /etc/rabbitmq/*) echo rabbitmq ;;
    /etc/keystone/*) echo keystone ;;
    /etc/placement/*) echo placement ;;
    /etc/glance/*) echo glance ;;
    /etc/neutron/*) echo neutron-server ;;
    /etc/nova/nova.conf) echo nova-api nova-conductor nova-scheduler; compute_names ;;
    /etc/nova/nova-compute-fake-*.conf) basename "$1" .conf ;;
    */bin/nova-compute-fake) compute_names ;;
    /etc/cinder/*) echo cinder-api cinder-scheduler cinder-volume ;;
    */pylib/testbed_cinder.py) echo cinder-volume ;;
    */uwsgi/*.ini) basename "$1" .ini ;;
  esac
}

write_configs() {
  local d
  for d in nova neutron glance placement keystone cinder; do
    id "$d" >/dev/null 2>&1 || continue
    install -d -o "$d" -g "$d" "/var/lib/$d" "/var/lib/$d/lock"
  done
  install -d -o nova -g nova /var/lib/nova/tmp /var/lib/nova/instances
  install -d -o glance -g glance /var/lib/glance/images /var/lib/glance/staging /var/lib/glance/tasks
  id cinder >/dev/null 2>&1 && install -d -o cinder -g cinder /var/lib/cinder/tmp
  mkdir -p "$TESTBED_DIR"/{run,state,uwsgi,bin,pylib}

  put_file /etc/rabbitmq/rabbitmq-env.conf root:root 644 <<EOF2
# written by drover scripts/testbed/up: loopback only, fixed node name (pitfall 16)
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF2

  put_file /etc/keystone/keystone.conf root:keystone 640 <<EOF2
# written by drover scripts/testbed/up
[DEFAULT]
[database]
connection = $(db_url keystone keystone)
[token]
provider = fernet
expiration = 86400
[oslo_policy]
policy_dirs = /etc/keystone/policy.d
EOF2

  put_file /etc/placement/placement.conf root:placement 640 <<EOF2
# written by drover scripts/testbed/up
[DEFAULT]
pybasedir = /usr/lib/python3/dist-packages
[api]
auth_strategy = keystone
[placement_database]
connection = $(db_url placement placement)
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(ks_block placement)
[oslo_policy]
policy_dirs = /etc/placement/policy.d
EOF2

  put_file /etc/glance/glance-api.conf root:glance 640 <<EOF2
# written by drover scripts/testbed/up
[DEFAULT]
enabled_backends = fs:file
[database]
connection = $(db_url glance glance)
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = /var/lib/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = /var/lib/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = /var/lib/glance/tasks/
[paste_deploy]
flavor = keystone
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(ks_block glance)
[oslo_concurrency]
lock_path = /var/lib/glance/lock
EOF2

  put_file /etc/nova/nova.conf root:nova 640 <<EOF2
# written by drover scripts/testbed/up; shared by every Nova process of the bed
[DEFAULT]
pybasedir = /usr/lib/python3/dist-packages
state_path = /var/lib/nova
my_ip = 127.0.0.1
transport_url = $RABBIT_URL
# FakeLiveMigrateDriver forgets a guest on the source after live migration (pitfall 6).
compute_driver = fake.FakeLiveMigrateDriver
# No agent will ever send network-vif-plugged.
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
heal_instance_info_cache_interval = -1
report_interval = 10
# A killed fake compute shows "down" after 30 s.
service_down_time = 30
# Periodic tasks (among them the scheduler's host discovery) otherwise start after a random
# delay of up to 60 s, which made a clean bring-up wait up to a minute for host mappings.
periodic_fuzzy_delay = 0
[api_database]
connection = $(db_url nova nova_api)
[database]
connection = $(db_url nova nova)
[scheduler]
discover_hosts_in_cells_interval = 10
workers = 2
[conductor]
workers = 2
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(ks_block nova)
[service_user]
send_service_user_token = true
$(ks_block nova)
[placement]
$(ks_block placement)
[neutron]
$(ks_block neutron)
[cinder]
os_region_name = $REGION
$(ks_block cinder)
[oslo_concurrency]
lock_path = /var/lib/nova/tmp
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_dirs = /etc/nova/policy.d
[vnc]
enabled = false
[spice]
enabled = false
EOF2

  local i
  for ((i = 1; i <= N_COMPUTES; i++)); do
    put_file "/etc/nova/nova-compute-fake-$i.conf" root:nova 640 <<EOF2
# written by drover scripts/testbed/up: the fake driver names its node after host
[DEFAULT]
host = fake-$i
EOF2
  done
  put_file "$TESTBED_DIR/bin/nova-compute-fake" root:root 755 <<'EOF2'
#!/usr/bin/python3
# nova-compute without the nova-compute package (which pulls in a hypervisor).
import sys
from nova.cmd.compute import main
sys.exit(main())
EOF2

  put_file /etc/neutron/neutron.conf root:neutron 640 <<EOF2
# written by drover scripts/testbed/up: ML2 without agents (REPORT §5)
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT_URL
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
# The fake "Open vSwitch agent" rows never send heartbeats: keep them alive for 30 days.
agent_down_time = 2592000
router_auto_schedule = false
network_auto_schedule = false
[database]
connection = $(db_url neutron neutron)
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(ks_block neutron)
[nova]
$(ks_block nova)
[oslo_concurrency]
lock_path = /var/lib/neutron/lock
[oslo_policy]
policy_dirs = /etc/neutron/policy.d
EOF2

  put_file /etc/neutron/plugins/ml2/ml2_conf.ini root:neutron 640 <<EOF2
# written by drover scripts/testbed/up
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = physnet1
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:199
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF2

  if [[ $WITH_CINDER == 1 ]]; then
    put_file /etc/cinder/cinder.conf root:cinder 640 <<EOF2
# written by drover scripts/testbed/up: fake volume driver, no LVM (REPORT §6)
[DEFAULT]
my_ip = 127.0.0.1
state_path = /var/lib/cinder
transport_url = $RABBIT_URL
auth_strategy = keystone
enabled_backends = fake
default_volume_type = __DEFAULT__
report_interval = 10
service_down_time = 30
[database]
connection = $(db_url cinder cinder)
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(ks_block cinder)
[nova]
$(ks_block nova)
[oslo_concurrency]
lock_path = /var/lib/cinder/tmp
[oslo_policy]
policy_dirs = /etc/cinder/policy.d
[fake]
volume_driver = testbed_cinder.TestbedFakeVolumeDriver
volume_backend_name = fake
EOF2
    put_file "$TESTBED_DIR/pylib/testbed_cinder.py" root:root 644 <<'EOF2'
"""Cinder's shipped fake driver, minus the three places it still touches a block device."""
import io

from cinder.tests import fake_driver


class TestbedFakeVolumeDriver(fake_driver.FakeLoggingVolumeDriver):
    def copy_image_to_volume(self, context, volume, image_service, image_id):
        pass  # the volume is a database row: there is nothing to write the image to

    def extend_volume(self, volume, new_size):
        pass  # FakeBrickLVM has no extend_volume

    def copy_volume_to_image(self, context, volume, image_service, image_meta):
        image_service.update(context, image_meta['id'], {}, io.BytesIO(b'\0' * 1048576))
EOF2
  fi

  local name svc port
  for name in keystone placement glance nova-api cinder-api; do
    [[ $name == cinder-api && $WITH_CINDER != 1 ]] && continue
    svc_define "$name"
    # Debian's own ini files start 8-16 workers (and keystone's needs AppArmor); 2 is
    # faster on 2 cores (REPORT §2).
    put_file "$TESTBED_DIR/uwsgi/$name.ini" root:root 644 <<EOF2
[uwsgi]
http-socket = 127.0.0.1:$SVC_PORT
wsgi-file = $(uwsgi_wsgi_file "$name")
master = true
processes = 2
threads = 1
lazy-apps = true
die-on-term = true
http-auto-chunked = true
http-chunked-input = true
http-raw-body = true
wsgi-manage-chunked-input = true
add-header = Connection: close
buffer-size = 65535
EOF2
  done

  if ((${#CONFIGS_CHANGED[@]})); then
    log "wrote ${#CONFIGS_CHANGED[@]} config files: ${CONFIGS_CHANGED[*]}"
  else
    log "configs unchanged"
  fi
}
