"""YAML loading that refuses documents whose aliases expand beyond a small bound.

``yaml.safe_load`` shares the object an alias points to, but everything that walks the
result (validation, copying, JSON) expands it: nine levels of ten aliases ("billion
laughs") is a few hundred bytes that become 10**9 nodes. Counting the expanded size of
the composed node graph before constructing anything stops that at parse time.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_EXPANDED_NODES = 100_000
"""Far above any real desired-state file (each resource is a few dozen nodes)."""


class UnsafeYamlError(ValueError):
    """The document is refused before it is turned into Python objects."""


class _BoundedLoader(yaml.SafeLoader):
    def compose_document(self) -> yaml.Node | None:
        node: yaml.Node | None = super().compose_document()
        if node is not None:
            _check_expanded_size(node, MAX_EXPANDED_NODES)
        return node


def _check_expanded_size(root: yaml.Node, limit: int) -> None:
    """Size of ``root`` with every alias expanded, memoised per node so the walk stays
    linear in the document; a node met again while it is being sized is recursive."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise UnsafeYamlError("aliases expand without end (a recursive alias)")
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key_node) + size(value) for key_node, value in node.value)
        in_progress.discard(key)
        if total > limit:
            msg = f"aliases expand to more than {limit} nodes"
            raise UnsafeYamlError(msg)
        sizes[key] = total
        return total

    try:
        size(root)
    except RecursionError:
        raise UnsafeYamlError("aliases expand without end (nested too deeply)") from None


def load_yaml(text: str) -> Any:
    """Like ``yaml.safe_load``, but bounded: raises :class:`UnsafeYamlError` instead."""
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise UnsafeYamlError("the document is nested too deeply") from None
