import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

/**
 * Every YAML file of the manifests folder: the Kubernetes objects of all of them (those the
 * kustomization lists and the optional ones: ingress.yaml, secret.example.yaml), and the
 * kustomization itself apart.
 */
export function loadManifests(dir) {
  const objects = [];
  const problems = [];
  let kustomization = null;
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    const docs = parseAllDocuments(text);
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) {
        problems.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
        return;
      }
      const object = doc.toJS();
      if (object === null || object === undefined) {
        return;
      }
      if (file === "kustomization.yaml" || file === "kustomization.yml") {
        kustomization = object;
        return;
      }
      objects.push({ file, index, object, where: `${file}: ${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}` });
    });
  }
  return { objects, kustomization, problems, files, exists: (name) => existsSync(join(dir, name)) };
}
