#!/usr/bin/env python3
"""Checks deploy/kubernetes/*.yaml offline (python3 + PyYAML, Debian python3-yaml).

Policy checks: the expected kinds exist and are wired together (selectors,
ports, HPA/PDB targets), restricted pod security (runAsNonRoot, uid 10001, no
privilege escalation, drop ALL, seccomp RuntimeDefault, read-only root with a
Memory emptyDir on /tmp), probes (startup + readiness on /ready, liveness on
/health), preStop, terminationGracePeriodSeconds > preStop + drain timeout,
requests == limits, ONNXOCR_WORKERS unset (the server reads the CPU limit)
or equal to it. Schema check: if the
`kubernetes-validate` package (bundled OpenAPI schemas, works offline) is
importable, every document is also validated strictly against Kubernetes 1.30.
Exit 1 with the list of problems."""
import os
import sys
from pathlib import Path

import yaml

DIR = Path(os.environ.get("K8S_DIR") or Path(__file__).resolve().parents[2] / "deploy" / "kubernetes")
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def g(d, *path, default=None):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return default
        d = d[p]
    return d


docs = []
for f in sorted(DIR.glob("*.yaml")):
    if f.name == "kustomization.yaml":
        continue
    for d in yaml.safe_load_all(f.read_text()):
        if d:
            check("apiVersion" in d and "kind" in d and g(d, "metadata", "name"), f"{f.name}: apiVersion/kind/metadata.name missing")
            docs.append((f.name, d))
by_kind = {d["kind"]: d for _, d in docs}
for kind in ("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"):
    check(kind in by_kind, f"no {kind}")

dep = by_kind.get("Deployment", {})
labels = g(dep, "spec", "template", "metadata", "labels", default={})
sel = g(dep, "spec", "selector", "matchLabels", default={})
check(sel and all(labels.get(k) == v for k, v in sel.items()), "Deployment selector does not match template labels")
pod = g(dep, "spec", "template", "spec", default={})
psc = pod.get("securityContext", {})
check(psc.get("runAsNonRoot") is True, "pod runAsNonRoot must be true")
check(psc.get("runAsUser") == 10001, "pod runAsUser must be 10001")
check(g(psc, "seccompProfile", "type") == "RuntimeDefault", "pod seccompProfile must be RuntimeDefault")
cs = pod.get("containers", [])
check(len(cs) == 1, "expected one container")
c = cs[0] if cs else {}
sc = c.get("securityContext", {})
check(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation must be false")
check(sc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem must be true")
check(g(sc, "capabilities", "drop") == ["ALL"], "capabilities.drop must be [ALL]")
check(sc.get("runAsUser", 10001) == 10001 and sc.get("runAsNonRoot", True) is True, "container must run as 10001, non-root")
check(g(sc, "seccompProfile", "type", default="RuntimeDefault") == "RuntimeDefault", "container seccompProfile")
mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
vols = {v["name"]: v for v in pod.get("volumes", [])}
tmp = vols.get(mounts.get("/tmp"), {})
check(g(tmp, "emptyDir", "medium") == "Memory", "/tmp must be an emptyDir with medium: Memory")
env = {e["name"]: e.get("value") for e in c.get("env", [])}
check(env.get("ONNXOCR_UPLOAD_DIR", "/tmp") == "/tmp", "ONNXOCR_UPLOAD_DIR must be the /tmp mount")
for probe, path in (("startupProbe", "/ready"), ("readinessProbe", "/ready"), ("livenessProbe", "/health")):
    check(g(c, probe, "httpGet", "path") == path, f"{probe} must GET {path}")
ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
check(ports.get("http") == 5005, "container port http must be 5005")
res = c.get("resources", {})
check(res.get("requests") and res.get("requests") == res.get("limits"), f"requests must equal limits: {res}")
cpu = str(g(res, "limits", "cpu", default=""))
check(cpu.isdigit(), f"CPU limit must be whole cores (CPU manager static policy): {cpu!r}")
check(env.get("ONNXOCR_WORKERS") in (None, cpu),
      f"ONNXOCR_WORKERS {env.get('ONNXOCR_WORKERS')!r} must be unset or equal the CPU limit {cpu!r}")
check("ONNXOCR_THREADS" not in env, "serve has no ONNXOCR_THREADS (see ONNXOCR_THREADS_PER_WORKER)")
pre = g(c, "lifecycle", "preStop", "exec", "command", default=[])
check(pre[:1] == ["/bin/sleep"], "preStop must sleep")
pre_s = int(pre[1]) if len(pre) > 1 and str(pre[1]).isdigit() else 0
drain = int(env.get("ONNXOCR_DRAIN_TIMEOUT") or 30)
check(pod.get("terminationGracePeriodSeconds", 30) > pre_s + drain,
      f"terminationGracePeriodSeconds must exceed preStop {pre_s}s + drain {drain}s")

svc = by_kind.get("Service", {})
check(all(labels.get(k) == v for k, v in g(svc, "spec", "selector", default={"?": "?"}).items()), "Service selector does not match pods")
check(any(p.get("targetPort") in ("http", 5005) for p in g(svc, "spec", "ports", default=[])), "Service must target port http/5005")
pdb = by_kind.get("PodDisruptionBudget", {})
check(all(labels.get(k) == v for k, v in g(pdb, "spec", "selector", "matchLabels", default={"?": "?"}).items()), "PDB selector does not match pods")
check(g(pdb, "spec", "minAvailable") is not None or g(pdb, "spec", "maxUnavailable") is not None, "PDB needs minAvailable or maxUnavailable")
hpa = by_kind.get("HorizontalPodAutoscaler", {})
check(g(hpa, "spec", "scaleTargetRef", "name") == g(dep, "metadata", "name") and g(hpa, "spec", "scaleTargetRef", "kind") == "Deployment", "HPA must target the Deployment")
check(any(g(m, "resource", "name") == "cpu" for m in g(hpa, "spec", "metrics", default=[])), "HPA must scale on CPU")
check(g(hpa, "spec", "minReplicas", default=1) > g(pdb, "spec", "minAvailable", default=0), "HPA minReplicas must exceed PDB minAvailable")

schema = "skipped (kubernetes-validate not installed)"
try:
    import kubernetes_validate
    for name, d in docs:
        try:
            kubernetes_validate.validate(d, "1.30.0", strict=True)
        except Exception as e:  # ValidationError, InvalidSchemaError, ...
            errors.append(f"{name}: schema: {str(e)[:300]}")
    schema = "kubernetes-validate 1.30 strict"
except ImportError:
    pass

if errors:
    print("deploy/kubernetes: FAILED\n  " + "\n  ".join(errors))
    sys.exit(1)
print(f"deploy/kubernetes: {len(docs)} documents OK (policy checks; schema: {schema})")
