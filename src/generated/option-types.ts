/* Generated from schemas/ by scripts/generate-option-types.mjs. Do not edit. */

/**
 * Options every starter accepts. Each starter's schema extends this one with allOf and forbids unknown keys.
 */
export interface BaseOptions {
  /**
   * Starter to generate (see `create-devops-py list`).
   */
  template: string;
  /**
   * Project name: the directory, the distribution and the console script (kebab-case, e.g. my-costs).
   */
  name: string;
  /**
   * Python import package name (default: the project name with - replaced by _).
   */
  packageName: string;
  /**
   * One-line project description.
   */
  description: string;
  /**
   * Author name for pyproject and the licence.
   */
  authorName: string;
  /**
   * Author e-mail for pyproject.
   */
  authorEmail: string;
  /**
   * More authors for pyproject (answers and roster files only; cohort mode fills it from the team's members).
   *
   * @maxItems 50
   */
  coAuthors?: {
    name: string;
    email: string;
  }[];
  /**
   * GitHub handles that own the repository: written to .github/CODEOWNERS and the README's team section (cohort mode fills it from the members' handles).
   *
   * @maxItems 50
   */
  codeOwners?: string[];
  /**
   * Licence of the generated project (SPDX id, or Proprietary).
   */
  license: "MIT" | "Apache-2.0" | "BSD-3-Clause" | "Proprietary";
  /**
   * Minimum supported Python version; CI tests every version from it to the newest CPython the starters' dependencies support.
   */
  pythonVersion: "3.11" | "3.12" | "3.13" | "3.14";
  /**
   * CI provider to generate pipelines for.
   */
  ci: "github" | "gitlab" | "both";
  /**
   * Generate Kubernetes manifests (kustomize).
   */
  kubernetes: boolean;
  /**
   * Generate a pre-commit configuration.
   */
  preCommit: boolean;
  /**
   * Run git init and make the initial commit.
   */
  git: boolean;
  /**
   * Resolve the dependencies into uv.lock (uv lock) and commit it; CI, the Dockerfile and Dependabot then use the lock.
   */
  lock: boolean;
  /**
   * Prefix for cloud resource names and tags (default: the project name).
   */
  resourcePrefix: string;
  /**
   * Kubernetes namespace (default: the project name).
   */
  k8sNamespace: string;
  /**
   * Container image under ghcr.io: <owner>/<repository> of the GitHub repository that releases it (default: the project name).
   */
  imageName: string;
  /**
   * Prefix for Prometheus metric names (default: the package name).
   */
  metricPrefix: string;
}

export interface CicdFrameworkOwnOptions {
  /**
   * Default deployment strategy used by the generated settings and example pipeline.
   */
  strategy: "blue-green" | "canary" | "rolling";
}

export type CicdFrameworkOptions = BaseOptions & CicdFrameworkOwnOptions & { template: "cicd-framework" };

/**
 * One repository per team. `defaults` apply to every team; a team's `options` override them. Options are those of the base schema and of the team's starter.
 */
export interface CohortRoster {
  $schema?: string;
  /**
   * Options shared by every team (any base or starter option).
   */
  defaults?: {};
  /**
   * @minItems 1
   * @maxItems 1000
   */
  teams: [Team, ...Team[]];
}
export interface Team {
  /**
   * Team name; its slug names the directory and the per-team prefixes.
   */
  name: string;
  /**
   * Directory and name prefix of the team's repository (default: from the name). Needed when the name has no Latin letters or digits.
   */
  slug?: string;
  /**
   * Starter id (see `create-devops-py list`).
   */
  starter: string;
  /**
   * @minItems 1
   * @maxItems 50
   */
  members: [Member, ...Member[]];
  /**
   * Options for this team only; override `defaults`.
   */
  options?: {};
}
export interface Member {
  name: string;
  email: string;
  /**
   * GitHub handle: listed in the repository's .github/CODEOWNERS and its README.
   */
  handle?: string;
}

export interface ComplianceDashboardOwnOptions {
  /**
   * Compliance frameworks scored by default (checks map to controls of each).
   *
   * @minItems 1
   */
  frameworks: ["cis-aws" | "soc2" | "nist-800-53", ...("cis-aws" | "soc2" | "nist-800-53")[]];
}

export type ComplianceDashboardOptions = BaseOptions & ComplianceDashboardOwnOptions & { template: "compliance-dashboard" };

export interface ConfigManagerOwnOptions {
  /**
   * Remote transport to generate besides the always-present local one (ssh adds paramiko).
   */
  transport: "local" | "ssh";
}

export type ConfigManagerOptions = BaseOptions & ConfigManagerOwnOptions & { template: "config-manager" };

export interface CostEngineOwnOptions {
  /**
   * Currency of the savings figures in reports (prices are USD, converted at exchangeRate).
   */
  currency: "USD" | "EUR" | "GBP";
  /**
   * Units of the report currency per 1 USD (e.g. 0.92 for EUR); required for EUR and GBP, never assumed to be 1; ignored for USD.
   */
  exchangeRate: number;
}

export type CostEngineOptions = BaseOptions & CostEngineOwnOptions & { template: "cost-engine" };

export interface DrAutomationOwnOptions {
  /**
   * Database that backup, verify and restore target by default (both are included).
   */
  database: "sqlite" | "postgres";
  /**
   * Default storage target for backups (local directory or Amazon S3; both are included).
   */
  storage: "local" | "s3";
}

export type DrAutomationOptions = BaseOptions & DrAutomationOwnOptions & { template: "dr-automation" };

export interface InfraPlatformOwnOptions {
  /**
   * Clouds to generate provider adapters for (at least one); the local JSON provider is always included.
   *
   * @minItems 1
   */
  clouds: ["aws" | "azure" | "gcp", ...("aws" | "azure" | "gcp")[]];
}

export type InfraPlatformOptions = BaseOptions & InfraPlatformOwnOptions & { template: "infra-platform" };

export interface MlopsPipelineOwnOptions {
  /**
   * Default experiment tracking and model registry backend: local (filesystem + SQLite) or MLflow (adds mlflow-skinny).
   */
  tracking: "local" | "mlflow";
}

export type MlopsPipelineOptions = BaseOptions & MlopsPipelineOwnOptions & { template: "mlops-pipeline" };

export interface MonitoringOwnOptions {
  /**
   * Notification channels to generate adapters for (none: alerts are only printed by the dry-run notifier).
   *
   * @minItems 0
   */
  notifiers: ("slack" | "pagerduty" | "email")[];
}

export type MonitoringOptions = BaseOptions & MonitoringOwnOptions & { template: "monitoring" };
