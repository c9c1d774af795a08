"""Enterprise services: demands, service catalogue and cases, policies and matching, ecosystem partners (6.4)."""
