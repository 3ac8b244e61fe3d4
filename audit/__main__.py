"""The ``pinyin-audit`` command's entry point (``python -m audit`` and the installed script).

The command's modules are imported with the cycle collector paused: importing
them makes tens of thousands of objects and no garbage, so collections
meanwhile would only cost start-up time.  What they made is then frozen
(``gc.freeze``), as the command freezes its tables later (see
``audit.tables.freeze_lasting_tables``): it lives as long as the process, and
otherwise the first collection after the pause would walk all of it.
"""

import gc
import sys


def main() -> int:
    try:
        gc.disable()
        try:
            from audit.cli import main as run_command
        finally:
            gc.freeze()
            gc.enable()
        return run_command()
    except KeyboardInterrupt:  # Ctrl-C before the command could catch it: while it loads, or parses options
        from audit.exits import interrupted

        return interrupted()


if __name__ == "__main__":
    sys.exit(main())
