"""Loads the suite's fixtures from tests/fixtures, one module per noun.

The app keeps files in its instance folder (secret key, demo password): a scratch folder, set
before any fixture module imports the app."""

import os
import tempfile

os.environ["MEET_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="meet-test-instance-")

pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.forms",
    "tests.fixtures.people",
    "tests.fixtures.meets",
    "tests.fixtures.documents",
    "tests.fixtures.browser",
    "tests.fixtures.system",
]
