# clouds.yaml for the openstack CLI, openstacksdk and Drover's own loader.

write_clouds_yaml() {
  put_file "$CLOUDS_YAML" root:root 644 <<EOF2
# written by drover scripts/testbed/up: the OpenStack test bed on loopback
clouds:
  testbed:
    auth:
      auth_url: $KEYSTONE_URL/v3
      username: admin
      password: $ADMIN_PASS
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: $REGION
    interface: public
    identity_api_version: 3
  testbed-demo:
    auth:
      auth_url: $KEYSTONE_URL/v3
      username: demo
      password: $DEMO_PASS
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: $REGION
    interface: public
    identity_api_version: 3
EOF2
  # The openstack CLI finds /etc/openstack/clouds.yaml without OS_CLIENT_CONFIG_FILE.
  # Only replace a file there if it is ours.
  if [[ ! -e /etc/openstack/clouds.yaml ]] || grep -q 'drover scripts/testbed/up' /etc/openstack/clouds.yaml; then
    put_file /etc/openstack/clouds.yaml root:root 644 <"$CLOUDS_YAML"
  else
    log "/etc/openstack/clouds.yaml belongs to someone else; use OS_CLIENT_CONFIG_FILE=$CLOUDS_YAML"
  fi
}
