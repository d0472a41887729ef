// The validator must fail on broken manifests, not only pass the real ones: each case copies
// ops/k8s to a temporary folder, breaks one thing and expects the problem to be named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify } from "yaml";
import { validate } from "./validate.mjs";

const MANIFESTS = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A copy of the manifests with one object changed by edit(object), validated. */
async function problemsAfter(file, kind, name, edit) {
  const dir = mkdtempSync(join(tmpdir(), "dispotify-k8s-"));
  try {
    for (const f of readdirSync(MANIFESTS).filter((f) => f.endsWith(".yaml"))) copyFileSync(join(MANIFESTS, f), join(dir, f));
    const docs = parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((d) => d.toJS());
    const target = docs.find((d) => d.kind === kind && d.metadata.name === name);
    assert.ok(target, `${file} has no ${kind}/${name} to break`);
    edit(target);
    writeFileSync(join(dir, file), docs.map((d) => stringify(d)).join("---\n"));
    return (await validate(dir)).problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertReported(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n  ${problems.join("\n  ") || "(none)"}`);
}

const container = (o, name) => (o.spec.template.spec.containers ?? []).find((c) => c.name === name);
const env = (c, name) => c.env.find((e) => e.name === name);

test("the real manifests pass", async () => {
  const { problems, objects } = await validate(MANIFESTS);
  assert.deepEqual(problems, []);
  const kinds = objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`);
  for (const k of ["StatefulSet/dispotify-dns", "StatefulSet/dispotify-node", "Deployment/dispotify-router", "Service/dispotify-router",
    "PodDisruptionBudget/dispotify-node", "Secret/dispotify-secrets", "Ingress/dispotify"]) {
    assert.ok(kinds.includes(k), `${k} missing from ${kinds.join(", ")}`);
  }
});

test("a Service selector that selects no pod", async () => {
  const problems = await problemsAfter("routers.yaml", "Service", "dispotify-router", (s) => { s.spec.selector["app.kubernetes.io/component"] = "routr"; });
  assertReported(problems, /Service\/dispotify-router: selector .* selects no pod/);
});

test("a workload whose selector misses its own pod labels", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => { s.spec.selector.matchLabels["app.kubernetes.io/component"] = "data"; });
  assertReported(problems, /StatefulSet\/dispotify-node: spec.selector .* does not match the pod template's labels/);
});

test("a PodDisruptionBudget that selects nothing", async () => {
  const problems = await problemsAfter("nodes.yaml", "PodDisruptionBudget", "dispotify-node", (p) => { p.spec.selector.matchLabels["app.kubernetes.io/name"] = "spotify"; });
  assertReported(problems, /PodDisruptionBudget\/dispotify-node: selector .* selects no pod/);
  assertReported(problems, /StatefulSet\/dispotify-node: data-capable pods without a PodDisruptionBudget/);
});

test("a budget that could take both copies of a song", async () => {
  const problems = await problemsAfter("nodes.yaml", "PodDisruptionBudget", "dispotify-node", (p) => { p.spec.maxUnavailable = 2; });
  assertReported(problems, /PodDisruptionBudget\/dispotify-node: must let at most one data-capable pod/);
});

test("a probe on a port the container does not have", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => { container(s, "node").readinessProbe.httpGet.port = "admin"; });
  assertReported(problems, /container node: readinessProbe port "admin" is not a TCP port/);
});

test("a Service targetPort no container has", async () => {
  const problems = await problemsAfter("dns.yaml", "Service", "dispotify-dns", (s) => { s.spec.ports.find((p) => p.name === "dns-udp").targetPort = 5353; });
  assertReported(problems, /Service\/dispotify-dns: port dns-udp: targetPort 5353\/UDP is no container port/);
});

test("a UDP Service port on a TCP-only container port", async () => {
  const problems = await problemsAfter("dns.yaml", "Service", "dispotify-dns", (s) => { s.spec.ports.find((p) => p.name === "dns-udp").targetPort = "dns-tcp"; });
  assertReported(problems, /port dns-udp: targetPort "dns-tcp"\/UDP is no container port/);
});

