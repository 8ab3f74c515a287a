"""Fixtures for the end-to-end tests of the volunteers' side."""

from tests.e2e.handoff_support import volunteer_group  # noqa: F401 - a fixture
