"""The park's monitoring dashboard and wall screen, data analysis, reports and the digital registers (7.1–7.3)."""
