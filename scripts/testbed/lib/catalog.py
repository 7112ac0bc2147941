#!/usr/bin/python3
"""Keystone objects of the test bed: service users, demo project, services and endpoints.

Idempotent (find, else create). One process instead of ~25 `openstack` calls.
Run before any Nova service starts: nova-conductor and nova-scheduler exit at start-up
if their placement credentials do not work yet (REPORT pitfall 3).
Environment: KEYSTONE_URL, ADMIN_PASS, SVC_PASS, DEMO_PASS, REGION, WITH_CINDER.
"""
import os

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

env = os.environ
url = env["KEYSTONE_URL"]
region = env["REGION"]
auth = v3.Password(auth_url=url + "/v3", username="admin", password=env["ADMIN_PASS"],
                   project_name="admin", user_domain_name="Default",
                   project_domain_name="Default")
ks = client.Client(session=session.Session(auth=auth), interface="public")
domain = ks.domains.find(name="Default")


def one(manager, **filters):
    found = manager.list(**filters)
    return found[0] if found else None


def project(name, description):
    return one(ks.projects, name=name, domain=domain) or ks.projects.create(
        name=name, domain=domain, description=description)


def role(name):
    return one(ks.roles, name=name) or ks.roles.create(name=name)


def user(name, password, default_project):
    return one(ks.users, name=name, domain=domain) or ks.users.create(
        name=name, domain=domain, password=password, default_project=default_project)


def grant(role_obj, user_obj, project_obj):
    if not ks.role_assignments.list(user=user_obj, project=project_obj, role=role_obj):
        ks.roles.grant(role_obj, user=user_obj, project=project_obj)


service_project = project("service", "OpenStack services")
demo_project = project("demo", "Non-admin test project")
admin_role, service_role, member_role = role("admin"), role("service"), role("member")

services = {  # user: [(service type, service name, URL)]
    "nova": [("compute", "nova", "http://127.0.0.1:8774/v2.1")],
    "placement": [("placement", "placement", "http://127.0.0.1:8778")],
    "glance": [("image", "glance", "http://127.0.0.1:9292")],
    "neutron": [("network", "neutron", "http://127.0.0.1:9696")],
}
if env.get("WITH_CINDER") == "1":
    services["cinder"] = [
        # Nova looks for volumev3 ([cinder] catalog_info); openstacksdk for block-storage.
        ("volumev3", "cinderv3", "http://127.0.0.1:8776/v3/%(project_id)s"),
        ("block-storage", "cinder", "http://127.0.0.1:8776/v3/%(project_id)s"),
    ]

for username, entries in services.items():
    u = user(username, env["SVC_PASS"], service_project)
    grant(admin_role, u, service_project)
    grant(service_role, u, service_project)
    for stype, sname, endpoint_url in entries:
        svc = one(ks.services, type=stype) or ks.services.create(name=sname, type=stype)
        for interface in ("public", "internal", "admin"):
            if not ks.endpoints.list(service=svc, interface=interface, region=region):
                ks.endpoints.create(service=svc, url=endpoint_url, interface=interface,
                                    region=region)

demo = user("demo", env["DEMO_PASS"], demo_project)
grant(member_role, demo, demo_project)
# admin also gets a role on demo, so admin-scoped tools can look into it.
grant(admin_role, one(ks.users, name="admin", domain=domain), demo_project)
print("catalog ready")
