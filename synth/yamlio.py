"""Safe YAML reading that keeps line numbers and refuses what a hand-written file should not contain.

- Only plain data: PyYAML's safe loader constructs no objects from tags.
- Duplicate keys are an error (PyYAML would keep the last one silently).
- Aliases are refused outright: recipes never need them, and refusing them closes the
  "billion laughs" expansion attack in bounded time and memory.
- Files larger than :data:`MAX_BYTES` are refused; at most that many bytes (plus one) are ever read, and
  only from a regular file or standard input (a device or FIFO reports size 0 and never ends).
- Nesting deeper than :data:`MAX_DEPTH` is refused before anything is built (no RecursionError later).
- Only values JSON can hold: dates stay text, ``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused,
  and so are ``.nan`` and ``.inf``, so whatever passes ``validate`` can be written as JSON.
- Numbers are read as written, or refused: YAML 1.1 (PyYAML's dialect) reads ``1:30`` as 90 (base 60),
  ``010`` as 8 (octal), ``0x1`` and ``0b1`` as 1 and ``1_0`` as 10, where a reader sees text or another
  number. Those forms are refused, in every file synth reads, with the field and the plain decimal to write
  (:meth:`_Loader._refuse_yaml11_number`). A plain number keeps YAML's reading: ``5``, ``-0.5``, ``.5``,
  ``1.0e-2``; ``1e-2`` (no point) stays text, which the quantity parser reads as 0.01.

Every message names the kind of file being read (``what``: a recipe file, a price file, a plant file, a
species file).

Mappings come back as :class:`Marked` dicts that remember the line and column of each key.
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from pathlib import Path

import yaml

from .errors import RecipeError

MAX_BYTES = 1_000_000
MAX_DEPTH = 40  # levels of mappings and lists; a recipe needs about 7
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


#: A number as a reader sees it: decimal digits, at most one point, an exponent. YAML 1.1 resolves more plain
#: scalars to numbers than these (sexagesimal, octal, hexadecimal, binary, '_' grouping): those are refused.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*|[0-9]*\.[0-9]*)(?:[eE][-+]?[0-9]+)?", re.ASCII)
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)")  # refused by construct_finite_float
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


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
    """The safe loader (libyaml's when present) with line marks, duplicate-key and alias refusal.

    ``source`` and ``what`` (the file and its kind) go into the messages; :func:`load_text` sets them."""

    source = "<text>"
    what = "recipe file"

    def get_single_node(self):
        """The document's node tree, checked before anything is built: no aliases, not too deep, and no
        number in a YAML 1.1 form (each node's field path is kept for that message)."""
        node = super().get_single_node()
        seen: set[int] = set()
        stack = [(node, 0, "")] if node is not None else []
        while stack:
            current, depth, path = stack.pop()
            if id(current) in seen:  # a node reached twice is an alias: refused, in linear time
                raise yaml.constructor.ConstructorError(None, None, f"aliases (*name) are not allowed in a "
                                                        f"{self.what}", current.start_mark)
            if depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                        current.start_mark)
            seen.add(id(current))
            if isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    field = f"{path}.{key.value}" if isinstance(key, yaml.ScalarNode) else f"{path}.?"
                    stack.append((key, depth + 1, field))
                    stack.append((value, depth + 1, field))
            elif isinstance(current, yaml.SequenceNode):
                for index, item in enumerate(current.value):
                    stack.append((item, depth + 1, f"{path}[{index}]"))
            elif current.tag in _NUMBER_TAGS and not (_PLAIN_NUMBER.fullmatch(current.value)
                                                      or _NOT_FINITE.fullmatch(current.value)):
                self._refuse_yaml11_number(current, path.lstrip("."))
        return node

    def _refuse_yaml11_number(self, node, field: str):
        """A number YAML 1.1 reads other than a reader does (``1:30`` is 90): refused with its place, its
        field, what YAML would have read, and the decimal to write (or quotes, if it is text)."""
        text = node.value
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        where = f"{self.source}:{line}:{column}: {field or 'value'}: "
        try:
            value = self.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError):  # an explicit tag no number reads: '!!float 0x1'
            value = None
        if ":" in text:
            form = "a base-60 (sexagesimal) number"
        elif text.lstrip("+-")[:2] in ("0x", "0b"):
            form = "a hexadecimal number" if "x" in text else "a binary number"
        elif node.tag.endswith(":int") and text.lstrip("+-")[:1] == "0":
            form = "an octal number"
        elif "_" in text:
            form = "a number with '_' digit grouping"
        else:  # only an explicit !!float or !!int reaches here, on text: '!!float abc'
            raise RecipeError(f"{where}{text!r} is not a number; write a plain decimal, e.g. 1.5, without the !! tag")
        read = f"read as {value!r}; write the number as a plain decimal, e.g. {value!r}" if value is not None else \
            "which no number reads; write the number as a plain decimal"
        raise RecipeError(f"{where}{text} is {form} in YAML 1.1, {read}, or quote it ('{text}') if it is text")

    def construct_text_date(self, node):
        """A date stays the text it was written as (JSON has no dates)."""
        return self.construct_scalar(node)

    def construct_finite_float(self, node):
        value = self.construct_yaml_float(node)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a finite number",
                                                    node.start_mark)
        return value

    def construct_checked_int(self, node):
        try:
            return self.construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise yaml.constructor.ConstructorError(None, None, f"the number {node.value[:20]}... is too long",
                                                    node.start_mark) from None

    def refuse_tag(self, node):
        raise yaml.constructor.ConstructorError(None, None, f"{node.tag.rsplit(':', 1)[-1]} values (!!"
                                                f"{node.tag.rsplit(':', 1)[-1]}) are not allowed in a {self.what}; "
                                                "use text, numbers, lists and mappings", node.start_mark)

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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_text_date)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_finite_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_checked_int)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.refuse_tag)


