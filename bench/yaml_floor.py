"""The floor: only parse the same files with PyYAML's C loader, nothing else.

    python bench/yaml_floor.py FILE_LIST [--jobs N]

FILE_LIST holds one descriptor path per line. Every file is read and parsed with
`yaml.load_all(text, Loader=yaml.CSafeLoader)` (every document, as ftcomply reads
multi-document files), on one core, or with `--jobs N` in a pool of N worker
processes (forked, chunks of files, results reduced to counts), started inside the
timed span as ftcomply starts its pool. Prints JSON: the parse span in seconds and the
number of files and documents. The caller times the whole process too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from multiprocessing import get_context

import yaml


def parse_files(paths: list[str]) -> int:
    """Parse every document of every file; returns the number of documents."""
    documents = 0
    for path in paths:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
        documents += sum(1 for _ in yaml.load_all(text, Loader=yaml.CSafeLoader))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file_list", help="a file with one descriptor path per line")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    with open(args.file_list, encoding="utf-8") as handle:
        paths = [line for line in handle.read().splitlines() if line]
    start = time.perf_counter()
    if args.jobs == 1:
        documents = parse_files(paths)
    else:
        size = max(1, min(64, len(paths) // (args.jobs * 8)))  # ftcomply's chunk size
        chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
        with get_context("fork").Pool(args.jobs) as pool:
            documents = sum(pool.imap_unordered(parse_files, chunks))
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "files": len(paths), "documents": documents}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
