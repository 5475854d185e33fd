"""Load YAML while remembering the line of every value, so errors can point at it."""

from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[Any, ...]


class YamlDocument:
    """A parsed YAML document plus the 1-based line of each value, keyed by its path of keys/indices."""

    def __init__(self, data: Any, lines: dict[Path_, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known value along `path`."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document. Raises yaml.YAMLError (with problem_mark) on malformed input."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[Path_, int] = {}
    if node is None:
        return YamlDocument(None, lines)
    return YamlDocument(_build(node, (), lines), lines)


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                raise YamlStructureError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            result[key] = _build(value_node, path + (key,), lines)
            # Point errors about a key at the key's own line.
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), lines) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise YamlStructureError("mapping keys must be plain values", node.start_mark.line + 1)
    return yaml.SafeLoader(" ").construct_object(node, deep=True)


class YamlStructureError(Exception):
    """Well-formed YAML that is still not a usable document (duplicate or complex keys)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line

