// What the schemas cannot see: references between objects (selectors and the pods they select,
// ports that probes, Services and the Ingress name, Secrets and their keys, a StatefulSet's
// governing Service, its claim templates and mounts), and what Dispotify's images expect (the
// DISPOTIFY_* variables each command reads, the pod IP as the advertised host, the name servers).

import { readFileSync } from "node:fs";
import { join } from "node:path";

const WORKLOADS = new Set(["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Job"]);
// Downward API fields an env var may take (fieldRef), per the Kubernetes documentation.
const ENV_FIELD_PATHS = [/^metadata\.(name|namespace|uid)$/, /^metadata\.(labels|annotations)\['[^']+'\]$/,
  /^spec\.(nodeName|serviceAccountName)$/, /^status\.(hostIP|hostIPs|podIP|podIPs)$/];
// The state directory when DISPOTIFY_DIR is not set: the images' ENV.
const IMAGE_STATE_DIR = "/var/lib/dispotify";

/** Variables each image's command reads, from the command classes and the healthcheck script. */
export function readVariables(repoRoot) {
  const cli = join(repoRoot, "node/src/main/java/org/dispotify/node/cli");
  const fromJava = (...names) => {
    const found = new Set();
    for (const name of names) {
      const text = readFileSync(join(cli, name), "utf8");
      for (const m of text.matchAll(/\$\{env:(DISPOTIFY_[A-Z0-9_]+)/g)) found.add(m[1]);
      for (const m of text.matchAll(/=\s*"(DISPOTIFY_[A-Z0-9_]+)"/g)) found.add(m[1]);
    }
    return found;
  };
  const script = readFileSync(join(repoRoot, "ops/docker/healthcheck"), "utf8");
  return {
    node: fromJava("NodeCommand.java", "ClusterSecretOption.java"),
    dns: fromJava("DnsCommand.java", "ClusterSecretOption.java"),
    healthcheck: new Set([...script.matchAll(/\$\{(DISPOTIFY_[A-Z0-9_]+)/g)].map((m) => m[1])),
  };
}

function matchesSelector(selector, labels) {
  if (!selector) return false;
  labels = labels ?? {};
  const matchLabels = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok = e.operator === "In" ? has && e.values.includes(labels[e.key])
      : e.operator === "NotIn" ? !has || !e.values.includes(labels[e.key])
        : e.operator === "Exists" ? has : !has;
    if (!ok) return false;
  }
  return Object.keys(matchLabels).length > 0 || (selector.matchExpressions ?? []).length > 0;
}

function podTemplates(objects) {
  return objects.filter((o) => WORKLOADS.has(o.object.kind) && o.object.spec?.template)
    .map((o) => ({ owner: o, template: o.object.spec.template }));
}

function containersOf(podSpec, withInit = true) {
  return [...(podSpec?.containers ?? []), ...(withInit ? podSpec?.initContainers ?? [] : [])];
}

function portFits(ports, ref, protocol) {
  return (ports ?? []).some((p) => (typeof ref === "number" ? p.containerPort === ref : p.name === ref)
    && (p.protocol ?? "TCP") === (protocol ?? "TCP"));
}

export function crossChecks({ objects, kustomization, exists }, { repoRoot } = {}) {
  const problems = [];
  const report = (o, message) => problems.push(`${o.where}: ${message}`);
  const byKind = (kind) => objects.filter((o) => o.object.kind === kind);
  const templates = podTemplates(objects);
  const secrets = new Map(byKind("Secret").map((o) => [o.object.metadata.name,
    new Set([...Object.keys(o.object.data ?? {}), ...Object.keys(o.object.stringData ?? {})])]));
  let variables = null;
  if (repoRoot) {
    try {
      variables = readVariables(repoRoot);
    } catch (error) {
      problems.push(`cannot learn which DISPOTIFY_* variables the images read (from ${repoRoot}): ${error.message}`);
    }
  }

  // Workloads: own selector, containers, ports, probes, mounts, secrets, environment.
  for (const { owner, template } of templates) {
    const spec = owner.object.spec;
    if (!matchesSelector(spec.selector, template.metadata?.labels)) {
      report(owner, `spec.selector ${JSON.stringify(spec.selector)} does not match the pod template's labels ${JSON.stringify(template.metadata?.labels ?? {})}`);
    }
    const podSpec = template.spec ?? {};
    const volumes = new Set([...(podSpec.volumes ?? []).map((v) => v.name),
      ...(spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name)]);
    for (const c of containersOf(podSpec)) {
      for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const probe = c[kind];
        const handler = probe?.httpGet ?? probe?.tcpSocket ?? probe?.grpc;
        if (handler && !portFits(c.ports, handler.port, "TCP")) {
          report(owner, `container ${c.name}: ${kind} port ${JSON.stringify(handler.port)} is not a TCP port of that container`);
        }
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) report(owner, `container ${c.name}: volumeMount ${m.name} names no volume or claim template`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !ref.optional) {
          if (!secrets.has(ref.name)) report(owner, `container ${c.name}: env ${e.name} reads Secret ${ref.name}, which no manifest (or secret.example.yaml) defines`);
          else if (!secrets.get(ref.name).has(ref.key)) report(owner, `container ${c.name}: env ${e.name} reads key ${ref.key} of Secret ${ref.name}, which has only ${[...secrets.get(ref.name)].join(", ")}`);
        }
        const field = e.valueFrom?.fieldRef?.fieldPath;
        if (field && !ENV_FIELD_PATHS.some((p) => p.test(field))) {
          report(owner, `container ${c.name}: env ${e.name} takes fieldRef ${field}, which the downward API does not give to env vars`);
        }
      }
      for (const from of c.envFrom ?? []) {
        if (from.secretRef && !from.secretRef.optional && !secrets.has(from.secretRef.name)) {
          report(owner, `container ${c.name}: envFrom Secret ${from.secretRef.name} is defined nowhere`);
        }
      }
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory || !c.resources?.limits?.cpu) {
        report(owner, `container ${c.name}: needs cpu and memory requests and limits`);
      }
      dispotifyChecks(owner, podSpec, c, objects, variables, report);
    }
    for (const v of podSpec.volumes ?? []) {
      if (v.secret && !v.secret.optional && !secrets.has(v.secret.secretName)) {
        report(owner, `volume ${v.name} mounts Secret ${v.secret.secretName}, which is defined nowhere`);
      }
    }
    for (const claim of spec.volumeClaimTemplates ?? []) {
      if (!containersOf(podSpec).some((c) => (c.volumeMounts ?? []).some((m) => m.name === claim.metadata?.name))) {
        report(owner, `volumeClaimTemplate ${claim.metadata?.name} is mounted by no container`);
      }
    }
  }

  // StatefulSets: a governing headless Service that selects their pods.
  for (const sts of byKind("StatefulSet")) {
    const name = sts.object.spec.serviceName;
    const svc = byKind("Service").find((s) => s.object.metadata.name === name);
    if (!name || !svc) {
      report(sts, `serviceName ${JSON.stringify(name)} names no Service in the manifests`);
    } else if (svc.object.spec.clusterIP !== "None") {
      report(sts, `serviceName ${name} is not a headless Service (clusterIP: None)`);
    } else if (!matchesSelector(svc.object.spec.selector, sts.object.spec.template.metadata?.labels)) {
      report(sts, `its headless Service ${name} does not select its pods`);
    }
  }

  // Services: select some pod template, and each targetPort is a port of the containers selected.
  for (const svc of byKind("Service")) {
    const selector = svc.object.spec?.selector;
    if (!selector || svc.object.spec.type === "ExternalName") continue;
    const selected = templates.filter((t) => matchesSelector({ matchLabels: selector }, t.template.metadata?.labels));
    if (selected.length === 0) {
      report(svc, `selector ${JSON.stringify(selector)} selects no pod of any workload in the manifests`);
      continue;
    }
    for (const port of svc.object.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const t of selected) {
        if (!containersOf(t.template.spec, false).some((c) => portFits(c.ports, target, port.protocol))) {
          report(svc, `port ${port.name ?? port.port}: targetPort ${JSON.stringify(target)}/${port.protocol ?? "TCP"} is no container port of ${t.owner.where}`);
        }
      }
    }
  }

  // PodDisruptionBudgets: select some pods; data-capable pods (a StatefulSet with disks) are
  // covered by a budget that lets at most one go at a time, so never both copies of a song.
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!templates.some((t) => matchesSelector(pdb.object.spec.selector, t.template.metadata?.labels))) {
      report(pdb, `selector ${JSON.stringify(pdb.object.spec.selector)} selects no pod of any workload in the manifests`);
    }
  }
  for (const sts of byKind("StatefulSet").filter(isDataCapable)) {
    const labels = sts.object.spec.template.metadata?.labels;
    const budgets = byKind("PodDisruptionBudget").filter((p) => matchesSelector(p.object.spec.selector, labels));
    if (budgets.length === 0) {
      report(sts, "data-capable pods without a PodDisruptionBudget");
    }
    for (const p of budgets) {
      const { maxUnavailable, minAvailable } = p.object.spec;
      const replicas = sts.object.spec.replicas ?? 1;
      const ok = maxUnavailable !== undefined ? maxUnavailable === 1 : typeof minAvailable === "number" && minAvailable >= replicas - 1;
      if (!ok) report(p, `must let at most one data-capable pod of ${sts.object.metadata.name} go at a time (maxUnavailable: 1), has ${JSON.stringify({ maxUnavailable, minAvailable })}`);
    }
  }

  // Ingress: backends are Services of the manifests, by a port they have.
  for (const ing of byKind("Ingress")) {
    for (const rule of ing.object.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const svc = byKind("Service").find((s) => s.object.metadata.name === backend?.name);
        if (!svc) report(ing, `backend Service ${backend?.name} is defined nowhere`);
        else if (!(svc.object.spec.ports ?? []).some((p) => (backend.port.name ? p.name === backend.port.name : p.port === backend.port.number))) {
          report(ing, `backend Service ${backend.name} has no port ${JSON.stringify(backend.port)}`);
        }
      }
    }
  }

  // The kustomization: its resources exist, and it retags every image the manifests use.
  if (!kustomization) {
    problems.push("kustomization.yaml: missing");
  } else {
    for (const r of kustomization.resources ?? []) {
      if (!exists(r)) problems.push(`kustomization.yaml: resource ${r} does not exist`);
    }
    const listed = new Set((kustomization.images ?? []).map((i) => i.name));
    for (const { owner, template } of templates) {
      for (const c of containersOf(template.spec)) {
        const name = c.image.replace(/[:@].*$/, "");
        if (!listed.has(name)) report(owner, `container ${c.name}: image ${name} is not in kustomization.yaml's images`);
      }
    }
  }
  return problems;
}

