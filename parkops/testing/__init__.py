"""Shared test support: the named test world and the real-service requirements."""
