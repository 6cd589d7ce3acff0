import {
  AMBIGUOUS,
  CONTEXT_PATH,
  DATA_AMBIGUOUS,
  DATA_PATH,
  DATA_VALUE,
  EACH_BLOCK,
  HELPER_CALL,
  IF_BLOCK,
  LITERAL,
  PARTIAL_CALL,
  VALUE,
  type Expression,
  type Parts,
  type Program,
  type Statement,
} from "./template-program.js";

/**
 * Renders a template program (template-program.ts) exactly as Handlebars 4.7 renders the
 * template it was made from, compiled with { noEscape: true, strict: true }: the same
 * lookups, the same strict-mode errors, the same #if/#unless/#each, partials and
 * helper calls. Only that subset exists (the build refuses anything else), and nothing
 * is set up per call: helpers and partials are plain tables.
 */

export type TemplateContext = Record<string, unknown>;

/** Called with `this` = the current context and, last, an options object ({ name, hash, data }). */
export type TemplateHelper = (this: unknown, ...args: unknown[]) => unknown;

export interface RenderTables {
  helpers: Readonly<Record<string, TemplateHelper>>;
  partials: Readonly<Record<string, Program>>;
}

/** @first, @index … : one frame per #each, the enclosing one as _parent; @root is the top context. */
type DataFrame = Record<string, unknown>;

// What a helper sees as `this` when the context is null or undefined (as Handlebars' nullContext).
const NULL_CONTEXT = Object.seal({});

const hasOwn = Object.prototype.hasOwnProperty;

export function render(program: Program, context: unknown, tables: RenderTables): string {
  return asText(run(program, context, { root: context }, tables));
}

// `"" + value`, as Handlebars turns a template's result into text (not String(), not a template literal: they differ for objects).
function asText(value: unknown): string {
  return "" + (value as string);
}

/**
 * The pieces joined by `+` from the first one, not from "": that is how Handlebars'
 * generated code appends, so two numbers side by side add up (`{{a}}{{b}}` with 1 and 2
 * is "3"). Text is a string, so only values side by side add up (a block whose output
 * is one value counts as that value; a partial and a loop over items give text).
 */
function run(program: Program, context: unknown, data: DataFrame, tables: RenderTables): unknown {
  const count = program.length;
  if (count === 0) return "";
  let output = piece(program[0] as Statement, context, data, tables) as string;
  for (let i = 1; i < count; i += 1) output += piece(program[i] as Statement, context, data, tables) as string;
  return output;
}

function piece(statement: Statement, context: unknown, data: DataFrame, tables: RenderTables): unknown {
  if (typeof statement === "string") return statement;
  switch (statement[0]) {
    case IF_BLOCK: {
      const self = context ?? NULL_CONTEXT;
      let condition = evaluate(statement[1], context, data, tables);
      if (typeof condition === "function") condition = condition.call(self);
      // Handlebars' isEmpty: false, 0, "", null, undefined and [] take the other branch.
      const empty = !condition || (Array.isArray(condition) && condition.length === 0);
      return run(empty ? statement[3] : statement[2], self, data, tables);
    }
    case EACH_BLOCK:
      return each(statement[1], statement[2], statement[3], context, data, tables);
    case PARTIAL_CALL:
      return partial(statement[1], statement[2], context, data, tables);
    default: {
      const value = evaluate(statement, context, data, tables);
      return value != null ? value : "";
    }
  }
}

