import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/template-compiler.js";
import { COMPILE_OPTIONS, createTemplateEngine } from "../../src/template-engine.js";
import { TEMPLATE_HELPERS } from "../../src/template-helpers.js";
import type { Program } from "../../src/template-program.js";
import { render, type TemplateHelper } from "../../src/template-runtime.js";

// Extra helpers for these tests only: what a helper receives, and what `this` is.
const TEST_HELPERS: Record<string, TemplateHelper> = {
  show: (...args: unknown[]) => JSON.stringify(args.slice(0, -1)),
  self: function (this: unknown) {
    return JSON.stringify(this);
  },
  count: (...args: unknown[]) => args.length - 1,
};

type Outcome = { output: string } | { error: string };

function outcome(run: () => string): Outcome {
  try {
    return { output: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The template rendered by full Handlebars (compiled as the build did) and by the runtime. */
function bothWays(template: string, context: unknown, partials: Record<string, string> = {}): { handlebars: Outcome; runtime: Outcome } {
  const hb = createTemplateEngine();
  for (const [name, helper] of Object.entries(TEST_HELPERS)) hb.registerHelper(name, helper);
  for (const [name, text] of Object.entries(partials)) hb.registerPartial(name, hb.compile(text, COMPILE_OPTIONS));
  const programs: Record<string, Program> = Object.fromEntries(Object.entries(partials).map(([name, text]) => [name, compileTemplate(text, `partial ${name}`)]));
  const tables = { helpers: { ...TEMPLATE_HELPERS, ...TEST_HELPERS }, partials: programs };
  return {
    handlebars: outcome(() => hb.compile(template, COMPILE_OPTIONS)(context)),
    runtime: outcome(() => render(compileTemplate(template, "test"), context, tables)),
  };
}

/** Same output, or the same error, and returns the output for a closer look. */
function agree(template: string, context: unknown, partials: Record<string, string> = {}): string {
  const { handlebars, runtime } = bothWays(template, context, partials);
  expect(runtime, template).toEqual(handlebars);
  return "output" in runtime ? runtime.output : runtime.error;
}

describe("template runtime renders what Handlebars renders (noEscape, strict)", () => {
  it("text, comments and escaped mustaches", () => {
    expect(agree("plain\ntext\n", {})).toBe("plain\ntext\n");
    expect(agree("a{{! a comment }}b{{!-- {{ not this }} --}}c", {})).toBe("abc");
    expect(agree("run: $\\{{ github.ref }} and \\\\{{x}}", { x: 1 })).toBe("run: ${{ github.ref }} and \\1");
    expect(agree("line\n  {{! standalone comment }}\nnext\n", {})).toBe("line\nnext\n");
  });

  it("lookups and how values print", () => {
    const context = { s: "text", n: 3, zero: 0, t: true, f: false, none: null, list: [1, "b", [2, 3]], obj: { a: { b: { c: "deep" } } }, empty: "" };
    expect(agree("{{s}} {{n}} {{zero}} {{t}} {{f}} [{{none}}] {{list}} {{obj}} [{{empty}}]", context)).toBe("text 3 0 true false [] 1,b,2,3 [object Object] []");
    expect(agree("{{obj.a.b.c}} {{this.s}} {{list.length}}", context)).toBe("deep text 3");
    expect(agree("{{#each list}}<{{this}}>{{/each}}", context)).toBe("<1><b><2,3>");
    // Handlebars appends with `+` from the first piece: adjacent numbers add up.
    expect(agree("{{n}}{{n}}", context)).toBe("6");
    expect(agree("{{t}}{{n}}-{{n}}{{n}}", context)).toBe("4-33");
    expect(agree("{{#if t}}{{n}}{{/if}}{{n}}", context)).toBe("6");
    expect(agree("{{#each list}}{{else}}{{n}}{{/each}}{{n}}|{{> p}}{{n}}", { n: 3, list: [] }, { p: "{{n}}" })).toBe("6|33");
    const valued = { v: { valueOf: () => 7, toString: () => "text" } };
    expect(agree("{{v}}", valued)).toBe("7");
    expect(agree("{{v}}|{{#each list}}{{this}}{{/each}}", { ...valued, list: [valued.v] })).toBe("7|7");
    // Own properties only: an inherited one reads as undefined; `in` on a string throws, as there.
    expect(agree("{{obj.constructor}}|{{list.constructor}}|", context)).toBe("||");
    expect(agree("{{s.toString}}", context)).toContain("Cannot use 'in' operator");
  });

  it("strict mode: a missing field throws, naming it and where it is", () => {
    expect(agree("ok\n  {{missing}}", { a: 1 })).toBe('"missing" not defined in [object Object] - 2:4');
    expect(agree("{{obj.missing}}", { obj: {} })).toContain('"missing" not defined');
    expect(agree("{{obj.none.x}}", { obj: {} })).toContain('"x" not defined in undefined');
    expect(agree("{{gone.x}}", {})).toBe('"x" not defined in undefined - 1:2');
    expect(agree("{{gone.x.y}}", {})).toContain("Cannot read properties of undefined (reading 'x')");
    expect(agree("{{#each list}}{{name}}{{/each}}", { list: [{ name: "a" }, null] })).toContain('"name" not defined in null');
    expect(agree("{{show missing}}", {})).toBe('[null]'); // a parameter is not strict
    expect(agree("{{#if missing}}y{{else}}n{{/if}}", {})).toBe("n");
    expect(agree("{{nohelper 1}}", {})).toContain('"nohelper" not defined');
    expect(agree("{{> nowhere}}", {})).toBe("The partial nowhere could not be found");
    expect(agree("{{> inner}}", { a: {} }, { inner: "x\n{{a.b}}" })).toContain('"b" not defined in [object Object] - 2:2');
  });

  it("helpers: literals, paths, sub-expressions, this and the options argument", () => {
    const context = { kind: "web", list: ["a", "b"], clouds: ["aws"], n: 2, name: "me" };
    expect(agree('{{show "s" 1 -2.5 true false null undefined kind list this.n}}', context)).toBe('["s",1,-2.5,true,false,null,null,"web",["a","b"],2]');
    expect(agree('{{show (eq kind "web") (includes clouds "gcp") (and (or n 0) (not (eq n 3)))}}', context)).toBe("[true,false,true]");
    expect(agree("{{self}} {{#each list}}{{self}}{{/each}}", { list: [1] })).toBe('{"list":[1]} 1');
    expect(agree("{{count}} {{count 1 2 3}}", {})).toBe("0 3");
    expect(agree('{{join list " + "}} {{json kind}} {{json list}} {{toml name}} {{py name}} {{yamlList list}}', context)).toBe('a + b "web" ["a","b"] "me" "me" ["a", "b"]');
    expect(agree("{{yaml n}}", context)).toContain("{{yaml}} expects a string");
    // A field that shares a helper's name: the helper wins, as in Handlebars.
    expect(agree("{{count}}", { count: 9 })).toBe("0");
  });

  it("#if, #unless and else-if chains", () => {
    const chain = '{{#if (eq k "a")}}A{{else if (eq k "b")}}B{{else if k}}other{{else}}none{{/if}}';
    expect(["a", "b", "c", ""].map((k) => agree(chain, { k }))).toEqual(["A", "B", "other", "none"]);
    const truth = "{{#if v}}yes{{else}}no{{/if}}/{{#unless v}}un{{else}}less{{/unless}}";
    for (const v of [0, 1, "", "x", [], [0], {}, null, false, true]) agree(truth, { v });
    expect(agree(truth, { v: [] })).toBe("no/un");
    expect(agree(truth, { v: 0 })).toBe("no/un");
    expect(agree("{{^if v}}not{{/if}}", { v: false })).toBe("not");
    expect(agree("{{#each list}}{{#if this}}{{this}}{{/if}}{{/each}}", { list: [null, 0, "x"] })).toBe("x");
  });

  it("#each: arrays, objects, empty lists, @index, @key, @first, @last, nested", () => {
    const context = { rows: [{ cells: [1, 2] }, { cells: [] }, { cells: [3] }], obj: { x: 1, y: 2 }, empty: [], none: null, text: "abc" };
    expect(agree("{{#each rows}}{{@index}}[{{#each cells}}{{#if @first}}^{{/if}}{{this}}{{#unless @last}},{{/unless}}{{else}}empty{{/each}}]{{#unless @last}};{{/unless}}{{/each}}", context)).toBe("0[^1,2];1[empty];2[^3]");
    expect(agree("{{#each obj}}{{@key}}={{this}}{{#if @last}}.{{/if}}{{/each}}", context)).toBe("x=1y=2.");
    expect(agree("{{#each empty}}x{{else}}nothing{{/each}} {{#each none}}x{{else}}null{{/each}} {{#each text}}x{{else}}string{{/each}}", context)).toBe("nothing null string");
    expect(agree("{{#each rows}}{{#each cells}}{{@index}}{{/each}}|{{/each}}", context)).toBe("01||0|");
  });

  it("whitespace control and standalone lines, as Handlebars' parser applies them", () => {
    const template = "list:\n  {{#each items}}\n  - {{this}}\n  {{else}}\n  - none\n  {{/each}}\nend {{~ x ~}}  \n  tail\n{{#if x}}\n\n{{/if}}\n";
    agree(template, { items: ["a", "b"], x: "!" });
    agree(template, { items: [], x: "" });
  });

  it("partials: context, data, indentation of a standalone partial, nesting", () => {
    const partials = { item: "- {{name}}{{#if @last}} (last){{/if}}\n", block: "first\n  {{> item}}\nlast\n", inline: "in{{name}}" };
    const template = "top:\n  {{> block}}\n{{#each people}}\n    {{> item}}\n{{/each}}\nend {{> inline}}.\n";
    const output = agree(template, { name: "root", people: [{ name: "a" }, { name: "b" }] }, partials);
    expect(output).toBe("top:\n  first\n    - root\n  last\n    - a\n    - b (last)\nend inroot.\n");
  });
});

describe("the build refuses what the runtime does not implement, naming the template and the construct", () => {
  const refused: [string, RegExp][] = [
    ["{{#with person}}{{name}}{{/with}}", /x\.hbs:1:0: \{\{#with person\}\}.*the block \{\{#with\}\}/],
    ["a\n{{{triple}}}", /x\.hbs:2:0: \{\{\{triple\}\}\}: an unescaped mustache/],
    ["{{&amp}}", /unescaped mustache/],
    ["{{x a=1}}", /x\.hbs:1:0: \{\{x a=1\}\}: a hash argument/],
    ["{{#if a includeZero=true}}y{{/if}}", /a hash argument/],
    ["{{#each list}}{{../up}}{{/each}}", /x\.hbs:1:16: \.\.\/up: a parent path/],
    ["{{#each list as |item|}}{{item}}{{/each}}", /block parameters/],
    ["{{> other context}}", /a partial with a context parameter/],
    ["{{> (dynamic)}}", /a partial named by an expression/],
    ["{{#> layout}}x{{/layout}}", /a partial block/],
    ["{{#*inline \"p\"}}x{{/inline}}", /a decorator/],
    ['{{"literal"}}', /a literal where a name belongs/],
    ['{{lookup obj "key"}}', /built-in helper lookup/],
    ["{{log x}}", /built-in helper log/],
    ["{{each}}", /built-in helper each/],
    ["{{#eq a b}}y{{/eq}}", /the block \{\{#eq\}\}/],
    ["{{#if a b}}y{{/if}}", /#if with 2 parameters/],
    ["{{this.fn a}}", /a helper named by a path/],
    ["{{#if}}", /x\.hbs: Parse error/],
  ];
  it.each(refused)("%s", (template, message) => {
    expect(() => compileTemplate(template, "templates/_base/x.hbs")).toThrow(message);
  });
});

// Random templates from the supported constructs, random contexts: the same output or both throwing.
describe("property: random templates render as Handlebars renders them", () => {
  const scalar = fc.oneof(fc.constantFrom("", "x", "a b", "0"), fc.integer({ min: -2, max: 3 }), fc.boolean(), fc.constant(null));
  const item = fc.record({ a: scalar, b: scalar, list: fc.array(scalar, { maxLength: 3 }) }, { requiredKeys: ["a"], noNullPrototype: true });
  const context = fc.record(
    {
      a: scalar,
      b: scalar,
      flag: fc.boolean(),
      list: fc.array(scalar, { maxLength: 4 }),
      items: fc.array(item, { maxLength: 3 }),
      obj: fc.dictionary(fc.constantFrom("k", "l", "m"), scalar, { maxKeys: 3, noNullPrototype: true }),
      nested: fc.record({ a: scalar, inner: fc.record({ a: scalar }, { noNullPrototype: true }) }, { noNullPrototype: true }),
    },
    { requiredKeys: ["a", "list", "items", "nested"], noNullPrototype: true },
  );

  const text = fc.constantFrom("t", " ", "\n", "  ", "-", ", ", "\n  ", "\\{{ raw }}");
  // Mostly fields that exist, now and then one that does not (strict mode must throw alike).
  const path = fc.oneof(
    { arbitrary: fc.constantFrom("a", "b", "flag", "list", "obj", "nested.a", "nested.inner.a", "this", "this.a"), weight: 12 },
    { arbitrary: fc.constantFrom("missing", "nested.missing.a"), weight: 1 },
  );
  const dataPath = fc.constantFrom("@index", "@first", "@last", "@key"); // outside #each: strict mode throws
  const literal = fc.constantFrom('"x"', '""', "0", "1", "true", "false", "null");
  const param: fc.Arbitrary<string> = fc.letrec((tie) => ({
    param: fc.oneof({ depthSize: "small" }, path, dataPath, literal, tie("sub")),
    sub: fc.oneof(
      fc.tuple(tie("param"), tie("param")).map(([x, y]) => `(eq ${x} ${y})`),
      tie("param").map((x) => `(not ${x})`),
      fc.tuple(tie("param"), tie("param")).map(([x, y]) => `(or ${x} ${y})`),
      fc.tuple(tie("param"), tie("param"), tie("param")).map(([x, y, z]) => `(and ${x} ${y} ${z})`),
      fc.tuple(path, literal).map(([x, y]) => `(includes ${x} ${y})`),
    ),
  })).param as fc.Arbitrary<string>;

  const template: fc.Arbitrary<string> = fc.letrec((tie) => ({
    body: fc.array(tie("piece"), { maxLength: 5 }).map((pieces) => pieces.join("")),
    piece: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text,
      path.map((p) => `{{${p}}}`),
      fc.array(param, { maxLength: 3 }).map((ps) => `{{show ${ps.join(" ")}}}`),
      fc.constantFrom("{{! note }}", "\n{{! standalone }}\n", "{{> part}}", "\n  {{> part}}\n", "{{~ a ~}}"),
      fc.tuple(fc.constantFrom("if", "unless"), param, tie("body"), fc.option(tie("body")), fc.boolean()).map(([block, p, yes, no, standalone]) => {
        const nl = standalone ? "\n" : "";
        return `${nl}{{#${block} ${p}}}${nl}${yes}${no === null ? "" : `${nl}{{else}}${nl}${no}`}${nl}{{/${block}}}${nl}`;
      }),
      fc.tuple(param, tie("body"), param, tie("body"), tie("body")).map(([p, yes, q, maybe, no]) => `{{#if ${p}}}${yes}{{else if ${q}}}${maybe}{{else}}${no}{{/if}}`),
      fc.tuple(fc.constantFrom("list", "items", "obj", "nested", "a", "missing", "this.list", "nested.inner"), dataPath, tie("body"), fc.option(tie("body")), fc.boolean()).map(([list, data, body, otherwise, standalone]) => {
        const nl = standalone ? "\n" : "";
        return `${nl}{{#each ${list}}}${nl}{{${data}}}${body}${otherwise === null ? "" : `{{else}}${otherwise}`}${nl}{{/each}}${nl}`;
      }),
    ),
  })).body as fc.Arbitrary<string>;

  const withoutLocation = (result: Outcome): Outcome => ("error" in result ? { error: result.error.replace(/ - \d+:\d+$/, "") } : result);
  const partials = { part: "p:{{a}}{{#if @first}}!{{/if}}\nsecond {{show this}}\n" };

  it("agree on output or both throw", () => {
    fc.assert(
      fc.property(template, context, (source, values) => {
        const { handlebars, runtime } = bothWays(source, values, partials);
        expect("error" in runtime, `${source}\n${JSON.stringify(handlebars)}\n${JSON.stringify(runtime)}`).toBe("error" in handlebars);
        // Handlebars compiles two identical blocks once, so a strict error in the second
        // reports the first one's line and column; the runtime reports its own.
        expect(withoutLocation(runtime), source).toEqual(withoutLocation(handlebars));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  });
});