test("an unknown field, deep and at the top of a spec", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => {
    s.spec.replica = 3;
    container(s, "node").livenessProbe.httpGet.paht = "/actuator/health";
  });
  assertReported(problems, /schema: unknown field \/spec\/replica\b/);
  assertReported(problems, /schema: unknown field \/spec\/template\/spec\/containers\/0\/livenessProbe\/httpGet\/paht/);
});

test("a value of the wrong type or outside an enum", async () => {
  const problems = await problemsAfter("dns.yaml", "Service", "dispotify-dns", (s) => { s.spec.ports[1].protocol = "udp"; s.spec.ports[0].port = "8500"; });
  assertReported(problems, /schema: \/spec\/ports\/1\/protocol must be equal to one of the allowed values/);
  assertReported(problems, /schema: \/spec\/ports\/0\/port must be integer/);
});

test("an object kind Kubernetes does not have", async () => {
  const problems = await problemsAfter("routers.yaml", "Deployment", "dispotify-router", (d) => { d.kind = "Deploymnet"; });
  assertReported(problems, /kind "Deploymnet" does not exist in apps\/v1/);
});

test("data-capable nodes without claim templates", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => { delete s.spec.volumeClaimTemplates; });
  assertReported(problems, /data-capable nodes need volumeClaimTemplates/);
  assertReported(problems, /volumeMount state names no volume or claim template/);
});

test("a claim template mounted somewhere other than the state directory", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => { container(s, "node").volumeMounts[0].mountPath = "/data"; });
  assertReported(problems, /the state directory \/var\/lib\/dispotify \(DISPOTIFY_DIR\) is not a volumeClaimTemplate's mount/);
});

test("a Secret key that does not exist", async () => {
  const problems = await problemsAfter("routers.yaml", "Deployment", "dispotify-router", (d) => { env(container(d, "router"), "DISPOTIFY_UPLOAD_TOKEN").valueFrom.secretKeyRef.key = "token"; });
  assertReported(problems, /reads key token of Secret dispotify-secrets, which has only cluster-secret, upload-token/);
});

test("a Secret that does not exist", async () => {
  const problems = await problemsAfter("dns.yaml", "StatefulSet", "dispotify-dns", (s) => { env(container(s, "dns"), "DISPOTIFY_CLUSTER_SECRET").valueFrom.secretKeyRef.name = "dispotify"; });
  assertReported(problems, /reads Secret dispotify, which no manifest/);
});

test("a StatefulSet governed by a Service that is not headless", async () => {
  const problems = await problemsAfter("dns.yaml", "StatefulSet", "dispotify-dns", (s) => { s.spec.serviceName = "dispotify-dns"; });
  assertReported(problems, /StatefulSet\/dispotify-dns: serviceName dispotify-dns is not a headless Service/);
});

test("a variable the node does not read, and one meant for the other command", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => {
    env(container(s, "node"), "DISPOTIFY_NAME_SERVERS").name = "DISPOTIFY_NAME_SERVER";
    container(s, "node").env.push({ name: "DISPOTIFY_DNS_PORT", value: "8600" });
  });
  assertReported(problems, /container node: DISPOTIFY_NAME_SERVER is not read by `dispotify node`/);
  assertReported(problems, /container node: DISPOTIFY_DNS_PORT is not read by `dispotify node`/);
});

test("an advertised host that is not the pod IP", async () => {
  const problems = await problemsAfter("nodes.yaml", "StatefulSet", "dispotify-node", (s) => { env(container(s, "node"), "DISPOTIFY_HOST").valueFrom.fieldRef.fieldPath = "spec.nodeName"; });
  assertReported(problems, /DISPOTIFY_HOST must be the pod IP/);
});

test("a name server beyond the name service's replicas", async () => {
  const problems = await problemsAfter("dns.yaml", "StatefulSet", "dispotify-dns", (s) => { s.spec.replicas = 1; });
  assertReported(problems, /name server dispotify-dns-1\.dispotify-dns-headless:8500: dispotify-dns has only 1 replicas/);
});
