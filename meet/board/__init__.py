"""The big-screen live board."""
