"""Frisbee football (飞盘足球): rules, desk side, referee pad and paper sheet."""
