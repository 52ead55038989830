#!/usr/bin/python3
"""Runs the integration tests; writes "PASSED FAILED SKIPPED" to fd 3
for tests/run-tests.sh, everything else to stderr."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
with os.fdopen(3, "w") as counts:
    counts.write(f"{result.testsRun - bad - skipped} {bad} {skipped}\n")
