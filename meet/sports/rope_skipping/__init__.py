"""Rope skipping (跳绳): rules, desk side, referee pad and paper sheet."""
