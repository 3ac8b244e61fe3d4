"""The modules on the audit's hot path, compiled to C by mypyc where the machine can build them.

The package is pure Python and stays whole: each compiled module is its
``.py`` file built as an extension module beside it, which Python imports
in its place (the same code, run without the interpreter's dispatch).
Where a compiled module cannot be made, the wheel holds none of them and the
``.py`` files run as they are, a pure wheel for any Python 3: no mypy (a
package index without it: ``PINYIN_AUDIT_PURE_PYTHON=1`` builds without
asking for it, see tools/build_backend.py), no C compiler (a failing build is
reported and left out), or an editable install, whose sources are being
edited and must not be shadowed by compiled copies of an older state.  The
metadata is in pyproject.toml.
"""

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The judging path of every gloss (docs/speed.md, round 9), the context the rules read of it (round 11) and S103's
# judging of span edges and segmentation (round 12); each module must type-check, and keep no state a compiled class
# cannot hold (an instance dictionary) nor a function a test replaces by monkeypatching.
COMPILED = ["audit/align.py", "audit/context.py", "audit/gloss.py", "audit/pinyin.py", "audit/resolver.py",
            "audit/span_edges.py", "audit/verdicts.py", "audit/words.py"]
# The commands that build the package's code; the metadata commands (egg_info, dist_info) need no compiling.
_BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


class _OptionalBuildExt(build_ext):
    """Builds the compiled modules all or none: a module whose C part did not build would leave its shim
    importing nothing."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - a compiler missing or failing: the .py files run instead
            for extension in self.extensions:
                built = self.get_ext_fullpath(extension.name)
                if os.path.exists(built):
                    os.remove(built)
            self._make_wheel_pure()
            _say_pure_python(error)

    def _make_wheel_pure(self) -> None:
        """Tags the wheel py3-none-any, as one built without compiling: the wheel command chose its tag for
        extension modules before they were built, and installs the files where extension modules go."""
        self.distribution.ext_modules = []
        wheel = self.distribution.command_obj.get("bdist_wheel")
        if wheel is not None:
            wheel.root_is_pure = True


def _compiled_modules() -> list:
    if not _BUILDING.intersection(sys.argv[1:]) or os.environ.get("PINYIN_AUDIT_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify

        # Imports beyond these modules are read for their types, not checked: the rest of the package is not compiled.
        return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *COMPILED], opt_level="3",
                        group_name="pinyin_audit")
    except (Exception, SystemExit) as error:  # mypy missing, or the modules no longer type-check (mypyc exits)
        _say_pure_python(error)
        return []


def _say_pure_python(reason: BaseException) -> None:
    """The one line a build that falls back says, whichever step failed (pip shows it with ``-v``)."""
    print(f"pinyin-audit: the compiled modules could not be built ({reason!r}); installing pure Python",
          file=sys.stderr)


setup(ext_modules=_compiled_modules(), cmdclass={"build_ext": _OptionalBuildExt})
