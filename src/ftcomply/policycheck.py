"""Static checks of the Rego policies, run once per catalog load: policies that cannot fail open.

A policy that reads a parameter nobody declared, or a descriptor field the schema does
not have, reads an undefined value forever: its rule never fires and its control passes
on nothing. A policy that calls the clock, the network or a random source gives
verdicts that cannot be reproduced. Each of these is an error at load (exit 2) with the
file and line of the reference:

- a parameter read (`data.ftcomply.params.X`, `lib.params.X`, through any alias or
  helper) that no catalog.json declares, read by a computed name, or a declared
  parameter that no control reads;
- a control whose METADATA `params:` list differs from the parameters it reads
  (directly or through helpers);
- an `input.descriptor` path the descriptor schema does not allow (keys starting with
  `x-` are always allowed; array indices and variables mean "any element"), or an
  `input` member outside the envelope (descriptor, as_of, text, evidence);
- a call of a builtin that is non-deterministic or needs the network.

The checks walk the abstract syntax tree the embedded engine (regorus) parses, not the
text: every expression is evaluated abstractly, with rule references, import aliases
and helper functions followed transitively (a helper is re-evaluated with the values
each caller passes, so `lib.value(["evaluation", "safty"])` is a reference to
`evaluation.safty`, at the line of the "safty" literal). Constant key arrays, object.get,
array.concat and array.slice are understood; anything else is treated as unknown, which
can hide a reference but never invents one (no false alarm from a computed key).

Values are sets of alternatives (an empty set means "unknown"). A helper function is
first evaluated with opaque arguments; when nothing it does depends on them, that one
evaluation stands for every call, else it is evaluated again with each caller's values.

The AST of the built-in catalog is large and walking it costs far more than loading
the catalog (docs/performance.md), so a catalog that passed is remembered under a digest of
everything the checks read (policy sources, parameter names, the schema, this module,
the engine's files) in the user's cache directory: a later load with the same digest
skips the analysis (see docs/writing-controls.md, "Static checks").
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.models import Control, InputError, Location

# ---------------------------------------------------------------------------
# What is refused

# OPA builtins whose result is not a function of the policy input and data (OPA marks most
# of them `nondeterministic`): the clock, randomness, the network, the OPA process.
FORBIDDEN_BUILTINS: dict[str, str] = {
    "http.send": "sends an HTTP request (network, not reproducible)",
    "net.lookup_ip_addr": "resolves a DNS name (network, not reproducible)",
    "time.now_ns": "reads the clock (compare with input.as_of instead)",
    "rand.intn": "draws a random number",
    "uuid.rfc4122": "generates a random UUID",
    "opa.runtime": "reads the OPA process's environment and configuration",
    "io.jwt.decode_verify": "checks token expiry against the clock",
    "io.jwt.encode_sign": "signs tokens (ECDSA signatures are randomised)",
    "io.jwt.encode_sign_raw": "signs tokens (ECDSA signatures are randomised)",
    "crypto.x509.parse_and_verify_certificates":
        "verifies certificate validity against the clock",
    "crypto.x509.parse_and_verify_certificates_with_options":
        "verifies certificate validity against the clock",
}

# The members of the policy input (the envelope); only `descriptor` has a schema.
ENVELOPE_KEYS = ("descriptor", "as_of", "text", "evidence")

PARAMS_ROOT = ("ftcomply", "params")

# Bump when the analysis changes what it accepts: part of the cache key.
CHECKER_VERSION = "1"

# ---------------------------------------------------------------------------
# Abstract values

Loc = tuple[str, int, int]


class _Marker:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


ANY = _Marker("[_]")  # a path segment: any key or element
ARG = _Marker("<argument>")  # a segment computed from a helper's own argument (checked at calls)

Seg = tuple[Any, Loc]  # (str | int | ANY | ARG, where the segment was written)

_EMPTY: frozenset = frozenset()
_MAX_VALUES = 48  # alternatives kept per expression


class _Value:
    """An immutable abstract value, equal to another of its class with equal fields.
    (Plain classes rather than dataclasses: this module is imported on every catalog load
    and a dataclass costs about a millisecond to define.)"""

    __slots__ = ("_hash", "_key")

    def _init(self, *fields: Any) -> None:
        self._key = fields
        self._hash = hash((type(self).__name__, fields))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._key == self._key  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key!r}"


class StrV(_Value):
    __slots__ = ("loc", "value")

    def __init__(self, value: str, loc: Loc) -> None:
        self.value, self.loc = value, loc
        self._init(value, loc)


class NumV(_Value):
    __slots__ = ("loc", "value")

    def __init__(self, value: int | float, loc: Loc) -> None:
        self.value, self.loc = value, loc
        self._init(value, loc)


class ArrV(_Value):
    """An array literal (or a concatenation of them): its items' values, in order."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[frozenset, ...]) -> None:
        self.items = items
        self._init(items)


class ObjV(_Value):
    """An object literal: (constant key or None, the key's values, the values) per field."""

    __slots__ = ("fields",)

    def __init__(self, fields: tuple[tuple[str | None, frozenset, frozenset], ...]) -> None:
        self.fields = fields
        self._init(fields)


class CollV(_Value):
    """A set, a comprehension or a partial rule: only its elements' values are known."""

    __slots__ = ("elems",)

    def __init__(self, elems: frozenset) -> None:
        self.elems = elems
        self._init(elems)


class PathV(_Value):
    """A reference into the input (`root` "input") or the parameters (`root` "params").
    `open`: keys below `segs` were computed and are not known."""

    __slots__ = ("open", "root", "segs")

    def __init__(self, root: str, segs: tuple[Seg, ...], open: bool = False) -> None:
        self.root, self.segs, self.open = root, segs, open
        self._init(root, segs, open)


class DataV(_Value):
    """A position in `data` above any rule (a package prefix)."""

    __slots__ = ("path",)

    def __init__(self, path: tuple[str, ...]) -> None:
        self.path = path
        self._init(path)


