"""The package's build backend: setuptools', which asks for mypy only when a wheel is to be compiled.

pip installs every build requirement into an environment of the build's own and stops where one cannot be
found: a requirement cannot be optional.  So mypy, which compiles the judging modules (see setup.py), is not
in pyproject.toml's list but asked for here, unless ``PINYIN_AUDIT_PURE_PYTHON=1`` says to build pure Python,
which needs no mypy (for a package index without it).  An editable install is never compiled, so it never
asks for mypy.
"""

import os

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 - every other hook is setuptools' own

MYPY = "mypy>=2.4,<2.5"  # the versions the judging modules type-check with
PURE_PYTHON = "PINYIN_AUDIT_PURE_PYTHON"  # setup.py reads the same variable


def get_requires_for_build_wheel(config_settings=None):
    compiling = os.environ.get(PURE_PYTHON) != "1"
    return build_meta.get_requires_for_build_wheel(config_settings) + ([MYPY] if compiling else [])
