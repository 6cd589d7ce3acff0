import Handlebars from "handlebars";
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
  type HelperCall,
  type Program,
  type Statement,
} from "./template-program.js";

/**
 * Build time only (scripts/build-templates.mjs, and tests): a template's source, parsed by
 * Handlebars itself (its whitespace control and standalone lines included), turned
 * into the program template-runtime.ts renders. Each node is read the way Handlebars'
 * compiler reads it (which mustache is a helper call, which lookup is strict), so the
 * runtime needs no judgement of its own. Whatever the runtime does not implement is
 * refused here, naming the template, the place and the construct: a template can
 * never render differently from what Handlebars would make of it.
 */
export function compileTemplate(source: string, templateName: string): Program {
  const where = (node: hbs.AST.Node): string => `${templateName}:${node.loc.start.line}:${node.loc.start.column}`;
  const refuse = (node: hbs.AST.Node, what: string): never => {
    throw new Error(`${where(node)}: ${excerpt(source, node)}: ${what} is not supported by the template runtime (src/template-runtime.ts)`);
  };

  function program(node: hbs.AST.Program | undefined): Program {
    if (!node) return [];
    if (node.blockParams?.length) refuse(node, "block parameters (as |…|)");
    const out: Program = [];
    for (const statement of node.body) {
      const compiled = compileStatement(statement);
      if (compiled === undefined) continue;
      const previous = out[out.length - 1];
      // Adjacent text is one piece (what matters for how pieces add up, see the runtime).
      if (typeof compiled === "string" && typeof previous === "string") out[out.length - 1] = previous + compiled;
      else out.push(compiled);
    }
    return out;
  }

  function compileStatement(node: hbs.AST.Statement): Statement | undefined {
    switch (node.type) {
      case "ContentStatement":
        return (node as hbs.AST.ContentStatement).value || undefined; // emptied by whitespace control: no piece at all
      case "CommentStatement":
        return undefined;
      case "MustacheStatement":
        return mustache(node as hbs.AST.MustacheStatement);
      case "BlockStatement":
        return block(node as hbs.AST.BlockStatement);
      case "PartialStatement":
        return partial(node as hbs.AST.PartialStatement);
      case "PartialBlockStatement":
        return refuse(node, "a partial block {{#> …}}");
      case "DecoratorBlock":
      case "Decorator":
        return refuse(node, "a decorator {{* …}}");
      default:
        return refuse(node, `a ${node.type}`);
    }
  }

  function mustache(node: hbs.AST.MustacheStatement): Statement {
    // With noEscape, {{{x}}} renders as {{x}} does; one spelling keeps the templates uniform.
    if (!node.escaped) refuse(node, "an unescaped mustache {{{…}}} or {{&…}} (write {{…}})");
    if (node.hash) refuse(node, "a hash argument (name=value)");
    const path = plainPath(node.path);
    if (node.params.length > 0) return helperCall(node);
    if (isSimpleName(path)) {
      refuseBuiltIn(node, path);
      return [path.data ? DATA_AMBIGUOUS : AMBIGUOUS, path.parts[0] as string, path.loc.start.line, path.loc.start.column];
    }
    return [path.data ? DATA_VALUE : VALUE, path.parts, path.loc.start.line, path.loc.start.column];
  }

  function helperCall(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression): HelperCall {
    if (node.hash) refuse(node, "a hash argument (name=value)");
    const path = plainPath(node.path);
    if (path.data || !isSimpleName(path)) refuse(node, "a helper named by a path (a helper is a plain name)");
    refuseBuiltIn(node, path);
    return [HELPER_CALL, path.parts[0] as string, node.params.map(param), path.loc.start.line, path.loc.start.column];
  }

  function param(node: hbs.AST.Expression): Expression {
    switch (node.type) {
      case "PathExpression": {
        const path = plainPath(node);
        return [path.data ? DATA_PATH : CONTEXT_PATH, path.parts];
      }
      case "SubExpression":
        return helperCall(node as hbs.AST.SubExpression);
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return [LITERAL, (node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value];
      case "NullLiteral":
        return [LITERAL, null];
      case "UndefinedLiteral":
        return [LITERAL];
      default:
        return refuse(node, `a ${node.type} parameter`);
    }
  }

  function block(node: hbs.AST.BlockStatement): Statement {
    const path = plainPath(node.path);
    const name = path.parts[0];
    if (path.data || !isSimpleName(path) || (name !== "if" && name !== "unless" && name !== "each")) refuse(node, `the block {{#${path.original}}} (blocks are #if, #unless and #each)`);
    if (node.hash) refuse(node, "a hash argument (name=value)");
    if (node.params.length !== 1) refuse(node, `#${name} with ${node.params.length} parameters (it takes one)`);
    const condition = param(node.params[0] as hbs.AST.Expression);
    const fn = program(node.program);
    const inverse = program(node.inverse);
    if (name === "each") return [EACH_BLOCK, condition, fn, inverse];
    return name === "if" ? [IF_BLOCK, condition, fn, inverse] : [IF_BLOCK, condition, inverse, fn];
  }

  function partial(node: hbs.AST.PartialStatement): Statement {
    const name = node.name as hbs.AST.Node as hbs.AST.PathExpression | hbs.AST.StringLiteral;
    const plainName = (name.type === "PathExpression" && !name.data && name.depth === 0) || name.type === "StringLiteral";
    if (!plainName) refuse(node, "a partial named by an expression (a partial is a plain name)");
    if (node.params.length > 0) refuse(node, "a partial with a context parameter");
    if (node.hash) refuse(node, "a hash argument (name=value)");
    return node.indent ? [PARTIAL_CALL, name.original, node.indent] : [PARTIAL_CALL, name.original];
  }

  function plainPath(node: hbs.AST.Node): hbs.AST.PathExpression {
    // A literal in a helper's place ({{"x"}}, {{true}}) is a lookup by that name in Handlebars: say it plainly instead.
    if (node.type !== "PathExpression") return refuse(node, "a literal where a name belongs");
    const path = node as hbs.AST.PathExpression;
    if (path.depth > 0) refuse(path, "a parent path (../)");
    return path;
  }

  // Handlebars' own helpers (its knownHelpers) would answer to these names, not our tables.
  function refuseBuiltIn(node: hbs.AST.Node, path: hbs.AST.PathExpression): void {
    if (BUILT_IN_HELPERS.has(path.parts[0] as string)) refuse(node, `Handlebars' built-in helper ${path.parts[0]} outside a block`);
  }

  try {
    // What Handlebars.compile parses with: our COMPILE_OPTIONS hold nothing the parser reads (ignoreStandalone, srcName).
    return program(Handlebars.parse(source));
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(templateName) ? message : `${templateName}: ${message}`);
  }
}

const BUILT_IN_HELPERS = new Set(["if", "unless", "each", "with", "log", "lookup", "helperMissing", "blockHelperMissing"]);

/** As Handlebars' compiler decides whether a mustache may be a helper: one part, not this, ./ or ../. */
function isSimpleName(path: hbs.AST.PathExpression): boolean {
  return path.parts.length === 1 && !/^\.|this\b/.test(path.original) && !path.depth;
}

/** The source of a node, on one line and cut short: enough to find it. */
function excerpt(source: string, node: hbs.AST.Node): string {
  const lines = source.split("\n");
  const { start, end } = node.loc;
  const text = start.line === end.line ? (lines[start.line - 1] ?? "").slice(start.column, end.column) : `${(lines[start.line - 1] ?? "").slice(start.column)}…`;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
