/** Render file paths as an indented tree, directories first, for --dry-run. */
export function renderTree(paths: string[]): string {
  interface Node { children: Map<string, Node>; file: boolean }
  const root: Node = { children: new Map(), file: false };
  for (const path of paths) {
    let node = root;
    const parts = path.split("/");
    parts.forEach((part, index) => {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map(), file: index === parts.length - 1 };
        node.children.set(part, child);
      }
      node = child;
    });
  }
  const lines: string[] = [];
  const visit = (node: Node, prefix: string) => {
    const entries = [...node.children.entries()].sort(([a, x], [b, y]) =>
      x.file === y.file ? a.localeCompare(b) : x.file ? 1 : -1,
    );
    entries.forEach(([name, child], index) => {
      const last = index === entries.length - 1;
      lines.push(`${prefix}${last ? "└── " : "├── "}${name}${child.file ? "" : "/"}`);
      visit(child, `${prefix}${last ? "    " : "│   "}`);
    });
  };
  visit(root, "");
  return lines.join("\n");
}
