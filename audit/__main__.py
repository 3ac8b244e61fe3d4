"""The ``pinyin-audit`` command's entry point (``python -m audit`` and the installed script).

The command's modules are imported with the cycle collector paused: importing
them makes tens of thousands of objects and no garbage, so collections
meanwhile would only cost start-up time.  What they made is then frozen
(``gc.freeze``), as the command freezes its tables later (see
``audit.tables.freeze_lasting_tables``): it lives as long as the process, and
otherwise the first collection after the pause would walk all of it.

Once the command is done, what its functions remember (the tables, each
bucket read a dictionary, and the memos of readings and judgements) is left
to the operating system rather than freed an object at a time as the
interpreter ends (see ``_left_to_the_system``).
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
        status = run_command()
        _left_to_the_system()
        return status
    except KeyboardInterrupt:  # Ctrl-C before the command could catch it: while it loads, or parses options
        from audit.exits import interrupted

        return interrupted()


def _left_to_the_system() -> None:
    """Keep the package's function caches (``functools.lru_cache``) alive past the interpreter's end.

    They hold every table bucket the run read and the memos built on them:
    freeing those one by one as the modules are cleared took about 0.15 s of
    a check of 0.5 MB with every word glossed, 5 % of its CPU time
    (docs/speed.md, round 20).  A list that holds itself and them, frozen, is never collected, so
    nothing it reaches is freed; the rest of the interpreter's clean-up (exit
    handlers, the standard streams flushed, threads joined) runs as before.
    Nothing the caches hold needs its finalizer before the process ends: the
    table files they map are unmapped by the system, as the memory is freed.
    """
    # ``callable`` first: a module among the values is never asked for an attribute it may make on demand.
    caches: list = [value for name, module in list(sys.modules.items()) if name.partition(".")[0] == "audit"
                    for value in vars(module).values() if callable(value) and hasattr(value, "cache_clear")]
    caches.append(caches)
    gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
