"""Safe YAML loading that refuses alias ("billion laughs") expansion beyond a small bound.

``yaml.safe_load`` shares aliased nodes, so the parse itself stays small; the blow-up
happens later, when validation walks every repeated reference. The expanded size is
therefore checked on the composed node graph, before anything is constructed.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Nodes the document may have once every alias is expanded (a config has hundreds).
MAX_EXPANDED_NODES = 10_000


class _BoundedLoader(yaml.SafeLoader):
    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None and expanded_size(node) > MAX_EXPANDED_NODES:
            raise ValueError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes; "
                "write the repeated parts out or use fewer aliases"
            )
        return node


def expanded_size(node: yaml.Node) -> int:
    """How many nodes ``node`` stands for with every alias expanded (cycles count once)."""
    sizes: dict[int, int] = {}

    def size(current: yaml.Node) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # a recursive alias counts once instead of looping
        total = 1
        if isinstance(current, yaml.SequenceNode):
            total += sum(size(item) for item in current.value)
        elif isinstance(current, yaml.MappingNode):
            total += sum(size(key_node) + size(value) for key_node, value in current.value)
        sizes[key] = total
        return total

    return size(node)


def load_yaml(text: str) -> Any:
    """Like ``yaml.safe_load``; an alias bomb or a syntax error raises ValueError."""
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {exc}") from exc
