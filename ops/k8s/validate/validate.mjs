#!/usr/bin/env node
// Validates ops/k8s offline: every object against Kubernetes 1.33's schemas (kubernetes-models),
// then the cross-checks in lib/checks.mjs. Usage: node validate.mjs [manifest dir]
// Exits 1 with one line per problem, 0 when there is none.
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { loadManifests } from "./lib/load.mjs";
import { schemaProblems, KUBERNETES_VERSION } from "./lib/schema.mjs";
import { crossChecks } from "./lib/checks.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, "../../..");

/** Every problem of the manifests in dir, as "file: Kind/name: what is wrong" lines. */
export async function validate(dir, { repoRoot = REPO_ROOT } = {}) {
  const loaded = loadManifests(dir);
  const problems = [...loaded.problems];
  for (const o of loaded.objects) {
    for (const p of await schemaProblems(o.object)) problems.push(`${o.where}: ${p}`);
  }
  problems.push(...crossChecks(loaded, { repoRoot }));
  return { problems, objects: loaded.objects };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? resolve(here, ".."));
  const { problems, objects } = await validate(dir);
  if (problems.length > 0) {
    console.error(`ops/k8s validation FAILED (${dir}): ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log(`ops/k8s: ${objects.length} objects valid against Kubernetes ${KUBERNETES_VERSION}'s schemas (no unknown fields), and every cross-check passed:`);
  for (const o of objects) console.log(`  ok ${o.where}`);
}
