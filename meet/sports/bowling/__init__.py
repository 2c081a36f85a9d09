"""Bowling (保龄球): rules, desk side, referee pad and paper sheet."""
