"""The `ftcomply` console script and `python -m ftcomply`.

`--version` is answered before the command-line framework loads: CI steps call it
to log what ran, and start-up time is most of what it costs.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ftcomply import version_text

        sys.stdout.write(version_text())
        return
    from ftcomply.cli import main as run

    run()


if __name__ == "__main__":
    main()