function evaluate(expression: Expression, context: unknown, data: DataFrame, tables: RenderTables): unknown {
  switch (expression[0]) {
    case LITERAL:
      return expression[1];
    case CONTEXT_PATH:
      return lookup(context, expression[1]);
    case DATA_PATH:
      return lookup(data, expression[1]);
    case VALUE: {
      const value = strictLookup(context, expression[1], expression[2], expression[3]);
      return typeof value === "function" ? value.call(context) : value;
    }
    case DATA_VALUE: {
      const value = strictLookup(data, expression[1], expression[2], expression[3]);
      return typeof value === "function" ? value.call(context) : value;
    }
    case AMBIGUOUS:
    case DATA_AMBIGUOUS: {
      const name = expression[1];
      const found = ownHelper(tables, name) ?? strictField(expression[0] === AMBIGUOUS ? context : data, name, expression[2], expression[3]);
      return typeof found === "function" ? found.call(context ?? NULL_CONTEXT, { name, hash: {}, data }) : found;
    }
    case HELPER_CALL: {
      const name = expression[1];
      const helper = ownHelper(tables, name) ?? strictField(context, name, expression[3], expression[4]);
      const args = expression[2].map((param) => evaluate(param, context, data, tables));
      args.push({ name, hash: {}, data });
      if (typeof helper !== "function") throw new TypeError(`${name} is not a function`);
      return helper.apply(context ?? NULL_CONTEXT, args);
    }
  }
}

function ownHelper(tables: RenderTables, name: string): TemplateHelper | undefined {
  return hasOwn.call(tables.helpers, name) ? tables.helpers[name] : undefined;
}

/**
 * A field as Handlebars reads one: an own property only (an inherited one is undefined);
 * reading from null or undefined throws, as it does there.
 */
function field(parent: unknown, name: string): unknown {
  const value = (parent as Record<string, unknown>)[name];
  if (value == null) return value;
  return hasOwn.call(parent, name) ? value : undefined;
}

function lookup(start: unknown, parts: Parts): unknown {
  let value = start;
  for (const part of parts) value = field(value, part);
  return value;
}

/** Strict mode: every part but the last as usual, the last one must exist. */
function strictLookup(start: unknown, parts: Parts, line: number, column: number): unknown {
  const last = parts.length - 1;
  if (last < 0) return start;
  let value = start;
  for (let i = 0; i < last; i += 1) value = field(value, parts[i] as string);
  return strictField(value, parts[last] as string, line, column);
}

function strictField(parent: unknown, name: string, line: number, column: number): unknown {
  // `in` throws for a string or number, as in Handlebars; the message is Handlebars' own.
  if (!parent || !(name in (parent as object))) throw new Error(`"${name}" not defined in ${asText(parent)} - ${line}:${column}`);
  return field(parent, name);
}

function each(listExpression: Expression, body: Program, otherwise: Program, context: unknown, data: DataFrame, tables: RenderTables): unknown {
  const self = context ?? NULL_CONTEXT;
  let list = evaluate(listExpression, context, data, tables);
  if (typeof list === "function") list = list.call(self);
  // One frame for the whole loop, updated per item (the body sees it; nothing keeps it).
  const frame: DataFrame = { ...data, _parent: data };
  let output = "";
  let count = 0;
  const iteration = (key: string | number, index: number, last: boolean, item: unknown): void => {
    frame.key = key;
    frame.index = index;
    frame.first = index === 0;
    frame.last = last;
    output += run(body, item, frame, tables) as string;
  };
  if (list && typeof list === "object") {
    if (Array.isArray(list)) {
      for (const end = list.length; count < end; count += 1) if (count in list) iteration(count, count, count === end - 1, list[count]);
    } else if ((list as { [Symbol.iterator]?: unknown })[Symbol.iterator]) {
      const items = [...(list as Iterable<unknown>)];
      for (const end = items.length; count < end; count += 1) iteration(count, count, count === end - 1, items[count]);
    } else {
      const keys = Object.keys(list);
      for (const end = keys.length; count < end; count += 1) {
        const key = keys[count] as string;
        iteration(key, count, count === end - 1, (list as Record<string, unknown>)[key]);
      }
    }
  }
  return count === 0 ? run(otherwise, self, data, tables) : output;
}

function partial(name: string, indent: string | undefined, context: unknown, data: DataFrame, tables: RenderTables): string {
  const program = hasOwn.call(tables.partials, name) ? tables.partials[name] : undefined;
  if (!program) throw new Error(`The partial ${name} could not be found`);
  const output = asText(run(program, context, data, tables));
  if (!indent) return output;
  // Every line gets the indent, except the empty one after a final newline.
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i] && i + 1 === lines.length) break;
    lines[i] = indent + lines[i];
  }
  return lines.join("\n");
}
