"""Pitch-pot (投壶): rules, desk side, referee pad and paper sheet."""
