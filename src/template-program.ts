/**
 * A template as the build ships it (scripts/build-templates.mjs, made by
 * template-compiler.ts from Handlebars' own parse) and template-runtime.ts renders it:
 * plain JSON, so a run reads it with JSON.parse instead of compiling JavaScript. A
 * program is what to output, in order; text stays a string, everything else is a short
 * array whose first item says what it is. Whitespace control and standalone lines are
 * already applied, adjacent text is merged and empty text dropped (as Handlebars does:
 * the output of `{{a}}{{b}}` depends on it, see template-runtime.ts).
 */
export type Program = Statement[];

export type Statement = string | Expression | IfBlock | EachBlock | PartialCall;

export type Expression = Literal | ContextPath | DataPath | Value | DataValue | Ambiguous | DataAmbiguous | HelperCall;

/** Path parts after `this`: `{{this}}` is [], `{{a.b}}` is ["a", "b"]. */
export type Parts = string[];

/** Where a path starts in its template (1-based line, 0-based column), for strict mode's errors. */
type At = [line: number, column: number];

export const LITERAL = 0;
export const CONTEXT_PATH = 1;
export const DATA_PATH = 2;
export const VALUE = 3;
export const DATA_VALUE = 4;
export const AMBIGUOUS = 5;
export const DATA_AMBIGUOUS = 6;
export const HELPER_CALL = 7;
export const IF_BLOCK = 8;
export const EACH_BLOCK = 9;
export const PARTIAL_CALL = 10;

/** A string, number, boolean or null; without a value, undefined (JSON has none). */
export type Literal = [typeof LITERAL] | [typeof LITERAL, string | number | boolean | null];
/** A parameter's path (not strict: a missing last part is undefined). */
export type ContextPath = [typeof CONTEXT_PATH, Parts];
export type DataPath = [typeof DATA_PATH, Parts];
/** `{{a.b}}`, `{{this.a}}`, `{{this}}`: strict on the last part; a function found there is called. */
export type Value = [typeof VALUE, Parts, ...At];
export type DataValue = [typeof DATA_VALUE, Parts, ...At];
/** `{{name}}`: a helper of that name, else the context's field (strict). */
export type Ambiguous = [typeof AMBIGUOUS, string, ...At];
/** `{{@name}}`: a helper of that name, else the data field (strict). */
export type DataAmbiguous = [typeof DATA_AMBIGUOUS, string, ...At];
/** `{{name p…}}` and `(name p…)`: the helper, else a function in the context's field (strict). */
export type HelperCall = [typeof HELPER_CALL, string, Expression[], ...At];
/** `#if` (and `#unless`, its branches swapped); an absent branch is []. */
export type IfBlock = [typeof IF_BLOCK, Expression, Program, Program];
export type EachBlock = [typeof EACH_BLOCK, Expression, Program, Program];
/** `{{> name}}`; the indent of a standalone partial goes before each of its lines. */
export type PartialCall = [typeof PARTIAL_CALL, string] | [typeof PARTIAL_CALL, string, string];
