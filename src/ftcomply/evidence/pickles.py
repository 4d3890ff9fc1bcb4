"""What a pickle would import, judged by an allowlist, and pickles hidden in other formats.

A denylist of dangerous imports (picklescan's) misses whatever nobody listed:
`_posixsubprocess.fork_exec`, `importlib.import_module`, `marshal.loads`, … So a
pickle may import only what `torch.load(weights_only=True)` accepts by default
(docs/evidence.md lists it); any other global counts as executing code.

Pickle readers start at offset 0 whatever the file claims to be: a valid safetensors
or GGUF file can also be a pickle that runs code under `torch.load(weights_only=False)`.
Every model file is therefore also walked as a pickle from offset 0, opcode by opcode,
ignoring whether the stack would be valid: a walk that reaches STOP through an
opcode that imports or calls (GLOBAL, STACK_GLOBAL, REDUCE, INST, OBJ, NEWOBJ) makes
the file a polyglot that executes code. Nothing is ever unpickled.
"""

from __future__ import annotations

import pickletools
import re

# What torch.load(weights_only=True) accepts by default (torch/_weights_only_unpickler.py,
# `_get_allowed_globals`): containers, torch's types, dtypes, storages and tensor
# classes, quantization schemes, and the tensor rebuild functions.
ALLOWED_GLOBALS = frozenset({
    "collections.OrderedDict",
    "collections.Counter",
    "torch.nn.parameter.Parameter",
    "torch.serialization._get_layout",
    "torch.Size",
    "torch.Tensor",
    "torch.device",
    "torch._tensor._rebuild_from_type_v2",
    "_codecs.encode",
    "builtins.set",
    "builtins.bytearray",
    "builtins.complex",
    "torch.per_tensor_affine",
    "torch.per_tensor_symmetric",
    "torch.per_channel_affine",
    "torch.per_channel_symmetric",
    "torch.per_channel_affine_float_qparams",
})
ALLOWED_PATTERNS = (
    re.compile(r"^torch\._utils\._rebuild_[a-z0-9_]+$"),  # _rebuild_tensor_v2, _rebuild_parameter…
    re.compile(r"^torch\.(cuda\.)?[A-Za-z0-9]*Storage$"),  # FloatStorage, UntypedStorage…
    re.compile(r"^torch\.(cuda\.)?[A-Z][A-Za-z0-9]*Tensor$"),  # FloatTensor, cuda.HalfTensor…
    re.compile(r"^torch\.(u?int[0-9]+|float[0-9]+(_[a-z0-9]+)?|bfloat16|half|float|double|"
               r"complex[0-9]+|cfloat|cdouble|bool|quint[0-9x]+|qint[0-9]+|long|int|short)$"),
)

# Opcodes that import a global or call one: with them, unpickling runs code.
_IMPORTS = frozenset({"GLOBAL", "STACK_GLOBAL", "INST"})
_CALLS = frozenset({"REDUCE", "OBJ", "NEWOBJ", "NEWOBJ_EX", "INST"})
_STRINGS = frozenset({"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE",
                      "STRING", "BINSTRING", "SHORT_BINSTRING"})


def is_allowed(name: str) -> bool:
    """Whether `module.name` is a global torch's weights-only unpickler accepts."""
    return name in ALLOWED_GLOBALS or any(p.match(name) for p in ALLOWED_PATTERNS)


def walk(data: bytes) -> tuple[set[str], bool]:
    """The globals a pickle starting at offset 0 of `data` imports (`?` for one whose name
    the walk cannot tell), and whether the walk reached STOP after importing or calling.

    Stack validity is ignored on purpose: a polyglot is built so that its first bytes
    are also opcodes. A byte that is no opcode, or a truncated argument, ends the walk:
    the unpickler would fail there too.
    """
    imported: set[str] = set()
    strings: list[str] = []
    memo: dict[object, str] = {}
    runs_code = False
    try:
        for opcode, argument, _ in pickletools.genops(data):
            name = opcode.name
            if name in _STRINGS and isinstance(argument, str | bytes):
                text = argument if isinstance(argument, str) else argument.decode("latin-1")
                strings.append(text)
            elif name in {"BINPUT", "LONG_BINPUT", "PUT"} and strings:
                memo[argument] = strings[-1]
            elif name == "MEMOIZE" and strings:
                memo[len(memo)] = strings[-1]
            elif name in {"BINGET", "LONG_BINGET", "GET"} and argument in memo:
                strings.append(memo[argument])
            if name in {"GLOBAL", "INST"} and isinstance(argument, str):
                imported.add(argument.replace(" ", ".", 1))
            elif name == "STACK_GLOBAL":
                imported.add(".".join(strings[-2:]) if len(strings) >= 2 else "?")
            if name in _IMPORTS or name in _CALLS:
                runs_code = True
            if name == "STOP":
                return imported, runs_code
    except Exception:  # genops raises ValueError and friends where the stream stops parsing
        pass
    return imported, False


def disallowed(imported: set[str]) -> set[str]:
    """The imported globals outside the allowlist: each one counts as executing code."""
    return {name for name in imported if not is_allowed(name)}
