"""Data classification and protection, masking, and the open data catalogue with its external clients (7.2.3, 7.2.4)."""
