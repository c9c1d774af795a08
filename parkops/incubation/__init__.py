"""Incubation: the centre's spaces and services, start-ups, mentors, funds and investments (6.5)."""
