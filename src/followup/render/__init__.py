"""Renderers: pure functions from result objects to text."""
