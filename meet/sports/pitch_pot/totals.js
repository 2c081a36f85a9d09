// A pitch-pot total as meet/sports/pitch_pot/rules.py `value` computes it: the event's points for
// each regular arrow (shoot-off arrows never count), for the pad to show as arrows are thrown.

export function total(arrows, points) {
  return arrows.reduce((sum, arrow) => sum + points[arrow], 0);
}
