"""Energy metering, the meter tree, carbon accounting, green operation and the city platform upload (8, 6.3.4.4)."""
