/**
 * Names that default to something derived from another answer. Filled in before
 * validation so that a bad derived value (e.g. project "class" -> package "class")
 * is reported against the option it lands in.
 */
/** Options whose default comes from another option, and which one. */
export const DERIVED_FROM: Record<string, string> = {
  packageName: "name",
  resourcePrefix: "name",
  k8sNamespace: "name",
  imageName: "name",
  metricPrefix: "packageName",
};

export function deriveOptions(options: Record<string, unknown>): Record<string, unknown> {
  const derived = { ...options };
  const name = typeof derived.name === "string" ? derived.name : undefined;
  if (name !== undefined) {
    derived.packageName ??= name.replaceAll("-", "_");
    derived.resourcePrefix ??= name;
    derived.k8sNamespace ??= name;
    derived.imageName ??= name;
  }
  if (typeof derived.packageName === "string") derived.metricPrefix ??= derived.packageName;
  return derived;
}
