"""Public services: industry and government service platforms, party-building and group activities (6.6)."""