class ArgV(_Value):
    """A helper function's argument while the helper is checked on its own."""

    __slots__ = ()

    def __init__(self) -> None:
        self._init()


_ARG = ArgV()
_OPAQUE = frozenset({_ARG})


def _holds_argument(values: frozenset, depth: int = 0) -> bool:
    """An opaque argument is among the values, or inside an array, object or set of them."""
    if depth > 8:
        return True
    for value in values:
        if isinstance(value, ArgV):
            return True
        if isinstance(value, ArrV):
            if any(_holds_argument(item, depth + 1) for item in value.items):
                return True
        elif isinstance(value, ObjV):
            if any(_holds_argument(keys, depth + 1) or _holds_argument(item, depth + 1)
                   for _k, keys, item in value.fields):
                return True
        elif isinstance(value, CollV) and _holds_argument(value.elems, depth + 1):
            return True
    return False


def _cap(values: Iterable[Any]) -> frozenset:
    result = frozenset(values)
    if len(result) > _MAX_VALUES:  # keep a deterministic subset: never invent a reference
        result = frozenset(sorted(result, key=repr)[:_MAX_VALUES])
    return result


# ---------------------------------------------------------------------------
# Parsed modules


class _Module:
    __slots__ = ("imports", "name", "package", "raw")

    def __init__(self, name: str, raw: bytes, package: tuple[str, ...],
                 imports: dict[str, dict[str, Any]]) -> None:
        self.name, self.raw, self.package = name, raw, package
        self.imports = imports  # alias → the import's reference expression


class _Package:
    __slots__ = ("functions", "rules")

    def __init__(self) -> None:
        self.rules: dict[str, list[tuple[_Module, dict[str, Any]]]] = {}
        self.functions: set[str] = set()


def _kind(node: dict[str, Any]) -> tuple[str, Any]:
    (kind, body), = node.items()
    return kind, body


def _ref_parts(node: dict[str, Any] | None) -> list[str] | None:
    """`a.b.c` (dots only, or constant string brackets) as ["a", "b", "c"]; else None."""
    parts: list[str] = []
    while node is not None:
        kind, body = _kind(node)
        if kind == "Var":
            parts.append(body["value"])
            return parts[::-1]
        if kind == "RefDot":
            parts.append(body["field"][1])
            node = body["refr"]
        elif kind == "RefBrack":
            index_kind, index = _kind(body["index"])
            if index_kind not in ("String", "RawString"):
                return None
            parts.append(index["value"])
            node = body["refr"]
        else:
            return None
    return None


# ---------------------------------------------------------------------------
# The abstract evaluator


class _Unbound(Exception):
    pass


