// tests/openapi/validate.mjs [FILE] — checks the OpenAPI document (default ../../ops/openapi.json,
// relative to this script): valid against the OpenAPI 3.0 schema, every local $ref resolves, every
// path template parameter is declared, every response has X-Request-Id, and every route of
// CONTRACT.md §3–4 is there.
// Prints "openapi: valid (N paths)" and exits 0, or prints the problems and exits 1.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(process.argv[2] ?? resolve(here, "../../ops/openapi.json"));

// CONTRACT.md §3.1, §3.2, §3.3, §4 and the admin API of `tanggap user add`: method and path.
const ROUTES = [
  "GET /api/v1/services",
  "POST /api/v1/cases",
  "GET /api/v1/track/{id}",
  "GET /lapor",
  "POST /lapor",
  "GET /lacak",
  "GET /static/{name}",
  "GET /api/v1/cases",
  "GET /api/v1/cases/{id}",
  "GET /api/v1/cases/{id}/attachments/{sha256}",
  "POST /api/v1/cases/{id}/commands",
  "GET /api/v1/sla/breaches",
  "GET /api/v1/reports/response-times",
  "GET /api/v1/events",
  "POST /api/v1/admin/clock",
  "POST /api/v1/admin/users",
  "POST /api/v1/admin/backup",
  "GET /console",
  "GET /healthz",
  "GET /readyz",
  "GET /metrics",
  "GET /openapi.json",
  "GET /webhooks/whatsapp",
  "POST /webhooks/whatsapp",
  "POST /webhooks/telegram",
  "POST /webhooks/email",
];

function fail(problems) {
  console.error(`openapi: INVALID ${file}`);
  for (const p of problems) console.error(`  - ${typeof p === "string" ? p : JSON.stringify(p)}`);
  process.exit(1);
}

let doc;
try {
  doc = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  fail([`cannot read or parse: ${e.message}`]);
}

const validator = new Validator();
const result = await validator.validate(doc);
if (!result.valid) fail(Array.isArray(result.errors) ? result.errors : [result.errors]);

const problems = [];
if (!/^3\.0\.\d+$/.test(doc.openapi)) problems.push(`openapi is ${doc.openapi}, want 3.0.x`);

// Every local $ref points at something.
const pointer = (ref) =>
  ref.slice(2).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), doc);
(function walk(node, at) {
  if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${at}/${i}`));
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") {
      if (!v.startsWith("#/")) problems.push(`${at}: external $ref ${v}`);
      else if (pointer(v) === undefined) problems.push(`${at}: unresolved $ref ${v}`);
    } else walk(v, `${at}/${k}`);
  }
})(doc, "#");

// Path template parameters are declared on each operation (or the path item).
const deref = (p) => (p && p.$ref ? pointer(p.$ref) : p);
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  const wanted = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  for (const method of methods.filter((m) => item[m])) {
    const declared = [...(item.parameters ?? []), ...(item[method].parameters ?? [])]
      .map(deref).filter((p) => p && p.in === "path").map((p) => p.name);
    for (const name of wanted)
      if (!declared.includes(name)) problems.push(`${method.toUpperCase()} ${path}: path parameter {${name}} not declared`);
  }
}

// Every response, success or error, documents X-Request-Id.
for (const [path, item] of Object.entries(doc.paths ?? {}))
  for (const method of methods.filter((m) => item[m]))
    for (const [status, response] of Object.entries(item[method].responses ?? {}))
      if (!deref(response)?.headers?.["X-Request-Id"])
        problems.push(`${method.toUpperCase()} ${path} ${status}: no X-Request-Id header`);

// Every contract route is documented.
for (const route of ROUTES) {
  const [method, path] = route.split(" ");
  if (!doc.paths?.[path]?.[method.toLowerCase()]) problems.push(`missing route: ${route}`);
}

if (problems.length) fail(problems);
console.log(`openapi: valid (${Object.keys(doc.paths).length} paths)`);
