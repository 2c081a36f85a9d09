"""Plank (平板支撑): rules, desk side, referee pad and paper sheet."""
