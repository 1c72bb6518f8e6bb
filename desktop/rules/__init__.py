"""Plain-Python rules of Decree No. 1037: no Qt, no database, nothing else of ours."""
