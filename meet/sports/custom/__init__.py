"""The organizer's own event (自定义项目): rules, desk side, referee pad and paper sheet."""
