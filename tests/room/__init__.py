"""Tests of the facilitator's room."""
