"""A task module whose training tool is not installed (used by test_dispatch)."""

import a_training_package_that_is_not_installed  # noqa: F401
