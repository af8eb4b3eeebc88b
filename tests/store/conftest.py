"""The store tests' fixtures (one workspace per backend), shared by every store test module."""

from tests.store.test_backends import project, store, workspace  # noqa: F401
