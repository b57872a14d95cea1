// Validates Kubernetes manifests offline, strictly: every object against the Kubernetes (and prometheus-operator)
// schemas of the npm package kubernetes-models, and no field the schema does not know.
//
//   node validate-manifests.mjs --modules .tools/node_modules [FILE...]      (no FILE: stdin; multi-document YAML)
//
// Prints one JSON object: {"objects": [{source, apiVersion, kind, name, namespace, object}], "errors": [...]} and
// exits 1 when there is any error. kubernetes-models checks types, enums and required fields but, like the API
// server without --validate=strict, lets unknown fields through; a misspelled field (imagePullPolicyy) would then
// be silently dropped by the cluster. We catch those by watching which properties the compiled schema reads: every
// property a schema declares is read while validating; a key it never reads is unknown. Objects the schema treats as
// maps (labels, data) are enumerated rather than read, and objects it does not look into at all (free-form JSON) are
// left alone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
let modules = process.env.NOKEN_NODE_MODULES ?? "";
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--modules") modules = args[++i];
  else files.push(args[i]);
}
if (!modules) fail("--modules DIR (the node_modules holding kubernetes-models) is required");

const load = async (...path) => import(pathToFileURL(join(modules, ...path)).href);
const YAML = (await load("yaml", "dist", "index.js")).default;

// Where each API group's models live.
function modelPath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/"))
    return ["@kubernetes-models", "prometheus-operator", apiVersion, `${kind}.js`];
  return ["kubernetes-models", ...apiVersion.split("/"), `${kind}.js`];
}

async function modelClass(apiVersion, kind) {
  try {
    return (await load(...modelPath(apiVersion, kind)))[kind];
  } catch {
    return undefined;
  }
}

// Wraps every object in a proxy that records which keys the validator reads and whether it enumerates them.
function track(value, records, path) {
  if (Array.isArray(value)) return value.map((v, i) => track(v, records, `${path}/${i}`));
  if (value === null || typeof value !== "object") return value;
  const record = { path, keys: Object.keys(value), read: new Set(), enumerated: false };
  records.push(record);
  const copy = {};
  for (const key of record.keys) copy[key] = track(value[key], records, `${path}/${key}`);
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(records) {
  const unknown = [];
  for (const r of records) {
    if (r.enumerated || r.read.size === 0) continue; // a map, or a free-form object the schema does not describe
    for (const key of r.keys) if (!r.read.has(key)) unknown.push(`${r.path}/${key}`);
  }
  return unknown;
}

function fail(message) {
  process.stderr.write(`validate-manifests: ${message}\n`);
  process.exit(2);
}

const inputs = files.length ? files.map((f) => [f, readFileSync(f, "utf8")]) : [["stdin", readFileSync(0, "utf8")]];
const objects = [];
const errors = [];
const seen = new Set();

for (const [file, text] of inputs) {
  // Helm's and our renderer's "# Source: chart/templates/x.yaml" comment names the template an object came from.
  for (const doc of YAML.parseAllDocuments(text, { uniqueKeys: true })) {
    const comments = `${doc.commentBefore ?? ""}\n${doc.contents?.commentBefore ?? ""}`;
    const source = / ?Source: (\S+)/.exec(comments)?.[1] ?? file;
    if (doc.errors.length) {
      errors.push(`${source}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const where = `${source}: ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    if (typeof object !== "object" || !object.apiVersion || !object.kind) {
      errors.push(`${where}: not a Kubernetes object (apiVersion and kind are required)`);
      continue;
    }
    if (!object.metadata?.name) errors.push(`${where}: metadata.name is required`);
    const key = `${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
    if (seen.has(key)) errors.push(`${where}: defined twice`);
    seen.add(key);
    objects.push({ source, apiVersion: object.apiVersion, kind: object.kind, name: object.metadata?.name, namespace: object.metadata?.namespace ?? null, object });

    const Model = await modelClass(object.apiVersion, object.kind);
    if (!Model) {
      errors.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const records = [];
    try {
      Model.prototype.validate.call(track(object, records, ""));
    } catch (e) {
      errors.push(`${where}: ${e.message}`);
      continue; // a failed schema stops reading early: its unknown-field list would be noise
    }
    for (const field of unknownFields(records)) errors.push(`${where}: unknown field ${field}`);
  }
}

// exitCode, not exit(): exit() would cut a piped stdout off at 64 KiB (pipe writes are asynchronous).
process.stdout.write(JSON.stringify({ objects, errors }) + "\n");
process.exitCode = errors.length ? 1 : 0;
