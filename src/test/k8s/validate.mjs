// Validates rendered Kubernetes manifests offline: node validate.mjs <file.yaml>...
// Core and apps kinds against the Kubernetes API schemas (kubernetes-models: types, required fields, enums, formats;
// it does not refuse unknown fields), ServiceMonitor and PrometheusRule against the Prometheus Operator's
// (@kubernetes-models/prometheus-operator), KafkaTopic and KafkaUser against strimzi-v1beta2.schema.json (the fields of
// kafka.strimzi.io/v1beta2 that mfgsync uses, written from Strimzi's CRDs; unknown fields refused). A document of any
// other kind is an error: nothing is waved through unvalidated.
// Prints one line per document ("valid <apiVersion> <kind> <name>" or "INVALID ...: reasons"); exit 1 if any is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const strimziSchema = JSON.parse(readFileSync(new URL("./strimzi-v1beta2.schema.json", import.meta.url)));
const ajv = new Ajv({ allErrors: true, strict: false });
const strimzi = {
  KafkaTopic: ajv.compile({ ...strimziSchema, $ref: "#/$defs/KafkaTopic" }),
  KafkaUser: ajv.compile({ ...strimziSchema, $ref: "#/$defs/KafkaUser" }),
};

async function modelOf(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return (await import(`@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`))[kind];
  }
  return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
}

let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length) {
      invalid++;
      console.log(`INVALID ${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const doc = document.toJS();
    if (doc == null) continue;
    const what = `${doc.apiVersion} ${doc.kind} ${doc.metadata?.name}`;
    // kustomize writes binaryData as base64 wrapped in lines; the API server's base64 decoding skips the line breaks,
    // the schema's "byte" format does not
    for (const field of ["binaryData"]) {
      for (const key of Object.keys(doc[field] ?? {})) doc[field][key] = String(doc[field][key]).replace(/\s+/g, "");
    }
    try {
      if (doc.apiVersion === "kafka.strimzi.io/v1beta2" && strimzi[doc.kind]) {
        if (!strimzi[doc.kind](doc)) {
          throw new Error(strimzi[doc.kind].errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ": " + e.params.additionalProperty : ""}`).join("; "));
        }
      } else {
        let Model;
        try {
          Model = await modelOf(doc.apiVersion, doc.kind);
        } catch (e) {
          throw new Error(`no schema known for ${doc.apiVersion} ${doc.kind}`);
        }
        if (!Model) throw new Error(`no schema known for ${doc.apiVersion} ${doc.kind}`);
        new Model(doc).validate();
      }
      console.log(`valid ${what}`);
    } catch (e) {
      invalid++;
      console.log(`INVALID ${what}: ${String(e.message).replace(/\s+/g, " ")}`);
    }
  }
}
process.exit(invalid ? 1 : 0);