class _Analyzer:
    def __init__(self, modules: list[_Module], asts: list[dict[str, Any]]) -> None:
        self.packages: dict[tuple[str, ...], _Package] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        for module, ast in zip(modules, asts, strict=True):
            package = self.packages.setdefault(module.package, _Package())
            for index in range(1, len(module.package)):
                self.prefixes.add(module.package[:index])
            for rule in ast["rules"]:
                kind, body = _kind(rule)
                if kind == "Default":
                    head_ref = body["refr"]
                    is_function = bool(body.get("args"))
                else:
                    head_kind, head = _kind(body["head"])
                    head_ref = head["refr"]
                    is_function = head_kind == "Func"
                name = _head_name(head_ref)
                if name is None:
                    continue
                package.rules.setdefault(name, []).append((module, rule))
                if is_function:
                    package.functions.add(name)
        self.rule_memo: dict[tuple[Any, ...], tuple[frozenset, frozenset, bool]] = {}
        self.tainted: list[bool] = []
        self.active: set[tuple[Any, ...]] = set()
        self.frames: list[set[tuple[str, Loc]]] = []
        self.paths: set[PathV] = set()
        self.forbidden: dict[Loc, str] = {}
        self.module: _Module = modules[0] if modules else None  # type: ignore[assignment]

    # -- locations ----------------------------------------------------------

    def loc(self, span: dict[str, Any]) -> Loc:
        """file, line, column (in characters: the engine counts a tab as four columns)."""
        raw, start = self.module.raw, span["start"]
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = start - line_start + 1
        if not raw[line_start:start].isascii():
            column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        return (self.module.name, span["line"], column)

    def text(self, span: dict[str, Any]) -> str:
        return self.module.raw[span["start"]:span["end"]].decode("utf-8", "replace")

    # -- rules and functions ---------------------------------------------------

    def rule_group(self, package: tuple[str, ...], name: str, args: tuple[frozenset, ...] | None
                   ) -> frozenset:
        """The values of rule `name` (a function when `args` is not None); reads are recorded
        in the current frame.

        A function is first evaluated with opaque arguments; when nothing it does depends on
        them (no argument is indexed, iterated or returned: "untainted"), that evaluation
        stands for every call. Otherwise it is evaluated again with the caller's values.
        """
        if args is not None and any(arg != _OPAQUE for arg in args):
            values, reads, tainted = self._evaluate(package, name, (_OPAQUE,) * len(args))
            if not tainted:
                if self.frames:
                    self.frames[-1] |= reads
                return values
        values, reads, tainted = self._evaluate(package, name, args)
        if self.frames:
            self.frames[-1] |= reads
        if tainted and self.tainted:
            self.tainted[-1] = True
        return values

    def _evaluate(self, package: tuple[str, ...], name: str, args: tuple[frozenset, ...] | None
                  ) -> tuple[frozenset, frozenset, bool]:
        key = (package, name, args)
        memo = self.rule_memo.get(key)
        if memo is not None:
            return memo
        if key in self.active:  # recursion (refused by Rego): nothing more to learn
            return _EMPTY, _EMPTY, False
        self.active.add(key)
        self.frames.append(set())
        self.tainted.append(False)
        saved, saved_strict = self.module, self.strict
        self.strict = False
        try:
            values: set[Any] = set()
            for module, rule in self.packages[package].rules.get(name, ()):
                self.module = module
                values |= self._rule(rule, args)
        finally:
            self.module, self.strict = saved, saved_strict
            reads = frozenset(self.frames.pop())
            tainted = self.tainted.pop()
            self.active.discard(key)
        result = _cap(values)
        memo = (result, reads, tainted or _holds_argument(result))
        self.rule_memo[key] = memo
        return memo

    def _rule(self, rule: dict[str, Any], args: tuple[frozenset, ...] | None) -> set[Any]:
        kind, body = _kind(rule)
        if kind == "Default":
            if args is not None and len(body.get("args") or ()) != len(args):
                return set()
            return set(self.expr(body["value"], {}))
        head_kind, head = _kind(body["head"])
        env: dict[str, frozenset] = {}
        if head_kind == "Func":
            if args is None or len(head["args"]) != len(args):
                return set()
            for pattern, value in zip(head["args"], args, strict=True):
                self.bind(pattern, value, env)
        elif args is not None:
            return set()
        partial = head_kind == "Set" or _kind(head["refr"])[0] != "Var"
        values: set[Any] = set()
        bodies = body["bodies"] or [None]
        head_assign = head.get("assign")
        for rule_body in bodies:
            local = dict(env)
            if rule_body is not None:
                self.query(rule_body["query"], local)
            if head_kind == "Set":
                if head.get("key") is not None:
                    values |= self.expr(head["key"], local)
                continue
            if head_kind == "Compr":  # the head's own reference: `datasets[i] := d`
                self.expr_ref_indices(head["refr"], local)
            assign = (rule_body or {}).get("assign") or head_assign
            if assign is not None:
                values |= self.expr(assign["value"], local)
        if partial:
            return {CollV(_cap(values))}
        return values

    # -- queries ---------------------------------------------------------------

    def query(self, query: dict[str, Any], env: dict[str, frozenset]) -> None:
        """Evaluate a body in `env`, binding its variables. A variable read before the
        statement binding it (Rego reorders bodies) is found on a second pass."""
        statements = query["stmts"]
        saved = self.strict
        first = dict(env)
        try:
            self.strict = True
            for statement in statements:
                self.statement(statement, first)
            env.update(first)
        except _Unbound:
            self.strict = False
            for statement in statements:
                self.statement(statement, env)
        finally:
            self.strict = saved

    def statement(self, statement: dict[str, Any], env: dict[str, frozenset]) -> None:
        kind, literal = _kind(statement["literal"])
        if kind == "Expr":
            self.expr(literal["expr"], env)
        elif kind == "NotExpr":
            self.expr(literal["expr"], dict(env))
        elif kind == "SomeVars":
            for span in literal["vars"]:
                env[self.text(span)] = _EMPTY
        elif kind == "SomeIn":
            collection = self.expr(literal["collection"], env)
            where = self.loc(literal["span"])
            self.bind(literal["value"], self.elements(collection, where), env)
            if literal.get("key") is not None:
                self.bind(literal["key"], self.keys(collection), env)
        elif kind == "Every":
            domain = self.expr(literal["domain"], env)
            local = dict(env)
            local[self.text(literal["value"])] = self.elements(domain, self.loc(literal["span"]))
            if literal.get("key") is not None:
                local[self.text(literal["key"])] = self.keys(domain)
            self.query(literal["query"], local)
        else:  # a literal this checker does not know: its expressions are still read
            self.generic(literal, env)
        for modifier in statement.get("with_mods") or ():
            self.expr(modifier["as"], dict(env))

    def bind(self, pattern: dict[str, Any], values: frozenset, env: dict[str, frozenset]
             ) -> None:
        kind, body = _kind(pattern)
        if kind == "Var":
            if body["value"] != "_":
                env[body["value"]] = values
        elif kind == "Array":
            if any(isinstance(v, ArgV) for v in values):
                self.taint()
            for position, item in enumerate(body["items"]):
                self.bind(item, _cap(v for a in values if isinstance(a, ArrV)
                                     and position < len(a.items) for v in a.items[position]),
                          env)
        elif kind == "Object":
            for _span, _key, value in body["fields"]:
                self.bind(value, _EMPTY, env)
        else:  # a constant or a reference to match: read it
            self.expr(pattern, env)

    # -- expressions -------------------------------------------------------------

    strict = False

    def expr(self, node: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        kind, body = _kind(node)
        method = getattr(self, "e_" + kind, None)
        if method is None:
            self.generic(body, env)
            return _EMPTY
        return method(body, env)

    def generic(self, body: Any, env: dict[str, frozenset]) -> None:
        """Evaluate every expression found under an unknown node (for its references)."""
        if isinstance(body, dict):
            for value in body.values():
                if isinstance(value, dict) and len(value) == 1:
                    (key,) = value
                    if key[:1].isupper():
                        self.expr(value, env)
                        continue
                self.generic(value, env)
        elif isinstance(body, list):
            for item in body:
                self.generic(item, env)

    def e_String(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        return frozenset({StrV(body["value"], self.loc(body["span"]))})

    e_RawString = e_String

    def e_Number(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        value = body["value"]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return frozenset({NumV(value, self.loc(body["span"]))}) if isinstance(
            value, int | float) else _EMPTY

    def e_Bool(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        return _EMPTY

    e_Null = e_Bool

    def e_Var(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        name = body["value"]
        if name == "_":
            return _EMPTY
        if name in env:
            return env[name]
        package = self.packages[self.module.package]
        if name in package.rules and name not in package.functions:
            return self.rule_group(self.module.package, name, None)
        if name in self.module.imports:
            saved_strict, self.strict = self.strict, False
            try:
                return self.expr(self.module.imports[name], {})
            finally:
                self.strict = saved_strict
        if name == "input":
            return frozenset({PathV("input", ())})
        if name == "data":
            return frozenset({DataV(())})
        if self.strict:  # maybe bound by a later statement: try again in order
            raise _Unbound(name)
        return _EMPTY

    def e_Array(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        return frozenset({ArrV(tuple(self.expr(item, env) for item in body["items"]))})

    def e_Set(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        elems: set[Any] = set()
        for item in body["items"]:
            elems |= self.expr(item, env)
        return frozenset({CollV(_cap(elems))})

    def e_Object(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        fields = []
        for _span, key, value in body["fields"]:
            keys = self.expr(key, env)
            constant = next(iter(keys)).value if len(keys) == 1 and isinstance(
                next(iter(keys)), StrV) else None
            fields.append((constant, keys, self.expr(value, env)))
        return frozenset({ObjV(tuple(fields))})

    def _comprehension(self, body: dict[str, Any], env: dict[str, frozenset],
                       terms: tuple[str, ...]) -> frozenset:
        local = dict(env)
        self.query(body["query"], local)
        elems: set[Any] = set()
        for term in terms:
            elems |= self.expr(body[term], local)
        return frozenset({CollV(_cap(elems))})

    def e_ArrayCompr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        return self._comprehension(body, env, ("term",))

    e_SetCompr = e_ArrayCompr

    def e_ObjectCompr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        return self._comprehension(body, env, ("key", "value"))

    def e_UnaryExpr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        self.expr(body["expr"], env)
        return _EMPTY

    def e_BinExpr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        elems: set[Any] = set()
        for side in ("lhs", "rhs"):
            elems |= self.elements(self.expr(body[side], env), None)
        return frozenset({CollV(_cap(elems))})

    def e_ArithExpr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        lhs = self.expr(body["lhs"], env)
        self.expr(body["rhs"], env)
        sets = frozenset(v for v in lhs if isinstance(v, CollV))  # set difference keeps lhs
        return sets

    def e_BoolExpr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        self.expr(body["lhs"], env)
        self.expr(body["rhs"], env)
        return _EMPTY

    def e_Membership(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        if body.get("key") is not None:
            self.expr(body["key"], env)
        self.expr(body["value"], env)
        self.expr(body["collection"], env)
        return _EMPTY

    def e_AssignExpr(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        lhs, rhs = body["lhs"], body["rhs"]
        if body["op"] == "ColEq":
            self.bind(lhs, self.expr(rhs, env), env)
            return _EMPTY
        # unification: bind whichever side is a fresh variable (or a pattern of them)
        if self._fresh(lhs, env):
            self.bind(lhs, self.expr(rhs, env), env)
        elif self._fresh(rhs, env):
            self.bind(rhs, self.expr(lhs, env), env)
        else:
            self.expr(lhs, env)
            self.expr(rhs, env)
        return _EMPTY

    def _fresh(self, node: dict[str, Any], env: dict[str, frozenset]) -> bool:
        kind, body = _kind(node)
        if kind == "Var":
            name = body["value"]
            if name == "_" or name in env:
                return name == "_"
            package = self.packages[self.module.package]
            return name not in package.rules and name not in self.module.imports and \
                name not in ("input", "data")
        if kind == "Array":
            return any(self._fresh(item, env) for item in body["items"])
        return False

    def e_RefDot(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        base = self.expr(body["refr"], env)
        span, name = body["field"]
        return self.index(base, frozenset({StrV(name, self.loc(span))}), self.loc(span))

    def e_RefBrack(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        base = self.expr(body["refr"], env)
        index = self.expr(body["index"], env)
        return self.index(base, index, self.loc(_span(body["index"]) or body["span"]))

    def expr_ref_indices(self, node: dict[str, Any], env: dict[str, frozenset]) -> None:
        """Read the expressions in a rule head's brackets (`rule[expr] := ...`)."""
        kind, body = _kind(node)
        while kind in ("RefDot", "RefBrack"):
            if kind == "RefBrack":
                self.expr(body["index"], env)
            kind, body = _kind(body["refr"])

    # -- calls ---------------------------------------------------------------------

    def e_Call(self, body: dict[str, Any], env: dict[str, frozenset]) -> frozenset:
        args = tuple(self.expr(param, env) for param in body["params"])
        parts = _ref_parts(body["fcn"])
        if parts is None:
            self.expr(body["fcn"], env)
            return _EMPTY
        package = self.packages[self.module.package]
        if len(parts) == 1 and parts[0] in package.functions:
            return self.rule_group(self.module.package, parts[0], args)
        target: tuple[str, ...] | None = None
        if parts[0] in self.module.imports and parts[0] not in env:
            imported = _ref_parts(self.module.imports[parts[0]])
            if imported and imported[0] == "data":
                target = (*imported[1:], *parts[1:])
        elif parts[0] == "data":
            target = tuple(parts[1:])
        if target is not None:
            if len(target) > 1 and target[:-1] in self.packages:
                return self.rule_group(target[:-1], target[-1], args)
            return _EMPTY
        name = ".".join(parts)
        if name in FORBIDDEN_BUILTINS:
            self.forbidden[self.loc(body["span"])] = name
        handler = _BUILTINS.get(name)
        return handler(self, args, self.loc(body["span"])) if handler else _EMPTY

    # -- values ----------------------------------------------------------------------

    def path(self, root: str, segs: tuple[Seg, ...], open_: bool = False) -> PathV:
        value = PathV(root, segs, open_)
        self.paths.add(value)
        if any(key is ARG for key, _where in segs):
            self.taint()
        if root == "params" and segs and self.frames:
            key, where = segs[0]
            if isinstance(key, str):
                self.frames[-1].add((key, where))
        return value

    def index(self, base: frozenset, index: frozenset, where: Loc) -> frozenset:
        if not base:
            return _EMPTY
        keys = _segments(index, where)
        result: set[Any] = set()
        for value in base:
            if isinstance(value, PathV):
                if value.open:
                    result.add(value)
                else:
                    for seg in keys:
                        result.add(self.path(value.root, (*value.segs, seg)))
            elif isinstance(value, DataV):
                for key, _where in keys:
                    if isinstance(key, str):
                        result |= self.data((*value.path, key), _where)
            elif isinstance(value, ObjV):
                constants = {k for k, _w in keys if isinstance(k, str)}
                for name, _keys, values in value.fields:
                    if name is None or not constants or len(constants) != len(keys) \
                            or name in constants:
                        result |= values
            elif isinstance(value, ArrV):
                numbers = {k for k, _w in keys if isinstance(k, int)}
                for position, values in enumerate(value.items):
                    if len(numbers) != len(keys) or position in numbers:
                        result |= values
            elif isinstance(value, CollV):
                result |= value.elems
            elif isinstance(value, ArgV):
                self.taint()
                result.add(value)
        return _cap(result)

    def taint(self) -> None:
        """The evaluation depends on an opaque argument: callers' values matter."""
        if self.tainted:
            self.tainted[-1] = True

    def data(self, path: tuple[str, ...], where: Loc) -> frozenset:
        """The value of `data.<path>`: parameters, a rule of a loaded package, or a prefix."""
        if path[:2] == PARAMS_ROOT:
            return frozenset({self.path("params", tuple((key, where) for key in path[2:]))})
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.packages:
                if cut == len(path):
                    return frozenset({DataV(path)})
                package = path[:cut]
                if path[cut] in self.packages[package].functions:
                    return _EMPTY
                values = self.rule_group(package, path[cut], None)
                for key in path[cut + 1:]:
                    values = self.index(values, frozenset({StrV(key, where)}), where)
                return values
        if path in self.prefixes or path == ("ftcomply",) or not path:
            return frozenset({DataV(path)})
        return _EMPTY

    def elements(self, values: frozenset, where: Loc | None) -> frozenset:
        result: set[Any] = set()
        for value in values:
            if isinstance(value, PathV):
                result.add(value if value.open or where is None
                           else self.path(value.root, (*value.segs, (ANY, where))))
            elif isinstance(value, ArrV):
                for item in value.items:
                    result |= item
            elif isinstance(value, CollV):
                result |= value.elems
            elif isinstance(value, ObjV):
                for _name, _keys, item in value.fields:
                    result |= item
            elif isinstance(value, ArgV):
                self.taint()
                result.add(value)
        return _cap(result)

    def keys(self, values: frozenset) -> frozenset:
        """The keys of a collection: an object literal's, else unknown."""
        found: set[Any] = set()
        for value in values:
            if isinstance(value, ArgV):
                self.taint()
                found.add(value)
            elif isinstance(value, ObjV):
                for _name, keys, _item in value.fields:
                    found |= keys
        return _cap(found)


def _span(node: dict[str, Any]) -> dict[str, Any] | None:
    body = _kind(node)[1]
    return body.get("span") if isinstance(body, dict) else None


def _head_name(node: dict[str, Any]) -> str | None:
    while True:
        kind, body = _kind(node)
        if kind == "Var":
            return body["value"]
        if kind not in ("RefDot", "RefBrack"):
            return None
        node = body["refr"]


def _segments(index: frozenset, where: Loc) -> list[Seg]:
    """The path segments an index value stands for (ANY when it is not a constant)."""
    segs: list[Seg] = []
    for value in index:
        if isinstance(value, StrV) or (isinstance(value, NumV) and isinstance(value.value, int)):
            segs.append((value.value, value.loc))
        elif isinstance(value, ArgV):
            segs.append((ARG, where))
        else:
            return [(ANY, where)] + [s for s in segs if s[0] is ARG]
    return segs or [(ANY, where)]


def _key_paths(keys: frozenset, where: Loc) -> list[tuple[tuple[Seg, ...], bool]]:
    """object.get's key argument as paths: (segments, open)."""
    paths: list[tuple[tuple[Seg, ...], bool]] = []
    for value in keys:
        if isinstance(value, StrV | NumV):
            paths.extend(((seg,), False) for seg in _segments(frozenset({value}), where))
        elif isinstance(value, ArrV):
            alternatives: list[tuple[Seg, ...]] = [()]
            for item in value.items:
                options = _segments(item, where) if item else [(ANY, where)]
                alternatives = [(*a, o) for a in alternatives for o in options][:_MAX_VALUES]
            paths.extend((a, False) for a in alternatives)
        elif isinstance(value, ArgV):
            paths.append((((ARG, where),), False))
        else:
            paths.append((((ANY, where),), True))
    return paths or [(((ANY, where),), True)]


def _object_get(analyzer: _Analyzer, args: tuple[frozenset, ...], where: Loc) -> frozenset:
    if len(args) != 3:
        return _EMPTY
    base, keys, default = args
    result: set[Any] = set(default)
    for value in base:
        if isinstance(value, PathV):
            if value.open:
                result.add(value)
                continue
            for segs, open_ in _key_paths(keys, where):
                result.add(analyzer.path(value.root, (*value.segs, *segs), open_))
        elif isinstance(value, ArgV):
            analyzer.taint()
            result.add(value)
        elif isinstance(value, ObjV | CollV | DataV):
            for segs, _open in _key_paths(keys, where):
                values = frozenset({value})
                for seg in segs:
                    values = analyzer.index(values, frozenset({StrV(seg[0], seg[1])})
                                            if isinstance(seg[0], str) else _EMPTY, where)
                result |= values
    return _cap(result)


def _array_concat(analyzer: _Analyzer, args: tuple[frozenset, ...], where: Loc) -> frozenset:
    if len(args) != 2:
        return _EMPTY
    left, right = args
    result: set[Any] = set()
    for a in left:
        for b in right:
            if isinstance(a, ArrV) and isinstance(b, ArrV):
                result.add(ArrV(a.items + b.items))
            elif isinstance(a, ArgV) or isinstance(b, ArgV):
                analyzer.taint()
                result.add(_ARG)
            else:  # a comprehension: its elements are known, not their positions
                result.add(CollV(analyzer.elements(frozenset({a, b}), None)))
    return _cap(result)


def _array_slice(analyzer: _Analyzer, args: tuple[frozenset, ...], where: Loc) -> frozenset:
    """A prefix (start 0) of a key array: its paths are prefixes of the array's, so the
    array itself stands for them; any other slice is unknown."""
    if len(args) != 3:
        return _EMPTY
    array, start, _end = args
    if any(isinstance(v, ArgV) for v in array):
        analyzer.taint()
    first = next(iter(start)) if len(start) == 1 else None
    if isinstance(first, NumV) and first.value == 0:
        return frozenset(v for v in array if isinstance(v, ArrV | ArgV))
    return frozenset(v for v in array if isinstance(v, ArgV))


_BUILTINS = {
    "object.get": _object_get,
    "array.concat": _array_concat,
    "array.slice": _array_slice,
}

# ---------------------------------------------------------------------------
# The descriptor schema


class _Open:
    pass


_OPEN = _Open()  # anything is allowed below


class _Refusal:
    __slots__ = ("depth", "reason")

    def __init__(self, depth: int, reason: str) -> None:
        self.depth = depth  # index of the refused segment
        self.reason = reason


class _SchemaWalk:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema
        self.memo: dict[tuple[Any, ...], Any] = {(): self.expand(schema)}

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return True
        node: Any = self.root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or token not in node:
                return True
            node = node[token]
        return node

    def expand(self, node: Any, depth: int = 0) -> Any:
        """A schema as a list of alternatives each constraining children, or _OPEN."""
        if node is True or node == {} or depth > 32:
            return _OPEN
        if not isinstance(node, dict):
            return []
        combined = [node[k] for k in ("allOf", "anyOf", "oneOf") if k in node]
        branches = [s for group in combined for s in group]
        branches += [node[k] for k in ("then", "else") if k in node]
        if "$ref" in node:
            branches.append(self.resolve(node["$ref"]))
        structural = {"type", "properties", "additionalProperties", "patternProperties",
                      "items", "prefixItems", "const", "enum", "unevaluatedProperties"}
        alternatives: list[dict[str, Any]] = []
        if structural & node.keys():
            alternatives.append(node)
        elif not branches:
            return _OPEN
        for branch in branches:
            expanded = self.expand(branch, depth + 1)
            if expanded is _OPEN:
                if not alternatives or not (structural & node.keys()):
                    return _OPEN
                continue
            alternatives.extend(expanded)
        return alternatives

    def walk(self, keys: tuple[Any, ...]) -> _Refusal | None:
        """None when the schema allows the key path, else where and why it does not."""
        nodes = self.memo.get(())
        for depth in range(len(keys)):
            prefix = keys[:depth + 1]
            cached = self.memo.get(prefix)
            if cached is None:
                cached = self.step(nodes, keys, depth)
                self.memo[prefix] = cached
            if isinstance(cached, _Refusal) or cached is _OPEN:
                return cached if isinstance(cached, _Refusal) else None
            nodes = cached
        return None

    def step(self, nodes: Any, keys: tuple[Any, ...], depth: int) -> Any:
        key = keys[depth]
        if nodes is _OPEN or key is ARG:
            return _OPEN
        if isinstance(key, str) and key.startswith("x-"):
            return _OPEN
        children: list[dict[str, Any]] = []
        known: set[str] = set()
        kinds: set[str] = set()
        for node in nodes:
            types = _types(node)
            if types is None:
                return _OPEN
            kinds |= types
            found: list[Any] = []
            if isinstance(key, str) and "object" in types:
                properties = node.get("properties") or {}
                known |= set(properties)
                if key in properties:
                    found.append(properties[key])
                for pattern, schema in (node.get("patternProperties") or {}).items():
                    if re.search(pattern, key):
                        found.append(schema)
                if not found:
                    extra = node.get("additionalProperties",
                                     node.get("unevaluatedProperties", True))
                    if extra is not False:
                        found.append(extra)
            elif isinstance(key, int) and "array" in types:
                prefix = node.get("prefixItems") or []
                found.append(prefix[key] if key < len(prefix) else node.get("items", True))
            elif key is ANY:
                if "array" in types:
                    found += [*(node.get("prefixItems") or []), node.get("items", True)]
                if "object" in types:
                    found += list((node.get("properties") or {}).values())
                    extra = node.get("additionalProperties", True)
                    if extra is not False:
                        found.append(extra)
                    # Any key of an object with fields means its fields: what an `x-`
                    # extension holds is unknown, and a field that only an extension
                    # could have is a typo (unless the object holds nothing else).
                    patterns = node.get("patternProperties") or {}
                    found += [schema for pattern, schema in patterns.items()
                              if not _extension_pattern(pattern)]
                    if not found:
                        found += list(patterns.values())
            for schema in found:
                expanded = self.expand(schema)
                if expanded is _OPEN:
                    return _OPEN
                children.extend(expanded)
        if children:
            return children
        return _Refusal(depth, _refusal_reason(key, kinds, known))


def _extension_pattern(pattern: str) -> bool:
    return pattern in ("^x-", "^x-.*", "^x-.*$", "^x-.+$")


def _types(node: dict[str, Any]) -> set[str] | None:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return set(declared)
    if {"properties", "additionalProperties", "patternProperties",
            "unevaluatedProperties"} & node.keys():
        return {"object"}
    if {"items", "prefixItems"} & node.keys():
        return {"array"}
    if "const" in node or "enum" in node:
        values = [node["const"]] if "const" in node else list(node["enum"])
        return {_json_type(v) for v in values}
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "number"


def _refusal_reason(key: Any, kinds: set[str], known: set[str]) -> str:
    if isinstance(key, str) and "object" in kinds:
        close = _close_match(key, sorted(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"the descriptor schema has no field {key!r} here{hint}"
    shown = " or ".join(sorted("a list" if k == "array" else "an object" if k == "object"
                               else f"an {k}" if k[:1] in "aeiou" else f"a {k}"
                               for k in kinds)) or "a value"
    if key is ANY:
        return f"it is {shown}, which has no elements to iterate"
    if isinstance(key, int):
        return f"it is {shown}, not a list: index {key} never exists"
    if "array" in kinds:
        return f"it is a list: its elements are reached with [_] or an index, not {key!r}"
    return f"it is {shown}: it has no field {key!r}"


def _close_match(word: str, candidates: list[str], n: int = 1) -> list[str]:
    import difflib  # only when there is an error to explain

    return difflib.get_close_matches(word, candidates, n=n)


def _show(keys: Iterable[Any]) -> str:
    text = ""
    for key in keys:
        if isinstance(key, str):
            text += f".{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else \
                f"[{json.dumps(key)}]"
        elif isinstance(key, int):
            text += f"[{key}]"
        else:
            text += "[_]"
    return text


# ---------------------------------------------------------------------------
# Entry point


class PolicySource:
    """A non-test policy module as the catalog read it: its name as shown, its text."""

    __slots__ = ("name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text


def check_policies(
    modules: list[PolicySource],
    controls: Iterable[Control],
    parameters: dict[str, Location],
    schema_file: Path,
) -> None:
    """Raise FtcomplyError (exit 2) listing every static problem of the policies.

    `parameters` maps each declared parameter to where it is declared (its catalog.json).
    A catalog that passed is remembered in the cache (see the module docstring).
    """
    controls = tuple(controls)
    schema_text = schema_file.read_text(encoding="utf-8")
    key = _cache_key(modules, controls, parameters, schema_text)
    if key in _PASSED:
        return
    marker = _cache_marker(key)
    if marker is not None and marker.exists():
        _PASSED.add(key)
        return
    # The AST is millions of small objects, none of them cyclic garbage: the collector
    # would traverse them again and again (it made the check about 40% slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        errors = analyse(modules, controls, parameters, json.loads(schema_text))
    except FtcomplyError:
        raise
    except Exception as exc:  # a bug of the checker: refuse to load rather than skip it
        raise FtcomplyError(InputError(
            f"the static policy checks failed ({type(exc).__name__}: {exc}); this is a bug "
            "in ftcomply, please report it with the policies", Location("<policies>"))
        ) from exc
    finally:
        if collecting:
            gc.enable()
    if errors:
        raise FtcomplyError(*errors)
    _PASSED.add(key)
    if marker is not None:
        remember(marker)


_PASSED: set[str] = set()  # keys of catalogs that passed in this process


def parameter_locations(shown: str, text: str, names: Iterable[str]) -> dict[str, Location]:
    """Where each parameter is declared in a catalog.json (the line of its key)."""
    lines = text.splitlines()
    found: dict[str, Location] = {}
    for name in names:
        pattern = re.compile(r'^\s*' + re.escape(json.dumps(name)) + r'\s*:')
        line = next((n for n, text_line in enumerate(lines, 1) if pattern.match(text_line)),
                    None)
        found[name] = Location(shown, line or 1, 1 if line is None else
                               lines[line - 1].index('"') + 1)
    return found


def analyse(
    modules: list[PolicySource],
    controls: tuple[Control, ...],
    parameters: dict[str, Location],
    schema: dict[str, Any],
) -> list[InputError]:
    """Every static problem of the policies, sorted by file and line (no cache)."""
    parsed, asts = _parse(modules)
    analyzer = _Analyzer(parsed, asts)
    reads_by_package: dict[tuple[str, ...], set[tuple[str, Loc]]] = {}
    for package_name, package in analyzer.packages.items():
        reads: set[tuple[str, Loc]] = set()
        for name in package.rules:
            analyzer.frames.append(set())
            try:
                if name in package.functions:
                    arities = {_arity(rule) for _m, rule in package.rules[name]}
                    for arity in sorted(arities):
                        analyzer.rule_group(package_name, name, (frozenset({_ARG}),) * arity)
                else:
                    analyzer.rule_group(package_name, name, None)
            finally:
                reads |= analyzer.frames.pop()
        reads_by_package[package_name] = reads

    problems: dict[tuple[Loc, str], None] = {}

    def report(where: Loc, message: str) -> None:
        problems[(where, message)] = None

    for where, name in analyzer.forbidden.items():
        report(where, f"policy calls {name}, which {FORBIDDEN_BUILTINS[name]}: a verdict "
                      "must depend only on the policy input and the parameters")
    _check_paths(analyzer.paths, _SchemaWalk(schema), parameters, report)

    read_anywhere: set[str] = set()
    for control in controls:
        package_name = tuple(control.package.split("."))
        reads = reads_by_package.get(package_name, set())
        names = {name for name, _where in reads if name in parameters}
        read_anywhere |= names
        listed = set(control.parameters)
        module = next((m for m in modules if m.name == control.source), None)
        meta_line = _metadata_params_line(module.text if module else "")
        for name in sorted(names - listed):
            first = min(w for n, w in reads if n == name)
            report((control.source, meta_line, 1),
                   f"control {control.id} reads parameter {name!r} (at {_where(first)}) but "
                   "its METADATA params does not list it")
        for name in sorted(listed - names):
            if name in parameters:
                report((control.source, meta_line, 1),
                       f"control {control.id} lists parameter {name!r} in METADATA params but "
                       "never reads it")
    for name, location in parameters.items():
        if name not in read_anywhere:
            report((location.file, location.line or 1, location.column or 1),
                   f"parameter {name!r} is declared but no control reads it: a configured "
                   "value would change nothing")
    ordered = sorted(problems, key=lambda p: (p[0], p[1]))
    return [InputError(message, Location(*where)) for where, message in ordered]


def _where(loc: Loc) -> str:
    return f"{loc[0]}:{loc[1]}"


def _arity(rule: dict[str, Any]) -> int:
    kind, body = _kind(rule)
    if kind == "Default":
        return len(body.get("args") or ())
    return len(_kind(body["head"])[1].get("args") or ())


def _check_paths(paths: set[PathV], schema: _SchemaWalk, parameters: dict[str, Location],
                 report: Any) -> None:
    for value in paths:
        segs = value.segs
        if value.root == "params":
            if not segs:
                continue  # the whole object, passed on: its reads are seen where it is read
            key, where = segs[0]
            if key is ARG:
                continue
            if isinstance(key, str):
                if key not in parameters:
                    close = _close_match(key, sorted(parameters), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    report(where, f"policy reads parameter {key!r}, which no catalog.json "
                                  f"declares{hint}: it is undefined, so its rules never fire")
            else:
                report(where, "policy reads a parameter by a computed name: name it "
                              "(data.ftcomply.params.<name>) so that it can be checked")
            continue
        if not segs:
            continue
        key, where = segs[0]
        if not isinstance(key, str):
            continue
        if key not in ENVELOPE_KEYS:
            report(where, f"input.{key} is not part of the policy input (its members are "
                          f"{', '.join(ENVELOPE_KEYS)})")
            continue
        if key != "descriptor" or len(segs) < 2:
            continue
        keys = tuple(k for k, _w in segs[1:])
        if ARG in keys:
            keys = keys[:keys.index(ARG)]
        refusal = schema.walk(keys)
        if refusal is not None:
            where = segs[1 + refusal.depth][1]
            shown = "input.descriptor" + _show(keys[:refusal.depth + 1])
            report(where, f"{shown}: {refusal.reason}; the reference is always undefined, "
                          "so the rule reading it never fires")


def _metadata_params_line(text: str) -> int:
    """The line of `params:` in the METADATA block (else of `# METADATA`, else 1)."""
    start = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == "# METADATA":
            start = number
        elif start is not None and re.match(r"#\s+params\s*:", line):
            return number
        elif line.startswith("package"):
            break
    return start or 1


def _parse(modules: list[PolicySource]) -> tuple[list[_Module], list[dict[str, Any]]]:
    """The engine's AST of every module (one engine, one JSON document)."""
    os.environ.setdefault("RUST_LIB_BACKTRACE", "0")
    import regorus

    engine = regorus.Engine()
    for module in modules:
        try:
            engine.add_policy(module.name, module.text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a panic too
            raise FtcomplyError(_compile_error(module.name, exc)) from None
    documents = json.loads(engine.get_ast_as_json())
    by_name = {d["source"]["file"]: d["ast"] for d in documents}
    parsed: list[_Module] = []
    asts: list[dict[str, Any]] = []
    for module in modules:
        ast = by_name[module.name]
        raw = module.text.encode("utf-8")
        package = _ref_parts(ast["package"]["refr"]) or []
        imports: dict[str, dict[str, Any]] = {}
        for item in ast["imports"]:
            parts = _ref_parts(item["refr"]) or []
            if not parts or parts[0] not in ("data", "input"):
                continue  # rego.v1, future.keywords
            alias_span = item.get("as")
            alias = raw[alias_span["start"]:alias_span["end"]].decode() if alias_span \
                else parts[-1]
            imports[alias] = item["refr"]
        parsed.append(_Module(module.name, raw, tuple(package), imports))
        asts.append(ast)
    return parsed, asts


_ENGINE_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<column>\d+)")
_ENGINE_ERROR = re.compile(r"^error:\s*(.+)$", re.MULTILINE)


def _compile_error(name: str, exc: BaseException) -> InputError:
    text = str(exc).split("Stack backtrace:")[0].strip()
    found = _ENGINE_LOCATION.search(text)
    message = _ENGINE_ERROR.search(text)
    summary = " ".join((message.group(1) if message else text).split())
    location = Location(found["file"], int(found["line"]), int(found["column"])) if found \
        else Location(name)
    return InputError(f"policy does not compile: {summary}", location)


# ---------------------------------------------------------------------------
# The cache of catalogs that passed


def _cache_key(modules: list[PolicySource], controls: tuple[Control, ...],
               parameters: dict[str, Location], schema_text: str) -> str:
    engine = _engine_identity()
    digest = hashlib.sha256()
    digest.update(f"{CHECKER_VERSION}\0{engine}\0".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(schema_text.encode())
    for name in sorted(parameters):
        digest.update(f"param\0{name}\0".encode())
    for control in controls:
        digest.update(f"control\0{control.id}\0{control.package}\0{control.source}\0"
                      f"{','.join(control.parameters)}\0".encode())
    for module in modules:
        digest.update(f"module\0{module.name}\0".encode())
        digest.update(module.text.encode())
    return digest.hexdigest()


def _engine_identity() -> str:
    """The installed engine's files (name, size, mtime): its AST format is part of the key.
    (importlib.metadata would cost more than the whole cached check.)"""
    from importlib.util import find_spec

    spec = find_spec("regorus")
    if spec is None or not spec.origin:  # pragma: no cover - regorus is a dependency
        return "unknown"
    try:
        entries = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                         for entry in os.scandir(os.path.dirname(spec.origin))
                         if entry.is_file())
    except OSError:  # pragma: no cover
        return spec.origin
    return repr(entries)


def cache_dir() -> Path | None:
    """Where passing catalogs are remembered: $FTCOMPLY_CACHE_DIR (empty: no cache), else
    $XDG_CACHE_HOME/ftcomply, else ~/.cache/ftcomply."""
    configured = os.environ.get("FTCOMPLY_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if base.startswith("~"):
        return None
    return Path(base) / "ftcomply"


def _cache_marker(key: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / "policycheck" / f"{key}.ok"


def remember(marker: Path) -> None:
    """Record that a check passed (an empty marker file, written whole)."""
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        temporary = marker.with_name(f".{marker.name}.{os.getpid()}")
        temporary.write_bytes(b"")
        os.replace(temporary, marker)
    except OSError:  # a read-only home: the check runs again next time
        pass