def load_text(text: str, source: str, what: str = "recipe file"):
    """Parse YAML ``text`` of a ``what`` (a recipe file unless said); errors name ``source``, line and column."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise RecipeError(f"{source}: file is larger than the {MAX_BYTES} bytes allowed for a {what}")
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
        loader.source, loader.what = source, what
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise RecipeError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: give its place too
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise RecipeError(f"{source}:{line}:{column}: invalid YAML: character U+{_code(exc.character):04X} is not "
                          "allowed (control characters such as NUL); delete it") from None
    except yaml.YAMLError as exc:
        raise RecipeError(f"{source}: invalid YAML: {exc}") from None


def read_file(path: Path, what: str = "recipe file", fix: str | None = None) -> str:
    """The text of ``path`` (UTF-8), refusing missing, huge, binary or non-regular files with a clear message:
    the file, what is wrong with it, and ``fix``, what to give instead (of a ``what``: a recipe file unless said).

    The file is opened without blocking (a FIFO with no writer would wait forever) and checked to be a
    regular file before reading; at most :data:`MAX_BYTES` + 1 bytes are read, whatever its size says."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise RecipeError(f"{_short(path)}: cannot read ({exc.strerror})" + (f"; {fix}" if fix else "")) from None
    except ValueError:  # a NUL character in the name
        raise RecipeError(f"{_short(path)!r}: a file name cannot hold a NUL character") from None
    try:
        mode = os.fstat(fd).st_mode
        kind = next((name for test, name in _KINDS if test(mode)), None)
        if kind or not stat.S_ISREG(mode):
            raise RecipeError(f"{path}: is {kind or 'not a regular file'}, not a {what}; "
                              + (fix or "give a .yaml file, or - to read standard input"))
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RecipeError(f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
    return _decode(data, path, what)


def read_stdin() -> str:
    """Standard input as recipe text (``synth validate -``), with the same size limit as a file."""
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    except (OSError, AttributeError) as exc:  # closed, or not a byte stream
        raise RecipeError(f"<stdin>: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    return _decode(data, "<stdin>")


def _decode(data: bytes, source, what: str = "recipe file") -> str:
    """The UTF-8 text of ``data`` read from ``source``, a ``what``; refused if too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise RecipeError(f"{source}: larger than the {MAX_BYTES} bytes allowed for a {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecipeError(f"{source}: not UTF-8 text (byte {exc.start}); save the {what} as UTF-8") from None


def _short(path) -> str:
    """A path as it goes into a one-line message: shortened if it is absurdly long."""
    text = str(path)
    return text if len(text) <= 200 else text[:100] + f"... ({len(text):,} characters)"


def _code(character) -> int:
    """The code point PyYAML's reader reports (an int or a one-character string)."""
    return character if isinstance(character, int) else ord(character)
