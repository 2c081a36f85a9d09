"""Tug-of-war (拔河): rules, desk side, referee pad and paper sheet."""
