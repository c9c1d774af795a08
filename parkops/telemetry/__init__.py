"""Devices, points and readings from meters and sensors over HTTP and MQTT; rollups, quarantine and alarms (7.1.2, 8)."""
