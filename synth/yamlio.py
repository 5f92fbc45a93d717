"""Safe YAML reading that keeps line numbers and refuses what a hand-written file should not contain.

- Only plain data: PyYAML's safe loader constructs no objects from tags.
- Duplicate keys are an error (PyYAML would keep the last one silently).
- Aliases are refused outright: recipes never need them, and refusing them closes the
  "billion laughs" expansion attack in bounded time and memory.
- Files larger than :data:`MAX_BYTES` are refused before parsing.

Mappings come back as :class:`Marked` dicts that remember the line and column of each key.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import RecipeError

MAX_BYTES = 1_000_000


class Marked(dict):
    """A dict that knows where each key stood in its file (1-based line and column)."""

    line: int = 0
    column: int = 0
    marks: dict

    def where(self, key: str | None = None) -> tuple[int, int]:
        if key is not None and key in self.marks:
            return self.marks[key]
        return self.line, self.column


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's when present) with line marks, duplicate-key and alias refusal."""

    def get_single_node(self):
        node = super().get_single_node()
        seen: set[int] = set()
        stack = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if id(current) in seen:  # a node reached twice is an alias: refused, in linear time
                raise yaml.constructor.ConstructorError(None, None, "aliases (*name) are not allowed in recipe "
                                                        "files", current.start_mark)
            seen.add(id(current))
            if isinstance(current, yaml.MappingNode):
                stack.extend(n for pair in current.value for n in pair)
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
        return node

    def construct_mapping(self, node, deep=False):
        result = Marked()
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(None, None, f"keys must be text, found {key!r}",
                                                        key_node.start_mark)
            if key in result:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.marks[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def load_text(text: str, source: str):
    """Parse YAML ``text``; errors name ``source``, line and column."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise RecipeError(f"{source}: file is larger than {MAX_BYTES} bytes; a recipe is a few kB")
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise RecipeError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RecipeError(f"{source}: invalid YAML: {exc}") from None


def read_file(path: Path) -> str:
    """The text of ``path`` (UTF-8), refusing missing, huge or binary files with a clear message."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RecipeError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise RecipeError(f"{path}: file is {size} bytes, larger than the {MAX_BYTES} allowed for a recipe")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RecipeError(f"{path}: not UTF-8 text (byte {exc.start}); save the recipe as UTF-8") from None
    except OSError as exc:
        raise RecipeError(f"{path}: cannot read ({exc.strerror})") from None
