"""ParkOps: industrial park operations per the Shenzhen standard 《产业园区运营规范》."""

__version__ = "0.1.0"
