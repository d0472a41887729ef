// Validation against the official Kubernetes OpenAPI schemas, as compiled by kubernetes-models
// (the version pinned in package.json carries Kubernetes v1.33.0's). Those schemas allow unknown
// fields (the API server's strict field validation is what rejects them), so the validator is also
// watched while it runs: every field it reads is a field the schema declares, and a field of the
// manifest it never read is one the schema does not know, which is what `kubectl apply
// --validate=strict` would refuse.

export const KUBERNETES_VERSION = "1.33.0";

const GROUP_MODULES = {
  "v1": () => import("kubernetes-models/v1"),
  "apps/v1": () => import("kubernetes-models/apps/v1"),
  "policy/v1": () => import("kubernetes-models/policy/v1"),
  "networking.k8s.io/v1": () => import("kubernetes-models/networking.k8s.io/v1"),
  "autoscaling/v2": () => import("kubernetes-models/autoscaling/v2"),
  "batch/v1": () => import("kubernetes-models/batch/v1"),
  "rbac.authorization.k8s.io/v1": () => import("kubernetes-models/rbac.authorization.k8s.io/v1"),
};

/** The kubernetes-models class of an object, or a reason why there is none. */
async function modelOf(apiVersion, kind) {
  const load = GROUP_MODULES[apiVersion];
  if (!load) {
    return { reason: `apiVersion ${JSON.stringify(apiVersion)} is not one this validator knows (${Object.keys(GROUP_MODULES).join(", ")})` };
  }
  const module = await load();
  const model = module[kind];
  if (typeof model !== "function" || model.kind !== kind) {
    return { reason: `kind ${JSON.stringify(kind)} does not exist in ${apiVersion} (Kubernetes ${KUBERNETES_VERSION})` };
  }
  return { model };
}

/** Problems of one object: schema violations, then fields the schema does not declare. */
export async function schemaProblems(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return ["is not a YAML mapping"];
  }
  const { model, reason } = await modelOf(object.apiVersion, object.kind);
  if (!model) {
    return [reason];
  }
  const watch = new ReadWatch();
  const problems = [];
  try {
    // setValidateFunc puts the compiled schema on the prototype; calling it on the watched plain
    // object validates exactly what the file says (a model instance would be a copy).
    model.prototype.validate.call(watch.wrap(object, ""));
  } catch (error) {
    if (!Array.isArray(error.errors)) {
      throw error;
    }
    for (const e of error.errors) {
      const detail = e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : "";
      problems.push(`schema: ${e.instancePath || "/"} ${e.message}${detail}`);
    }
  }
  for (const path of watch.unknownFields(object, "")) {
    problems.push(`schema: unknown field ${path} (not in Kubernetes ${KUBERNETES_VERSION}'s ${object.apiVersion} ${object.kind})`);
  }
  return problems;
}

/** Records which properties of which objects a validator reads, and which objects it iterates as maps. */
class ReadWatch {
  constructor() {
    this.records = new Map();
    this.proxies = new Map();
  }

  wrap(value, path) {
    if (value === null || typeof value !== "object") {
      return value;
    }
    if (this.proxies.has(value)) {
      return this.proxies.get(value);
    }
    const record = { read: new Set(), enumerated: false };
    this.records.set(value, record);
    const watch = this;
    const own = (target, key) => typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (own(target, key)) {
          record.read.add(key);
          return watch.wrap(Reflect.get(target, key, receiver), `${path}/${key}`);
        }
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        if (own(target, key)) {
          record.read.add(key);
        }
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        if (own(target, key)) {
          record.read.add(key);
        }
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        // A schema with additionalProperties (labels, annotations, resource quantities) iterates
        // its object: every key of a map is allowed by the schema.
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    this.proxies.set(value, proxy);
    return proxy;
  }

  /** Paths of fields the validator never looked at, below objects it did look at. */
  unknownFields(value, path) {
    const found = [];
    const record = this.records.get(value);
    if (!record || value === null || typeof value !== "object") {
      // Never reached: its parent field is unknown (reported there) or has a free-form schema.
      return found;
    }
    for (const key of Object.keys(value)) {
      const child = `${path}/${key}`;
      if (!Array.isArray(value) && !record.enumerated && !record.read.has(key)) {
        found.push(child);
        continue;
      }
      found.push(...this.unknownFields(value[key], child));
    }
    return found;
  }
}
