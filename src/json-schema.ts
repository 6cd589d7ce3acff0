/** The subset of JSON Schema that option schemas use, plus our prompt annotations. */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  "x-prompt"?: string;
  "x-ask-if"?: JsonSchema;
  "x-pattern-message"?: string;
  "x-not-message"?: string;
  "x-required-message"?: string;
  "x-flag"?: boolean;
  [keyword: string]: unknown;
}
