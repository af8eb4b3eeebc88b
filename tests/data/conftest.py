"""Shared fixtures for the synthetic-data tests."""

from pathlib import Path

import pytest

from qikit.data import generate_collaborative

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


@pytest.fixture(scope="session")
def collaborative():
    """The default collaborative (seed 2016), generated once for the session."""
    return generate_collaborative()


@pytest.fixture(scope="session")
def datasets_dir():
    return DATASETS
