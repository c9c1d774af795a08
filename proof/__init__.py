"""`make proof`: figures that show ParkOps keeps data safe, measured on a demo park."""
