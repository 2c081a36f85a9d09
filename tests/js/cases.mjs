// Reads the known answers the Python tests share (tests/sports/cases/<sport>.json).
import { readFileSync } from "node:fs";

export function knownAnswers(sport) {
  const url = new URL(`../sports/cases/${sport}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf-8"));
}
