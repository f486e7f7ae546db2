// The page's glue: sorts the dropped files into the five inputs, hands them to the
// WebAssembly verifier (web/wasm, C ABI described in its src/abi.rs) and shows its answer.
"use strict";

const SLOTS = ["presentation", "request", "issuer", "manifest", "verifyingKey"];
const LABELS = {
  presentation: "the presentation",
  request: "the request",
  issuer: "the issuer's public key",
  manifest: "manifest.json",
  verifyingKey: "verifying.key",
};
const FORMATS = {
  "zkcred-presentation/v2": "presentation",
  "zkcred-issuer-public/v1": "issuer",
  "zkcred-params/v1": "manifest",
};
// The module refuses larger files (MAX_FILE_BYTES in web/wasm/src/check.rs).
const MAX_FILE_BYTES = 1 << 20;
const inputs = {};
let verifier = null;
let runs = 0;

const $ = (id) => document.getElementById(id);

// Over http the module is fetched; from file://, where fetch is refused, the page uses the
// base64 copy that zkcred_verifier.wasm.js defines.
async function moduleBytes() {
  if (location.protocol !== "file:") {
    const response = await fetch("zkcred_verifier.wasm");
    if (!response.ok) throw new Error(`zkcred_verifier.wasm: HTTP ${response.status}`);
    return response.arrayBuffer();
  }
  if (typeof window.ZKCRED_WASM_BASE64 !== "string") {
    throw new Error("zkcred_verifier.wasm.js is missing: run web/build.sh");
  }
  return Uint8Array.from(atob(window.ZKCRED_WASM_BASE64), (c) => c.charCodeAt(0));
}

async function loadVerifier() {
  const { instance } = await WebAssembly.instantiate(await moduleBytes(), {});
  return instance.exports;
}

// Which input a file is, from its content: the JSON files name their format (the request has
// a nonce instead); the verifying key is binary.
function classify(bytes) {
  let doc;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { slot: "verifyingKey" };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return { error: "JSON, but not a zkcred file" };
  }
  if (FORMATS[doc.format]) return { slot: FORMATS[doc.format] };
  if (typeof doc.format === "string" && doc.format.includes("secret")) {
    return { error: "a secret key: the verifier never needs it; keep it private" };
  }
  if ("nonce" in doc) return { slot: "request" };
  return { error: "JSON, but not a zkcred file" };
}

async function addFiles(fileList) {
  const notes = [];
  for (const file of fileList) {
    if (file.size > MAX_FILE_BYTES) {
      notes.push(`${file.name}: ${file.size} bytes, too large for any zkcred file`);
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = classify(bytes);
    if (kind.error) {
      notes.push(`${file.name}: ${kind.error}`);
      continue;
    }
    inputs[kind.slot] = { name: file.name, bytes };
    $(`slot-${kind.slot}`).textContent = file.name;
  }
  run(notes);
}

// Copies `bytes` into the module's memory; returns [pointer, length].
function place(bytes) {
  const ptr = verifier.zkcred_alloc(bytes.length);
  if (ptr === 0) throw new Error(`a file of ${bytes.length} bytes is too large`);
  new Uint8Array(verifier.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

// Runs the module's verify on the five inputs; returns [outcome, milliseconds].
function verifyInputs() {
  const placed = [];
  try {
    for (const slot of SLOTS) placed.push(place(inputs[slot].bytes));
    const started = performance.now();
    const out = verifier.zkcred_verify(...placed.flat());
    const ms = performance.now() - started;
    const view = new DataView(verifier.memory.buffer);
    const n = view.getUint32(out, true);
    const json = new TextDecoder().decode(new Uint8Array(verifier.memory.buffer, out + 4, n));
    verifier.zkcred_free(out, 4 + n);
    return [JSON.parse(json), ms];
  } finally {
    for (const [ptr, len] of placed) verifier.zkcred_free(ptr, len);
  }
}

function short(decimal) {
  return decimal.length > 16 ? `${decimal.slice(0, 8)}…${decimal.slice(-8)}` : decimal;
}

function describe(outcome) {
  const validity = outcome.validity;
  return [
    `verified: for ${outcome.verifier}, the holder of a credential from the issuer with key ` +
      `x = ${short(outcome.issuer.x)} proved:`,
    `  - that the credential is ${validity}`,
    ...outcome.conditions.map((c) => `  - ${c}`),
  ].join("\n");
}

function show(state, text, timing) {
  const result = $("result");
  result.className = state;
  result.textContent = text;
  $("time").textContent = timing;
  runs += 1;
  document.body.dataset.state = state;
  document.body.dataset.runs = String(runs);
}

function run(notes = []) {
  const missing = SLOTS.filter((slot) => !inputs[slot]);
  if (!verifier || missing.length > 0) {
    const waiting = verifier
      ? `waiting for ${missing.map((slot) => LABELS[slot]).join(", ")}`
      : "loading the verifier…";
    show("waiting", [...notes, waiting].join("\n"), "");
    return;
  }
  let outcome, ms;
  try {
    [outcome, ms] = verifyInputs();
  } catch (e) {
    // A trap leaves the instance unusable: load a fresh one for the next try.
    verifier = null;
    loadVerifier().then((v) => { verifier = v; });
    show("rejected", `rejected: the verifier failed (${e.message})`, "");
    return;
  }
  const timing = `verify took ${ms.toFixed(1)} ms in this browser`;
  if (outcome.result === "verified") {
    show("verified", describe(outcome), timing);
  } else {
    show("rejected", `rejected: ${outcome.reason}`, timing);
  }
}

function wire() {
  const drop = $("drop");
  $("files").addEventListener("change", (e) => addFiles(e.target.files));
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    addFiles(e.dataTransfer.files);
  });
}

wire();
loadVerifier().then(
  (v) => {
    verifier = v;
    document.body.dataset.wasm = "ready";
    run();
  },
  (e) => {
    document.body.dataset.wasm = "failed";
    show("rejected", `the verifier could not be loaded: ${e.message}`, "");
  },
);
