#!/usr/bin/env python3
"""Checks what deploy/ ships for running the system for real.

systemd units: a dedicated user, hardening, the store as StateDirectory,
SIGHUP for reload, and paths that agree with deploy/examples; checked with
`systemd-analyze verify` where it runs.

Kubernetes manifests: every document parses; the configurations in the
ConfigMaps are valid HubConfig / NodeConfig text (protoc --encode); every
file a configuration names is mounted into the container (or ships in the
image); every Secret, ConfigMap and claim a pod uses exists, with the keys
the configuration needs; containers run unprivileged on a read-only root;
the hub is one replica with a volume for its store; admin listeners stay on
loopback; the site serves deploy/nginx/disclosure-site.conf as it is.

Run from the repository root.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import unittest

import yaml

K8S = "deploy/kubernetes"
SYSTEMD = "deploy/systemd"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def text_fields(textproto):
    """name -> list of string values of top-level and nested fields."""
    out = {}
    for name, value in re.findall(r'^\s*(\w+):\s*"([^"]*)"', textproto, re.M):
        out.setdefault(name, []).append(value)
    return out


def encode(message, proto_file, textproto):
    return subprocess.run(
        ["protoc", "-Iproto", f"--encode={message}", proto_file],
        input=textproto.encode(), capture_output=True)


def parse_unit(path):
    """[(section, key, value)] of a systemd unit (keys may repeat)."""
    items, section = [], None
    for raw in read(path).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        items.append((section, key, value))
    return items


class SystemdUnitsTest(unittest.TestCase):
    def units(self):
        files = sorted(glob.glob(f"{SYSTEMD}/*.service"))
        self.assertEqual([os.path.basename(f) for f in files],
                         ["disclosure-hub.service", "disclosure-node.service",
                          "disclosure-witness.service"])
        return files

    def test_hardened_with_a_dedicated_user(self):
        sysusers = read(f"{SYSTEMD}/disclosure-net.sysusers.conf")
        for path in self.units():
            kind = os.path.basename(path)[len("disclosure-"):-len(".service")]
            with self.subTest(unit=path):
                items = parse_unit(path)
                service = {k: v for s, k, v in items if s == "Service"}
                self.assertEqual(service["User"], f"disclosure-{kind}")
                self.assertIn(f"u disclosure-{kind} ", sysusers)
                self.assertEqual(service["StateDirectory"], f"disclosure-{kind}")
                self.assertEqual(service["StateDirectoryMode"], "0700")
                self.assertEqual(service["ProtectSystem"], "strict")
                self.assertEqual(service["NoNewPrivileges"], "yes")
                self.assertEqual(service["CapabilityBoundingSet"], "")
                self.assertEqual(service["UMask"], "0077")
                self.assertIn("-HUP $MAINPID", service["ExecReload"])
                self.assertEqual(service["RestartPreventExitStatus"], "2")
                # The unit's config path and the example's store agree with
                # the folders the unit lets it use.
                exec_start = service["ExecStart"].split()
                config = exec_start[exec_start.index("--config") + 1]
                self.assertTrue(config.startswith(
                    f"/etc/{service['ConfigurationDirectory']}/"))
                example = read(f"deploy/examples/{kind}.textproto")
                data_dir = text_fields(example)["data_dir"][0]
                self.assertTrue(data_dir.startswith(
                    f"/var/lib/{service['StateDirectory']}/"), data_dir)
                if kind == "hub":
                    export_dir = text_fields(example)["export_dir"][0]
                    writable = service["ReadWritePaths"].split()
                    self.assertTrue(any(export_dir.startswith(w.lstrip("-"))
                                        for w in writable), export_dir)

    def test_systemd_analyze_verify(self):
        if shutil.which("systemd-analyze") is None:
            self.skipTest("systemd-analyze is not installed")
        for path in self.units():
            r = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                               capture_output=True, text=True)
            problems = [l for l in (r.stdout + r.stderr).splitlines()
                        # The binaries are not installed on a build machine.
                        if l and "is not executable" not in l
                        and "Failed to prepare filename" not in l]
            self.assertEqual(problems, [], path)


class KubernetesManifestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.docs = []
        for path in sorted(glob.glob(f"{K8S}/*.yaml")):
            for doc in yaml.safe_load_all(read(path)):
                if doc:
                    cls.docs.append(doc)
        cls.by_kind = {}
        for d in cls.docs:
            cls.by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d

    def workloads(self):
        for kind in ("StatefulSet", "Deployment"):
            for name, d in self.by_kind.get(kind, {}).items():
                yield name, d

    def test_namespaced(self):
        for d in self.docs:
            if d["kind"] != "Namespace":
                self.assertEqual(d["metadata"]["namespace"], "disclosure-net",
                                 d["metadata"]["name"])

    def test_every_reference_exists(self):
        claims = set(self.by_kind.get("PersistentVolumeClaim", {}))
        for name, w in self.workloads():
            spec = w["spec"]["template"]["spec"]
            templates = {t["metadata"]["name"]
                         for t in w["spec"].get("volumeClaimTemplates", [])}
            volumes = {v["name"] for v in spec["volumes"]} | templates
            for v in spec["volumes"]:
                if "secret" in v:
                    self.assertIn(v["secret"]["secretName"],
                                  self.by_kind["Secret"], name)
                if "configMap" in v:
                    self.assertIn(v["configMap"]["name"],
                                  self.by_kind["ConfigMap"], name)
                if "persistentVolumeClaim" in v:
                    self.assertIn(v["persistentVolumeClaim"]["claimName"],
                                  claims, name)
            for c in spec.get("initContainers", []) + spec["containers"]:
                for m in c["volumeMounts"]:
                    self.assertIn(m["name"], volumes, f"{name}/{c['name']}")
            selector = w["spec"]["selector"]["matchLabels"]
            self.assertEqual(
                {k: w["spec"]["template"]["metadata"]["labels"][k]
                 for k in selector}, selector)

    def test_unprivileged_read_only(self):
        for name, w in self.workloads():
            spec = w["spec"]["template"]["spec"]
            self.assertTrue(spec["securityContext"]["runAsNonRoot"], name)
            for c in spec.get("initContainers", []) + spec["containers"]:
                sc = c["securityContext"]
                self.assertFalse(sc["allowPrivilegeEscalation"], name)
                self.assertTrue(sc["readOnlyRootFilesystem"], name)
                self.assertEqual(sc["capabilities"]["drop"], ["ALL"], name)

    def check_server(self, workload, configmap, key, message, proto):
        w = self.by_kind["StatefulSet"][workload]
        self.assertEqual(w["spec"]["replicas"], 1)
        spec = w["spec"]["template"]["spec"]
        text = self.by_kind["ConfigMap"][configmap]["data"][key]
        r = encode(message, proto, text)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        fields = text_fields(text)
        container = spec["containers"][0]
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        self.assertIn(f"/etc/disclosure-{'hub' if 'hub' in workload else 'node'}"
                      f"/{key}", mounts)
        # The store lives on the StatefulSet's own volume.
        data_dir = fields["data_dir"][0]
        store_mount = [p for p, m in mounts.items()
                       if data_dir.startswith(p + "/") and m["name"] == "data"]
        self.assertTrue(store_mount, data_dir)
        self.assertEqual(w["spec"]["volumeClaimTemplates"][0]["metadata"]["name"],
                         "data")
        # Every file it names is mounted (or ships in the image), and a
        # file from a Secret is a key of that Secret.
        volumes = {v["name"]: v for v in spec["volumes"]}
        copies = {}
        for c in spec.get("initContainers", []):
            for m in c["volumeMounts"]:
                copies.setdefault(m["mountPath"], m["name"])
        for name, values in fields.items():
            if not (name.endswith("_file") or name == "export_dir"):
                continue
            for path in values:
                if path.startswith("/usr/share/disclosure-net/"):
                    continue
                folder = os.path.dirname(path)
                mount = [p for p in mounts if path.startswith(p + "/") or p == path]
                self.assertTrue(mount, f"{name}: {path} is not mounted")
                vol = volumes.get(mounts[mount[0]]["name"], {})
                if "emptyDir" in vol:
                    # Filled by the init container from a Secret.
                    init = spec["initContainers"][0]
                    secret_mount = init["command"][-1]
                    self.assertIn(folder, secret_mount, path)
                    source = re.search(r"install -m 0600 (\S+)/\* " +
                                       re.escape(folder), secret_mount).group(1)
                    secret_vol = [m["name"] for m in init["volumeMounts"]
                                  if m["mountPath"] == source][0]
                    secret = self.by_kind["Secret"][
                        volumes[secret_vol]["secret"]["secretName"]]
                    self.assertIn(os.path.basename(path), secret["stringData"],
                                  f"{name}: {path}")
        return fields, container

    def test_hub(self):
        fields, container = self.check_server(
            "disclosure-hub", "hub-config", "hub.textproto",
            "disclosure.v1.hub.HubConfig",
            "disclosure/v1/hub/hub_config.proto")
        self.assertTrue(fields["admin_listen"][0].startswith("127.0.0.1:"))
        ports = {p["containerPort"] for p in container["ports"]}
        self.assertIn(int(fields["index_listen"][0].rsplit(":", 1)[1]), ports)
        self.assertIn(int(fields["metrics_listen"][0].rsplit(":", 1)[1]), ports)
        # Every registered agency's endpoint is a Service of a node.
        services = self.by_kind["Service"]
        for endpoint in fields["endpoint"]:
            host, port = endpoint.rsplit(":", 1)
            service = host.split(".")[0]
            self.assertIn(service, services, endpoint)
            self.assertIn(int(port),
                          [p["port"] for p in services[service]["spec"]["ports"]])
        # The export volume is shared with the site, which reads it only.
        site = self.by_kind["Deployment"]["disclosure-site"]
        site_vols = site["spec"]["template"]["spec"]["volumes"]
        claim = [v for v in site_vols if "persistentVolumeClaim" in v][0]
        self.assertTrue(claim["persistentVolumeClaim"]["readOnly"])
        self.assertEqual(claim["persistentVolumeClaim"]["claimName"],
                         "disclosure-site")

    def test_node(self):
        fields, _ = self.check_server(
            "disclosure-node-mohw-nhia", "node-mohw-nhia-config",
            "node.textproto", "disclosure.v1.node.NodeConfig",
            "disclosure/v1/node/node_config.proto")
        self.assertTrue(fields["admin_listen"][0].startswith("127.0.0.1:"))

    def test_site_serves_the_shipped_nginx_config(self):
        conf = self.by_kind["ConfigMap"]["site-nginx"]["data"][
            "disclosure-site.conf"]
        shipped = read("deploy/nginx/disclosure-site.conf")
        self.assertEqual(conf, shipped.replace("@LISTEN@", "8080").replace(
            "@ROOT@", "/srv/disclosure/site").replace(
                "@INTAKE@", "disclosure-hub:7390").replace(
                    "@SEARCH@", "disclosure-hub:7400"))
        site = self.by_kind["Deployment"]["disclosure-site"]
        c = site["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["ports"][0]["containerPort"], 8080)


if __name__ == "__main__":
    unittest.main(verbosity=2)