/** A StatefulSet of `dispotify node` pods that may hold songs (role auto or data). */
function isDataCapable(sts) {
  return containersOf(sts.object.spec.template.spec, false).some((c) => runs(c) === "node"
    && ["auto", "data", undefined].includes(envValue(c, "DISPOTIFY_ROLE")));
}

/** Which program a container runs: the image's `node` or `dns` command, or its healthcheck script. */
function runs(c) {
  if (c.command) return c.command.join(" ").includes("dispotify-healthcheck") ? "healthcheck" : "other";
  const image = c.image.replace(/[:@].*$/, "").split("/").pop();
  if (image === "dispotify-dns") return c.args?.[0] ?? "dns";
  if (image === "dispotify-node") return c.args?.[0] ?? "node";
  return "other";
}

function envValue(c, name) {
  return (c.env ?? []).find((e) => e.name === name)?.value;
}

function dispotifyChecks(owner, podSpec, c, objects, variables, report) {
  const program = runs(c);
  if (variables && variables[program]) {
    for (const e of c.env ?? []) {
      if (e.name.startsWith("DISPOTIFY_") && !variables[program].has(e.name)) {
        report(owner, `container ${c.name}: ${e.name} is not read by ${program === "healthcheck" ? "ops/docker/healthcheck" : `\`dispotify ${program}\``}`);
      }
    }
  }
  if (program !== "node") return;
  const host = (c.env ?? []).find((e) => e.name === "DISPOTIFY_HOST");
  if (host?.valueFrom?.fieldRef?.fieldPath !== "status.podIP") {
    report(owner, `container ${c.name}: DISPOTIFY_HOST must be the pod IP (valueFrom.fieldRef status.podIP): it is the address the node registers`);
  }
  if (owner.object.kind === "StatefulSet" && isDataCapable(owner)) {
    const dir = envValue(c, "DISPOTIFY_DIR") ?? IMAGE_STATE_DIR;
    const claims = new Set((owner.object.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
    if (claims.size === 0) {
      report(owner, `data-capable nodes need volumeClaimTemplates (a disk per pod) for their state directory ${dir}`);
    } else if (!(c.volumeMounts ?? []).some((m) => m.mountPath.replace(/\/$/, "") === dir.replace(/\/$/, "") && claims.has(m.name))) {
      report(owner, `container ${c.name}: the state directory ${dir} (DISPOTIFY_DIR) is not a volumeClaimTemplate's mount`);
    }
  }
  const servers = envValue(c, "DISPOTIFY_NAME_SERVERS");
  for (const entry of (servers ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)-(\d+)\.([a-z0-9-]+):(\d+)$/.exec(entry);
    const sts = m && objects.find((o) => o.object.kind === "StatefulSet" && o.object.metadata.name === m[1]);
    if (!sts) {
      report(owner, `container ${c.name}: name server ${entry} is not <statefulset>-<ordinal>.<headless service>:<port> of a StatefulSet here (every name service must be named: they do not share records)`);
      continue;
    }
    if (Number(m[2]) >= (sts.object.spec.replicas ?? 1)) report(owner, `container ${c.name}: name server ${entry}: ${m[1]} has only ${sts.object.spec.replicas ?? 1} replicas`);
    if (sts.object.spec.serviceName !== m[3]) report(owner, `container ${c.name}: name server ${entry}: ${m[1]}'s pods are named under ${sts.object.spec.serviceName}, not ${m[3]}`);
    if (!containersOf(sts.object.spec.template.spec, false).some((x) => portFits(x.ports, Number(m[4]), "TCP"))) {
      report(owner, `container ${c.name}: name server ${entry}: ${m[1]} has no container port ${m[4]}`);
    }
  }
}

