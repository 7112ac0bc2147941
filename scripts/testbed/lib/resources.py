#!/usr/bin/python3
"""What tests expect to find in the bed: flavors, an image, networks, a router, quotas.

Idempotent (find, else create). Environment: OS_CLIENT_CONFIG_FILE (clouds.yaml),
TESTBED_DIR, WITH_CINDER.
"""
import os

import openstack

env = os.environ
conn = openstack.connect(cloud="testbed")

FLAVORS = [  # name, vcpus, ram MB, disk GB
    ("m1.nano", 1, 128, 1),
    ("m1.tiny", 1, 512, 1),
    ("m1.small", 1, 2048, 20),
    ("m1.medium", 2, 4096, 40),
    ("m1.large", 4, 8192, 80),
]
for name, vcpus, ram, disk in FLAVORS:
    if not conn.compute.find_flavor(name, ignore_missing=True):
        conn.compute.create_flavor(name=name, vcpus=vcpus, ram=ram, disk=disk, is_public=True)

image = conn.image.find_image("fake-image", ignore_missing=True)
if image and image.status != "active":
    conn.image.delete_image(image)  # a half-made one from an interrupted run
    image = None
if not image:
    path = os.path.join(env["TESTBED_DIR"], "fake-image.raw")
    with open(path, "wb") as f:
        f.write(b"\0" * 1048576)
    conn.create_image("fake-image", filename=path, disk_format="raw", container_format="bare",
                      visibility="public", wait=True)

net = conn.network
public = net.find_network("public") or net.create_network(
    name="public", is_router_external=True, provider_network_type="flat",
    provider_physical_network="physnet1")
if not net.find_subnet("public-subnet"):
    net.create_subnet(name="public-subnet", network_id=public.id, ip_version=4,
                      cidr="198.51.100.0/24", gateway_ip="198.51.100.1", is_dhcp_enabled=False,
                      allocation_pools=[{"start": "198.51.100.10", "end": "198.51.100.250"}])
private = net.find_network("private") or net.create_network(
    name="private", is_shared=True, provider_network_type="vxlan")
private_subnet = net.find_subnet("private-subnet") or net.create_subnet(
    name="private-subnet", network_id=private.id, ip_version=4, cidr="192.0.2.0/24",
    gateway_ip="192.0.2.1", is_dhcp_enabled=False)
router = net.find_router("router1")
if not router:
    router = net.create_router(name="router1", external_gateway_info={"network_id": public.id})
    net.add_interface_to_router(router, subnet_id=private_subnet.id)

# Nova's defaults (10 instances, 20 cores) break a 20-server test (pitfall 9).
for pname in ("admin", "demo"):
    project = conn.identity.find_project(pname)
    conn.set_compute_quotas(project.id, instances=-1, cores=-1, ram=-1, key_pairs=-1,
                            server_groups=-1, server_group_members=-1, metadata_items=-1)
    conn.set_network_quotas(project.id, network=-1, subnet=-1, port=-1, router=-1,
                            floatingip=-1, security_group=-1, security_group_rule=-1)
    if env.get("WITH_CINDER") == "1":
        conn.set_volume_quotas(project.id, volumes=-1, snapshots=-1, gigabytes=-1,
                               backups=-1, backup_gigabytes=-1)
print("resources ready")
