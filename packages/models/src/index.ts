export * from "./generated/fhir-r4";
