"""The ``pinyin-audit`` command's entry point (``python -m audit`` and the installed script).

The command's modules are imported with the cycle collector paused: importing
them makes tens of thousands of objects and no garbage, so the collections
that would run meanwhile only cost the start-up time.  The command then
freezes what it loaded (``audit.tables.freeze_lasting_tables``).
"""

import gc
import sys


def main() -> int:
    gc.disable()
    try:
        from audit.cli import main as run_command
    finally:
        gc.enable()
    return run_command()


if __name__ == "__main__":
    sys.exit(main())
