"""The meet's sports, one folder each: pure rules, desk side, referee pad and paper sheet. The list
of them is meet/sports/registry.py."""
